// The first click on a dropdown opens it, even while the page is still settling.
//
// Streamlit closes an open dropdown on any scroll of the page. A click that lands while the page
// moves by itself (a rerun redrawing the page after a text box loses focus, the browser bringing
// the box into view, a scroll that has not quite ended) opened the menu and closed it at once:
// the guider had to click twice. For a moment after a dropdown is pressed, scrolls that no wheel,
// finger or key made are kept from the page's listeners; a real scroll still closes the menu.
const DROPDOWN = '[data-testid="stSelectbox"], [data-testid="stMultiSelect"]';
const INSIDE_MENU = '[role="listbox"], [data-baseweb="popover"]';
const SETTLING_MS = 2000;

export default function () {
  if (window.__vigFirstClick) return;  // one listener per page, however often the app reruns
  window.__vigFirstClick = true;
  let pressed = -Infinity;
  const onDropdown = (event) => event.composedPath().some((n) => n instanceof Element && n.matches(DROPDOWN));
  window.addEventListener('pointerdown', (event) => { pressed = onDropdown(event) ? performance.now() : -Infinity; },
                          true);
  const userScrolls = () => { pressed = -Infinity; };
  for (const type of ['wheel', 'touchmove']) window.addEventListener(type, userScrolls, { capture: true, passive: true });
  window.addEventListener('keydown', (event) => {
    if (['PageUp', 'PageDown', 'Home', 'End', ' ', 'Escape', 'Tab'].includes(event.key)) userScrolls();
  }, true);
  window.addEventListener('scroll', (event) => {
    const target = event.target;
    if (target instanceof Element && target.closest(INSIDE_MENU)) return;  // the menu's own list scrolls freely
    if (performance.now() - pressed < SETTLING_MS) event.stopImmediatePropagation();
  }, true);
}
