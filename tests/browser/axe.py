"""axe-core on a settled page: WCAG 2.1 A and AA and axe's best practices, every violation, one line per node."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
           "resultTypes": ["violations"]}

# Colours are only the page's own once the app has finished any run (a run fades its elements while stale)
# and no fade or slide is half way: axe reads the computed colour of the moment it looks.
SETTLED = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute('data-test-script-state');
  const moving = (doc) => doc.getAnimations().some(a => a.playState === 'running'
      && a.effect && a.effect.getTiming().iterations !== Infinity);
  const frames = [...document.querySelectorAll('iframe')].map(f => { try { return f.contentDocument; }
                                                                      catch (e) { return null; } }).filter(Boolean);
  return !['running', 'rerunRequested', 'stopRequested'].includes(state)
         && !document.querySelector('[data-stale="true"]') && ![document, ...frames].some(moving);
}"""

_AXE = Axe()


def violations(page) -> list[str]:
    """Every violation on ``page`` once it has settled, from critical to minor (a heading that skips a level, a
    toast with no name); for contrast, the colours found."""
    page.wait_for_function(SETTLED)
    results = _AXE.run(page, options=RULES)
    return [f"{v['id']} ({v['impact']}): {n['target']} {n['any'][0].get('data') if n['any'] else ''}"
            for v in results.response["violations"] for n in v["nodes"]]
