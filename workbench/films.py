"""A cycle's film as the pages ask for it: the service between them and the media engine."""

from __future__ import annotations

from .media.library import ReadyFilm
from .media.library import ready_film as _ready_film
from .model import Family
from .store import FamilyStore


def ready_film(store: FamilyStore, family: Family, cycle_number: int) -> ReadyFilm:
    """The cycle's prepared film (its files and review-copy facts); InvalidInput while it is not ready."""
    return _ready_film(store, family, cycle_number)
