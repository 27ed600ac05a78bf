// No player on any page offers the film itself: no Download in the player's own menu, no "Save video as" on
// a right-click, no picture-in-picture window, in the page, in the app's components and in players' frames
// alike. Copies leave only through the app's audited downloads.
const QUIET = 'nodownload noremoteplayback';
const isMedia = (node) => node && (node.tagName === 'VIDEO' || node.tagName === 'AUDIO');  // a frame's own Element

function places() {
  const docs = [document];
  for (const frame of document.querySelectorAll('iframe')) {
    try { if (frame.contentDocument) docs.push(frame.contentDocument); } catch (e) { /* another origin's */ }
  }
  return docs;
}

function sweep() {
  for (const doc of places()) {
    if (!doc.__vigNoMenu) {  // a right-click on a player, even inside a component's shadow root, opens nothing
      doc.__vigNoMenu = true;
      doc.addEventListener('contextmenu', (event) => {
        if (event.composedPath().some(isMedia)) event.preventDefault();
      }, true);
    }
    const roots = [doc, ...[...doc.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
    for (const root of roots) {
      for (const video of root.querySelectorAll('video')) {
        if (video.dataset.vigQuiet) continue;
        video.dataset.vigQuiet = '1';
        video.setAttribute('controlslist', `${video.getAttribute('controlslist') || ''} ${QUIET}`.trim());
        video.disablePictureInPicture = true;
        video.disableRemotePlayback = true;
      }
    }
  }
}

export default function () {
  if (window.__vigPlayers) return;  // one watcher per page, however often the app reruns
  window.__vigPlayers = true;
  let due = null;
  const soon = () => { if (!due) due = setTimeout(() => { due = null; sweep(); }, 150); };
  sweep();
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  setInterval(sweep, 1000);  // a player's own frame fills in after the frame is added
}
