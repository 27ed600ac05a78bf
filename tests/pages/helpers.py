"""Driving the app with Streamlit's AppTest: find widgets by label, submit forms."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ..conftest import ROOT


def app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def widget(at: AppTest, kind: str, label: str, nth: int = 0):
    found = [w for w in at.get(kind) if getattr(w, "label", None) == label]
    assert len(found) > nth, f"no {kind} labelled {label!r}; have {[getattr(w, 'label', None) for w in at.get(kind)]}"
    return found[nth]


def submit(at: AppTest, label: str, nth: int = 0) -> AppTest:
    widget(at, "form_submit_button", label, nth).click()
    return at.run()


def no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
