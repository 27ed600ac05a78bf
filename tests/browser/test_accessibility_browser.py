"""Every page walked in Chromium, the shared screen included: no critical or serious axe-core violation (WCAG 2
A and AA), no request that leaves the app's own loopback address, and typed HTML shown as text, never run."""

import re
import shutil

import pytest

from workbench import FamilyStore
from workbench.core.config import DATA_ROOT_ENV
from workbench.cycle import review
from workbench.cycle.shared_screen import leave, set_pin

from ..pages.helpers import account
from .axe import violations
from .conftest import AppServer, elsewhere, loaded, visit
from .reruns import app_rerun

pytestmark = pytest.mark.browser

FAMILY_PAGES = ["", "goals", "film", "analysis", "review", "summary", "supervision", "review_film", "training"]
ADMIN_PAGES = ["accounts", "retention", "audit_log", "settings", "my_account"]
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold?</b>'


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, demo_made):
    """One demo family (a copy of the run's) and one server for this module's tests."""
    made, code, _ = demo_made
    root = tmp_path_factory.mktemp("axe") / "data"
    shutil.copytree(made, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATA_ROOT_ENV, str(root))
        account("max")

        def hostile(f):  # the carer's words on the first clip of the review, typed as HTML
            cycle = f.cycles[-1]
            clip = next(c for c in cycle.clips if c.chosen)
            review.reflect(f, cycle.number, clip.id, "What do you notice?", HOSTILE)

        FamilyStore(root).update(code, hostile)
        set_pin("ada", "246813", root)
        server = AppServer(root, proxied=True)  # every page through Caddy, over HTTPS, as a team serves it
        yield server, code
        server.stop()


@pytest.fixture
def demo(demo_server):
    """The shared server, with no shared screen left open by an earlier test."""
    server, code = demo_server
    leave("ada", "246813", root=server.data_root)
    return server, code


# Every player in the page, its frames and its components' shadow roots.
EVERY_VIDEO = """(() => {
  const docs = [document, ...[...document.querySelectorAll('iframe')].map(f => {
    try { return f.contentDocument; } catch (e) { return null; } }).filter(Boolean)];
  const roots = docs.flatMap(d => [d, ...[...d.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)]);
  return roots.flatMap(r => [...r.querySelectorAll('video')]);
})()"""
PLAYERS_SEEN: list[dict] = []  # every player the walk met, so the check is known to have looked at some
# Whether each player would hand over its film: Download in its menu, Save video as, a floating window.
PLAYERS = f"""() => {EVERY_VIDEO}.map(v => {{
    const menu = new MouseEvent('contextmenu', {{bubbles: true, cancelable: true, composed: true}});
    v.dispatchEvent(menu);
    return {{src: (v.currentSrc || v.src || '').slice(0, 60),
             offers: !(v.controlsList && v.controlsList.contains('nodownload')) || !menu.defaultPrevented
                     || !v.disablePictureInPicture}};
}})"""


def offered_films(page) -> list[dict]:
    """The players on the page that would hand over their film (Download, Save video as, a floating window),
    once the app's watcher has swept every player it drew (a player's frame fills in a moment after it)."""
    page.wait_for_function(f"() => window.__vigPlayers === true && {EVERY_VIDEO}.every(v => v.dataset.vigQuiet)")
    players = page.evaluate(PLAYERS)
    PLAYERS_SEEN.extend(players)
    return [p for p in players if p["offers"]]


def test_every_page_passes_axe(demo, page, artifacts):
    server, code = demo
    found = {}
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    refused: list[str] = []  # what the Content-Security-Policy stopped: nothing of the app's own may be
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    page.goto(server.url)
    page.get_by_role("textbox", name="User name").wait_for()
    found["sign-in"] = violations(page)
    for name in FAMILY_PAGES:
        visit(page, f"{server.url}/{name}?family={code}")
        loaded(page)
        found[name or "caseload"] = violations(page)
        if name == "review":  # the side-by-side pair: each player fills its own frame a moment after the page
            page.wait_for_function(f"() => {EVERY_VIDEO}.length >= 2")
        found[(name or "caseload") + ": a player offering its film"] = offered_films(page)
        if name == "":  # the new family dialog, open over the caseload
            with app_rerun(page):
                page.get_by_role("button", name="New family").click()
            page.get_by_role("dialog").wait_for()
            found["new family dialog"] = violations(page)
            page.keyboard.press("Escape")
        if name == "analysis":  # a clip chosen on the filmstrip: its editor, and the grips on its edges
            with app_rerun(page):
                page.locator(".vig-player .reel .band").first.click()
            page.locator(".vig-player .grip.start").wait_for()
            loaded(page)
            found["analysis, a clip chosen"] = violations(page)
        if name == "review":  # the carer's words, as typed
            assert "<b>bold?</b>" in page.inner_text("[data-testid='stMain']")
            assert page.evaluate("() => window.__pwned") is None  # no typed script or handler ran
        if name == "goals":  # the family's sessions, open over the page
            page.get_by_role("button", name=re.compile(r"^(Book a session|Next session)")).click()
            page.locator("[data-testid='stPopoverBody']").get_by_text("Book the next session").wait_for()
            found["sessions"] = violations(page)
    visit(page, f"{server.url}/review?family={code}")
    with app_rerun(page):
        page.get_by_role("button", name="Open the shared screen").click()
    page.get_by_text("clip 1 of 3").wait_for()
    loaded(page)
    found["shared screen"] = violations(page)  # colour contrast (AA) included
    assert page.evaluate("() => window.__pwned") is None  # nor on the shared screen, where it is shown large
    for name in ADMIN_PAGES:
        visit(page, f"{server.url}/{name}", as_user="max")
        loaded(page)
        found[name] = violations(page)
    assert len(PLAYERS_SEEN) >= 3, PLAYERS_SEEN
    assert not refused, refused  # the film, the micro-analysis player, the review's pair at least
    import json
    (artifacts / "axe.json").write_text(json.dumps(found, indent=1))
    assert not any(found.values()), {page: issues for page, issues in found.items() if issues}
    # blob: URLs of the app's own origin are objects inside the browser (charts, downloads), not the network.
    outside = elsewhere(requested, server.url)
    assert requested and not outside, outside


# Every visible, enabled control, numbered. A radio group counts once: Tab reaches it, the arrow keys move
# within it (the WAI-ARIA pattern). Controls inside a closed expander count once it is opened, not before.
MARK_CONTROLS = """() => {
  const controls = [...document.querySelectorAll(
      'button, a[href], input, textarea, select, [role="button"], [role="tab"], [role="switch"], [role="checkbox"]')]
    .filter(el => !el.disabled && el.getAttribute('aria-hidden') !== 'true' && el.tabIndex >= 0
                  && el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]')
                  && !(el.closest('details:not([open])') && !el.closest('summary')));
  const names = [];
  const groups = new Map();
  for (const el of controls) {
    const group = el.closest('[role="radiogroup"]');
    if (group && groups.has(group)) { el.setAttribute('data-kb', groups.get(group)); continue; }
    const n = String(names.length);
    if (group) groups.set(group, n);
    el.setAttribute('data-kb', n);
    names.push((el.getAttribute('aria-label') || el.innerText || el.name || el.tagName).trim().slice(0, 40));
  }
  return names;
}"""


def unreachable_by_tab(page, presses: int = 250) -> list[str]:
    """Controls on the page that Tab never reaches, walking from the top."""
    names = page.evaluate(MARK_CONTROLS)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.mouse.click(5, 5)
    reached = set()
    for _ in range(presses):
        page.keyboard.press("Tab")
        mark = page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kb')")
        if mark is not None:
            reached.add(int(mark))
        if len(reached) == len(names):
            break
    return [name for n, name in enumerate(names) if n not in reached]


def test_every_control_is_reachable_by_keyboard(demo, page):
    server, code = demo
    for name in ("", "goals", "review", "summary"):
        visit(page, f"{server.url}/{name}?family={code}")
        loaded(page)
        missing = unreachable_by_tab(page)
        assert missing == [], (name, missing)
    visit(page, f"{server.url}/review?family={code}")
    with app_rerun(page):
        page.get_by_role("button", name="Open the shared screen").click()
    page.get_by_text("clip 1 of 3").wait_for()
    loaded(page)
    assert unreachable_by_tab(page) == [], "shared screen"
