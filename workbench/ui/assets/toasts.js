// Streamlit's toast is an alert dialog with no name (axe: aria-dialog-name): each is named by its own words, so a
// screen reader says what was saved, not only "alert dialog".
function name() {
  for (const toast of document.querySelectorAll('.stToast:not([aria-label])')) {
    const words = toast.querySelector('[data-testid="stToastText"]');
    toast.setAttribute('aria-label', (words && words.innerText.trim()) || 'Notice');
  }
}

export default function () {
  if (window.__vigToasts) return;  // one watcher per page, however often the app reruns
  window.__vigToasts = true;
  name();
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
}
