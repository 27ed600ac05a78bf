"""Server-side set-up for ``serve.py``: the media route, and routing every page through ``app.py``.

Streamlit treats a ``pages/`` folder beside the main script as old-style
multipage navigation until some session has run ``st.navigation``; until then a
deep link (a bookmarked ``/goals?family=VIG-0001`` after a restart) runs the
page file directly, bypassing the router. Our pages live in ``pages/`` by
design, so the server declares up front that ``app.py`` is the router. This
touches Streamlit internals, so it lives only here, with a browser test.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import Route

from workbench.care import calendars
from workbench.care.retention import tidy_data_root
from workbench.core.config import private_files
from workbench.core.store import FamilyStore
from workbench.supervision import portfolio

from .media import media_routes
from .policy import SecurityHeaders
from .remote import remote_routes
from .uploads import upload_routes

MAKERS = (calendars, portfolio)  # the features whose downloads are made when fetched register on import


def routes() -> list[Route]:
    """Called once as the server starts: private files, a tidy data root, the router pinned, the media route."""
    from streamlit.runtime.pages_manager import PagesManager

    private_files()
    tidy_data_root(FamilyStore())
    PagesManager.uses_pages_directory = False
    return media_routes() + upload_routes() + remote_routes()


def middleware() -> list[Middleware]:
    """Pass to ``st.App(middleware=...)``: what wraps every answer the server gives."""
    return [Middleware(SecurityHeaders)]
