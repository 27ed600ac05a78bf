const RATES = [0.25, 0.5, 1, 1.5, 2];
const ZOOMS_S = [2, 4, 10, 20, 60];  // seconds of film per filmstrip picture
const THUMB_H = 58;  // px, as in player.css
const MIN_CLIP_MS = 500;  // as workbench.analysis: a dragged edge stops short of it, Python has the last word

export default function player(component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.vig-player');
  const video = root.querySelector('video');
  const state = root.__vig || (root.__vig = { marks: { in: null, out: null }, marksVersion: null, seekNonce: null,
                                              zoom: null, drag: null, follow: true, ourScroll: null,
                                              pending: null, focusEdge: null });
  const fps = data.fps;
  const durationMs = Math.max(1, data.duration_ms);
  const frameOf = (seconds) => Math.floor(seconds * fps + 1e-6);
  const onFrame = (ms) => Math.max(0, Math.min(durationMs, Math.round((frameOf(ms / 1000) + 0.5) * 1000 / fps)));
  const pad = (n, w) => String(n).padStart(w, '0');
  const clock = (ms) =>
    `${pad(Math.floor(ms / 60000), 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(Math.round(ms) % 1000, 3)}`;
  const short = (ms) => `${Math.floor(ms / 60000)}:${pad(Math.floor(ms / 1000) % 60, 2)}`;
  const q = (selector) => root.querySelector(selector);

  if (video.dataset.src !== data.src) {
    // The review copy replacing the first look: carry on from the same moment, playing or paused as it was.
    const at = video.dataset.src ? video.currentTime : 0;
    const playing = video.dataset.src && !video.paused;
    video.src = data.src;
    video.dataset.src = data.src;
    if (at > 0 || playing) {
      video.addEventListener('loadedmetadata', () => {
        video.currentTime = at;
        if (playing) video.play().catch(() => {});
      }, { once: true });
    }
  }
  state.trigger = setTriggerValue;
  if (!state.onPause) {
    // Paused anywhere, the player settles on the middle of its frame: the picture then is the one a mark keeps.
    state.onPause = () => { if (!video.seeking && !video.ended) seekMs(Math.round(video.currentTime * 1000)); };
    video.addEventListener('pause', state.onPause);
  }
  if (!state.onError) {
    // The first look is removed the moment the review copy is ready: ask the page for the new address at once.
    state.onError = () => { if (video.error) state.trigger('gone', Date.now()); };
    video.addEventListener('error', state.onError);
  }
  // The player owns its marks while the guider works (Python's copy can lag a key press behind);
  // Python replaces them only when it says so, by a new version (after a clip is saved).
  if (data.marks.version !== state.marksVersion) {
    state.marksVersion = data.marks.version;
    state.marks = { in: data.marks.in, out: data.marks.out };
  }
  const selected = data.clips.find((c) => c.id === data.selected) || null;

  // -- The filmstrip: whole pictures at the film's own shape, a scrolling reel, and the film in one line above.
  const strip = q('.strip');
  const reel = q('.reel');
  const overview = q('.overview');
  const thumbW = Math.round(THUMB_H * Math.min(2.5, Math.max(0.4, data.aspect || 16 / 9)));
  if (state.zoom == null) {
    // As close as the strip allows while the whole film stays within about sixteen widths of it.
    const width = strip.clientWidth || 640;
    state.zoom = ZOOMS_S.findIndex((s) => (durationMs / (s * 1000)) * thumbW <= 16 * width);
    if (state.zoom < 0) state.zoom = ZOOMS_S.length - 1;
  }
  const spanMs = ZOOMS_S[state.zoom] * 1000;
  const pxPerMs = thumbW / spanMs;
  const x = (ms) => ms * pxPerMs;

  const thumbsKey = JSON.stringify([data.thumbs.length, data.every_ms, state.zoom, thumbW]);
  if (reel.dataset.key !== thumbsKey) {
    const keep = strip.scrollLeft / Math.max(1, reel.offsetWidth);  // the same moment stays in view at a new zoom
    reel.dataset.key = thumbsKey;
    reel.style.width = `${Math.ceil(x(durationMs))}px`;
    const pictures = q('.thumbs');
    pictures.replaceChildren();
    for (let t = 0; t < durationMs; t += spanMs) {
      const index = Math.min(data.thumbs.length - 1, Math.round(t / data.every_ms));
      if (index < 0) break;
      const cell = document.createElement('div');
      cell.className = 'thumb';
      cell.style.left = `${x(t)}px`;
      cell.style.width = `${thumbW}px`;
      const img = document.createElement('img');
      img.src = data.thumbs[index];
      img.alt = '';
      img.loading = 'lazy';
      img.draggable = false;
      const label = document.createElement('span');
      label.textContent = short(t);
      cell.append(img, label);
      pictures.appendChild(cell);
    }
    strip.scrollLeft = keep * reel.offsetWidth;
    q('.every').textContent = `A picture every ${ZOOMS_S[state.zoom]} s`;
    q('[data-zoom="1"]').disabled = state.zoom === 0;
    q('[data-zoom="-1"]').disabled = state.zoom === ZOOMS_S.length - 1;
  }

  function band(parent, start, end, className, scale) {
    const element = document.createElement('div');
    element.className = className;
    element.style.left = scale(start);
    element.style.width = scale(end, start);
    parent.appendChild(element);
    return element;
  }
  const px = (ms, from = 0) => `${x(ms - from)}px`;
  const pct = (ms, from = 0) => `${((ms - from) / durationMs) * 100}%`;

  // ``refused`` changes when Python turns an edge move down, so the grips go back to the stored times.
  const suggestions = data.suggestions || [];
  // A coding fixed for comparing is watched, not marked; a page with no suggestions never hints at S.
  const marking = data.marking !== false;
  root.querySelectorAll('.mark, .save, .keys-marking').forEach((element) => { element.hidden = !marking; });
  q('.keys-suggestions').hidden = !suggestions.length;
  const layerKey = JSON.stringify([data.clips, data.selected, data.refused, state.zoom, thumbW, suggestions]);
  const layer = q('.layer');
  if (layer.dataset.key !== layerKey && !state.drag) {  // never pulled out from under a dragging hand
    layer.dataset.key = layerKey;
    const focused = state.focusEdge;  // a grip that had the focus gets it back once redrawn
    state.rebuilding = true;
    layer.replaceChildren();
    state.rebuilding = false;
    overview.replaceChildren();
    // Suggestions first, so clips are drawn over them: dashed, and named S1, S2... as in the list below.
    suggestions.forEach((s) => {
      const mark = band(layer, s.start, s.end, 'suggestion', px);
      mark.title = `Suggestion ${s.name}: ${s.label} (S makes it a clip)`;
      mark.dataset.suggestion = s.id;
      mark.textContent = s.name;
      band(overview, s.start, s.end, 'suggestion', pct);
    });
    for (const clip of data.clips) {
      // The lead-in the shared review plays first: fainter, so the band's edge is where the moment begins.
      const leadStart = Math.max(0, clip.start - clip.lead);
      if (clip.start > leadStart) band(layer, leadStart, clip.start, 'leadin', px);
      const mark = band(layer, clip.start, clip.end, 'band' + (clip.chosen ? ' chosen' : '')
                        + (clip.id === data.selected ? ' selected' : ''), px);
      mark.title = clip.label;
      mark.dataset.id = clip.id;
      band(overview, clip.start, clip.end, 'band' + (clip.chosen ? ' chosen' : ''), pct);
    }
    if (selected) {
      for (const edge of ['start', 'end']) {
        const grip = document.createElement('div');
        grip.className = `grip ${edge}`;
        grip.dataset.edge = edge;
        grip.tabIndex = 0;
        grip.setAttribute('role', 'slider');
        grip.setAttribute('aria-label', `${edge === 'start' ? 'Start' : 'End'} of the chosen clip`);
        grip.setAttribute('aria-valuemin', '0');
        grip.setAttribute('aria-valuemax', String(durationMs));
        grip.title = 'Drag to move this edge; arrow keys move it a frame, with Shift a second';
        grip.onfocus = () => { state.focusEdge = edge; };
        grip.onblur = () => {
          if (state.rebuilding) return;
          flushKeys();
          if (state.focusEdge === edge) state.focusEdge = null;
        };
        layer.appendChild(grip);
      }
      if (focused) {
        state.focusEdge = focused;
        layer.querySelector(`.grip.${focused}`).focus();  // the arrow keys go on moving it
      }
    }
    band(layer, 0, 0, 'pending', px);
    band(layer, 0, 0, 'head', px);
    band(overview, 0, 0, 'window', pct);
    band(overview, 0, 0, 'head', pct);
  }

  // Python's times, unless an edge is being dragged or keyed (a refused move springs back: see ``refused``).
  if (selected && !state.drag && !state.pending) state.edges = { start: selected.start, end: selected.end };

  function placeGrips() {
    if (!selected || !state.edges) return;
    const { start, end } = state.edges;
    const mark = layer.querySelector('.band.selected');
    if (mark) { mark.style.left = px(start); mark.style.width = px(end, start); }
    for (const grip of layer.querySelectorAll('.grip')) {
      const ms = state.edges[grip.dataset.edge];
      grip.style.left = `${x(ms)}px`;
      grip.setAttribute('aria-valuenow', String(ms));
      grip.setAttribute('aria-valuetext', clock(ms));
      grip.dataset.time = clock(ms);
    }
  }

  function render() {
    const ms = video.currentTime * 1000;
    q('.time').textContent = clock(ms);
    q('.frame').textContent = `frame ${frameOf(video.currentTime)}`;
    q('.rate').textContent = `${video.playbackRate}×`;
    q('[data-action="toggle"]').textContent = video.paused ? 'Play' : 'Pause';
    const m = state.marks;
    q('.marks').textContent = `in ${m.in == null ? '—' : clock(m.in)} · out ${m.out == null ? '—' : clock(m.out)}`;
    layer.querySelector('.head').style.left = px(ms);
    overview.querySelector('.head').style.left = pct(ms);
    const pending = layer.querySelector('.pending');
    const start = m.in, end = m.out == null ? ms : m.out;
    pending.style.display = start == null || end <= start ? 'none' : 'block';
    if (start != null) { pending.style.left = px(start); pending.style.width = px(Math.max(start, end), start); }
    // Keep the playhead in sight while the film plays or after a jump, unless the guider is browsing the strip.
    const head = x(ms), view = strip.clientWidth;
    if (!state.drag && (state.follow || !video.paused)
        && (head < strip.scrollLeft || head > strip.scrollLeft + view - 8)) {
      state.ourScroll = Math.max(0, Math.round(head - view * 0.25));
      strip.scrollLeft = state.ourScroll;
    }
    if (video.paused && !video.seeking) state.follow = false;
    const shown = overview.querySelector('.window');
    shown.style.left = `${(strip.scrollLeft / Math.max(1, reel.offsetWidth)) * 100}%`;
    shown.style.width = `${Math.min(1, view / Math.max(1, reel.offsetWidth)) * 100}%`;
    placeGrips();
  }

  function seekMs(ms) {
    state.follow = true;  // a jump: the strip goes with it once
    const frame = frameOf(ms / 1000);
    // The middle of the review copy's frame, a hair early: on a first look at another rate (29.97 shown on 30) the
    // picture there is the one the copy will hold in that frame, even when one of the film's frames starts just then.
    video.currentTime = Math.min((frame + 0.5) / fps - 2e-6, Math.max(0, video.duration - 0.5 / fps) || 0);
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
  const moveEdge = (edge, ms) => { if (selected) setTriggerValue('edge', { id: selected.id, edge, ms }); };
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
    startHere: () => moveEdge('start', nowMs()),
    endHere: () => moveEdge('end', nowMs()),
    take: () => {
      const at = nowMs();
      const here = suggestions.find((s) => s.start <= at && at < s.end);
      if (here) setTriggerValue('take', { id: here.id });
    },
  };
  root.querySelectorAll('[data-action]').forEach((button) => {
    button.onclick = () => { actions[button.dataset.action](); render(); };
  });
  root.querySelectorAll('[data-zoom]').forEach((button) => {
    button.onclick = () => {
      flushKeys();
      state.zoom = Math.min(ZOOMS_S.length - 1, Math.max(0, state.zoom - Number(button.dataset.zoom)));
      reel.dataset.key = layer.dataset.key = '';
      state.follow = true;
      player(component);  // redraw the strip at the new zoom; everything else is as it was
    };
  });
  const clipbar = q('.clipbar');
  clipbar.hidden = !selected;
  if (selected) q('.cliplabel').textContent = `Clip ${clock(selected.start)}–${clock(selected.end)}`;

  // -- Pointer work on the strip: a click goes there (or opens another clip), a grip drags its edge.
  const msAt = (event) => Math.max(0, Math.min(durationMs, (event.clientX - reel.getBoundingClientRect().left) / pxPerMs));
  function dragTo(edge, ms) {
    const { start, end } = state.edges;
    const at = onFrame(ms);
    const shortest = (Math.ceil((MIN_CLIP_MS / 1000) * fps) + 1) * 1000 / fps;  // still 0.5 s once on frames
    state.edges[edge] = edge === 'start' ? Math.min(at, end - shortest) : Math.max(at, start + shortest);
    state.edges[edge] = Math.max(0, Math.min(durationMs, state.edges[edge]));
    placeGrips();
    video.pause();
    seekMs(state.edges[edge]);  // the frame the edge is on, in the player, as it moves
  }
  reel.onpointerdown = (event) => {
    const grip = event.target.closest('.grip');
    const mark = event.target.closest('.band');
    if (grip) {
      event.preventDefault();
      grip.setPointerCapture(event.pointerId);
      state.drag = { edge: grip.dataset.edge, pointer: event.pointerId };
      grip.classList.add('dragging');
      return;
    }
    if (mark && mark.dataset.id && mark.dataset.id !== data.selected) {
      setTriggerValue('pick', { id: mark.dataset.id });
      return;
    }
    const offered = event.target.closest('.suggestion');
    const suggestion = offered && suggestions.find((s) => s.id === offered.dataset.suggestion);
    if (suggestion) { seekMs(suggestion.start); return; }  // from its start: watch it, then S takes it
    seekMs(msAt(event));
  };
  function endDrag() {
    if (!state.drag) return;
    const { edge } = state.drag;
    state.drag = null;
    layer.querySelectorAll('.grip.dragging').forEach((g) => g.classList.remove('dragging'));
    if (selected && state.edges[edge] !== selected[edge]) moveEdge(edge, state.edges[edge]);
  }
  reel.onpointermove = (event) => {
    if (!state.drag || event.pointerId !== state.drag.pointer) return;
    if ((event.buttons & 1) === 0) { endDrag(); return; }  // released where no pointerup reached us
    dragTo(state.drag.edge, msAt(event));
  };
  // The release can happen anywhere on the page (or the grip can be redrawn mid-drag): the window hears it.
  state.endDrag = endDrag;
  state.onUp = state.onUp || ((event) => { if (state.drag && event.pointerId === state.drag.pointer) state.endDrag(); });
  window.addEventListener('pointerup', state.onUp, true);
  window.addEventListener('pointercancel', state.onUp, true);
  // Arrow keys on a focused grip: a frame, or a second with Shift; saved once the keys rest.
  reel.onkeydown = (event) => {
    const grip = event.target.closest && event.target.closest('.grip');
    if (!grip || !['ArrowLeft', 'ArrowRight'].includes(event.key)) return;
    event.preventDefault();
    const edge = grip.dataset.edge;
    if (state.pending && state.pending !== edge) flushKeys();  // the other edge's move is saved first
    const step = (event.shiftKey ? 1000 : 1000 / fps) * (event.key === 'ArrowLeft' ? -1 : 1);
    dragTo(edge, state.edges[edge] + step);
    state.pending = edge;
    clearTimeout(state.keyCommit);
    state.keyCommit = setTimeout(flushKeys, 700);
  };
  function flushKeys() {
    clearTimeout(state.keyCommit);
    const edge = state.pending;
    state.pending = null;
    if (edge && selected && state.edges && state.edges[edge] !== selected[edge]) moveEdge(edge, state.edges[edge]);
  }
  // Any scroll of the strip that is not ours is the guider browsing: the strip stays where they put it.
  strip.onscroll = () => {
    if (state.ourScroll == null || Math.abs(strip.scrollLeft - state.ourScroll) > 1) state.follow = false;
    state.ourScroll = null;
    render();  // the overview's window follows the strip
  };
  overview.onpointerdown = (event) => {
    const box = overview.getBoundingClientRect();
    seekMs(Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)) * durationMs);
  };

  const KEYS = { ' ': 'toggle', ',': 'frameBack', '.': 'frameForward', ArrowLeft: 'back1s', ArrowRight: 'forward1s',
                 j: 'slower', k: 'pause', l: 'faster', i: 'markIn', o: 'markOut', Enter: 'save',
                 '[': 'startHere', ']': 'endHere', s: 'take' };
  const MARKING = new Set(['markIn', 'markOut', 'save', 'startHere', 'endHere', 'take']);
  function onKey(event) {
    const target = event.composedPath()[0];
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && target.classList && target.classList.contains('grip')) return;  // the grip's own keys
    const pressable = target && (/^(BUTTON|A|SUMMARY)$/.test(target.tagName) || target.getAttribute('role') === 'button');
    if ((event.key === 'Enter' || event.key === ' ') && pressable) return;  // a focused button's own key
    const action = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!action || ((action === 'startHere' || action === 'endHere') && !selected)) return;
    if (!marking && MARKING.has(action)) return;
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
    window.removeEventListener('pointerup', state.onUp, true);
    window.removeEventListener('pointercancel', state.onUp, true);
    if (frameRequest) cancelAnimationFrame(frameRequest);
  };
}
