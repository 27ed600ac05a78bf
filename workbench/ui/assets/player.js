const RATES = [0.25, 0.5, 1, 1.5, 2];

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.vig-player');
  const video = root.querySelector('video');
  const state = root.__vig || (root.__vig = { marks: { in: null, out: null }, marksVersion: null, seekNonce: null });
  const fps = data.fps;
  const frameOf = (seconds) => Math.floor(seconds * fps + 1e-6);
  const pad = (n, w) => String(n).padStart(w, '0');
  const clock = (ms) =>
    `${pad(Math.floor(ms / 60000), 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(Math.round(ms) % 1000, 3)}`;

  if (video.dataset.src !== data.src) {
    video.src = data.src;
    video.dataset.src = data.src;
  }
  // The player owns its marks while the guider works (Python's copy can lag a key press behind);
  // Python replaces them only when it says so, by a new version (after a clip is saved).
  if (data.marks.version !== state.marksVersion) {
    state.marksVersion = data.marks.version;
    state.marks = { in: data.marks.in, out: data.marks.out };
  }

  const q = (selector) => root.querySelector(selector);
  const strip = q('.strip');
  const durationMs = data.duration_ms;

  function render() {
    const ms = video.currentTime * 1000;
    q('.time').textContent = clock(ms);
    q('.frame').textContent = `frame ${frameOf(video.currentTime)}`;
    q('.rate').textContent = `${video.playbackRate}×`;
    q('[data-action="toggle"]').textContent = video.paused ? 'Play' : 'Pause';
    const m = state.marks;
    q('.marks').textContent = `in ${m.in == null ? '—' : clock(m.in)} · out ${m.out == null ? '—' : clock(m.out)}`;
    const head = strip.querySelector('.head');
    if (head) head.style.left = `${Math.min(100, (ms / durationMs) * 100)}%`;
    const pending = strip.querySelector('.pending');
    if (pending) {
      const start = m.in, end = m.out == null ? ms : m.out;
      pending.style.display = start == null || end <= start ? 'none' : 'block';
      if (start != null) {
        pending.style.left = `${(start / durationMs) * 100}%`;
        pending.style.width = `${(Math.max(0, end - start) / durationMs) * 100}%`;
      }
    }
  }

  // The filmstrip: thumbnails from ingest, clip bands over them, the playhead.
  const stripKey = JSON.stringify([data.thumbs.length, data.clips]);
  if (strip.dataset.key !== stripKey) {
    strip.dataset.key = stripKey;
    strip.replaceChildren();
    for (const thumb of data.thumbs) {
      const img = document.createElement('img');
      img.src = thumb.url;
      img.alt = `Go to ${clock(thumb.ms)}`;
      img.dataset.ms = thumb.ms;
      img.onclick = () => seekMs(thumb.ms);
      strip.appendChild(img);
    }
    for (const clip of data.clips) {
      // The lead-in the shared review plays first: fainter, so the band's edge is where the moment begins.
      const leadStart = Math.max(0, clip.start - clip.lead);
      if (clip.start > leadStart) {
        const lead = document.createElement('div');
        lead.className = 'leadin';
        lead.style.left = `${(leadStart / durationMs) * 100}%`;
        lead.style.width = `${((clip.start - leadStart) / durationMs) * 100}%`;
        strip.appendChild(lead);
      }
      const band = document.createElement('div');
      band.className = 'band' + (clip.chosen ? ' chosen' : '');
      band.style.left = `${(clip.start / durationMs) * 100}%`;
      band.style.width = `${((clip.end - clip.start) / durationMs) * 100}%`;
      band.title = clip.label;
      strip.appendChild(band);
    }
    const pending = document.createElement('div');
    pending.className = 'pending';
    strip.appendChild(pending);
    const head = document.createElement('div');
    head.className = 'head';
    strip.appendChild(head);
  }

  function seekMs(ms) {
    const frame = frameOf(ms / 1000);
    video.currentTime = Math.min((frame + 0.5) / fps, Math.max(0, video.duration - 0.5 / fps) || 0);
  }
  function stepFrames(n) {
    video.pause();
    seekMs(((frameOf(video.currentTime) + n) * 1000) / fps);
  }
  function setRate(step) {
    const i = RATES.indexOf(video.playbackRate);
    const next = RATES[Math.min(RATES.length - 1, Math.max(0, (i < 0 ? 2 : i) + step))];
    video.playbackRate = next;
    if (step > 0 && video.paused) video.play();
    render();
  }
  const nowMs = () => Math.round(video.currentTime * 1000);
  const actions = {
    toggle: () => (video.paused ? video.play() : video.pause()),
    pause: () => video.pause(),
    frameBack: () => stepFrames(-1),
    frameForward: () => stepFrames(1),
    back1s: () => { video.currentTime = Math.max(0, video.currentTime - 1); },
    forward1s: () => { video.currentTime = Math.min(video.duration || 0, video.currentTime + 1); },
    slower: () => setRate(-1),
    faster: () => setRate(1),
    markIn: () => { state.marks.in = nowMs(); setTriggerValue('mark_in', state.marks.in); },
    markOut: () => { state.marks.out = nowMs(); setTriggerValue('mark_out', state.marks.out); },
    save: () => setTriggerValue('save', { start_ms: state.marks.in, end_ms: state.marks.out }),
  };
  root.querySelectorAll('[data-action]').forEach((button) => {
    button.onclick = () => { actions[button.dataset.action](); render(); };
  });

  const KEYS = { ' ': 'toggle', ',': 'frameBack', '.': 'frameForward', ArrowLeft: 'back1s', ArrowRight: 'forward1s',
                 j: 'slower', k: 'pause', l: 'faster', i: 'markIn', o: 'markOut', Enter: 'save' };
  function onKey(event) {
    const target = event.composedPath()[0];
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Enter' && target && target.tagName === 'BUTTON') return;  // a focused button's own Enter
    const action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    actions[action]();
    render();
  }
  // This function runs again on every rerun, but its cleanup only on unmount: one stable listener per
  // player (adding the same function twice is a no-op) always calls the latest handler.
  state.onKey = onKey;
  state.listener = state.listener || ((event) => state.onKey(event));
  document.addEventListener('keydown', state.listener, true);

  let frameRequest = null;
  const tick = () => { render(); frameRequest = video.paused ? null : requestAnimationFrame(tick); };
  video.onplay = () => { if (!frameRequest) frameRequest = requestAnimationFrame(tick); render(); };
  video.onpause = video.onseeked = video.onratechange = video.onloadedmetadata = render;

  if (data.seek && data.seek.nonce !== state.seekNonce) {
    state.seekNonce = data.seek.nonce;
    const go = () => seekMs(data.seek.ms);
    if (video.readyState >= 1) go(); else video.addEventListener('loadedmetadata', go, { once: true });
  }
  render();

  return () => {
    document.removeEventListener('keydown', state.listener, true);
    if (frameRequest) cancelAnimationFrame(frameRequest);
  };
}
