// The clip on a shared screen: plays the scene Python gives it (the audience view polls for each new one),
// loops from the lead-in to the clip's end, holds the still, zooms into the spotlight; on the presenter view
// a rectangle dragged on the picture becomes the spotlight.
const POLL_MS = 100;

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.vig-stage');
  const video = root.querySelector('video');
  const q = (selector) => root.querySelector(selector);
  if (data.mode === 'presenter') video.muted = true;  // the sound comes from the carer's screen only
  const state = root.__vig || (root.__vig = { scene: null, src: null, timer: null, frame: null });
  root.classList.add(data.mode);
  root.style.setProperty('--aspect', `${data.ratio}`);
  root.style.setProperty('--ratio', `${data.ratio}`);

  function play() {
    const started = video.play();
    if (started) {
      started.catch(() => {
        // A new window may not play sound until someone touches it: play silently, and offer the sound.
        if (!video.muted) { video.muted = true; q('.sound').hidden = false; video.play().catch(() => {}); }
      });
    }
  }
  q('.sound').onclick = () => { video.muted = false; q('.sound').hidden = true; play(); };
  if (data.mode === 'audience' && !state.started) {
    // Silent until the one touch a browser needs before it plays sound: Start, which also fills the screen.
    video.muted = true;
    const start = q('.start');
    start.hidden = false;
    start.focus({ preventScroll: true });
    start.onclick = () => {
      state.started = true;
      start.hidden = true;
      video.muted = false;
      const page = document.documentElement;
      if (page.requestFullscreen && !document.fullscreenElement) page.requestFullscreen().catch(() => {});
      play();
    };
  }

  function zoomTo(zoom) {
    const zoomer = q('.zoomer');
    if (!zoom) { zoomer.style.transform = 'translate(0%, 0%) scale(1)'; return; }
    const s = zoom.scale, cx = zoom.x + zoom.w / 2, cy = zoom.y + zoom.h / 2;
    const clamp = (v) => Math.min(0, Math.max(1 - s, v));
    zoomer.style.transform = `translate(${(clamp(0.5 - cx * s) * 100).toFixed(2)}%, `
      + `${(clamp(0.5 - cy * s) * 100).toFixed(2)}%) scale(${s})`;
  }

  function showSpotlight(spot) {
    const drawn = q('.drawn');
    drawn.hidden = !spot;
    if (spot) Object.assign(drawn.style, { left: `${spot.x * 100}%`, top: `${spot.y * 100}%`,
                                           width: `${spot.w * 100}%`, height: `${spot.h * 100}%` });
  }

  function apply(scene, src) {
    const before = state.scene;
    const fresh = !before || before.clip_id !== scene.clip_id || state.src !== src;
    state.scene = scene;
    if (state.src !== src) { state.src = src; video.src = src; }
    q('.ended').hidden = true;
    root.dataset.clip = scene.clip_id;
    root.dataset.version = scene.version;
    video.playbackRate = scene.rate || 1;
    video.defaultPlaybackRate = scene.rate || 1;
    // The video is the cut (lead-in to end); the scene's times are the film's, so each is shifted by its start.
    const seek = (ms) => {
      const go = () => { video.currentTime = Math.max(0, ms - scene.start_ms) / 1000; };
      if (video.readyState >= 1) go(); else video.addEventListener('loadedmetadata', go, { once: true });
    };
    if (scene.still) {
      video.pause();
      seek(scene.start_ms + scene.still_s * 1000);  // the middle of the still's frame in the cut: its exact frame
    } else {
      // A new clip, the end of the still, or Play after a clip that ran out without looping: from the lead-in.
      const ranOut = scene.start_ms + video.currentTime * 1000 >= scene.end_ms - 50;
      if (fresh || (before && before.still) || (scene.playing && ranOut)) seek(scene.start_ms);
      if (scene.playing) play(); else video.pause();
    }
    if (data.mode === 'presenter') showSpotlight(scene.spotlight); else zoomTo(scene.zoom);
    const span = Math.max(1, scene.end_ms - scene.start_ms);
    q('.timeline .lead').style.width = `${((scene.moment_ms - scene.start_ms) / span) * 100}%`;
    q('.timeline .moment').style.width = `${((scene.end_ms - scene.moment_ms) / span) * 100}%`;
    q('.caption').textContent = scene.caption;
    const words = q('.words');
    words.replaceChildren();
    for (const said of scene.words) {
      const line = document.createElement('p');
      line.textContent = said;
      words.appendChild(line);
    }
    if (scene.words.length) {
      const intro = document.createElement('p');
      intro.className = 'said';
      intro.textContent = 'Last time you said…';
      words.prepend(intro);
    }
    words.hidden = !scene.words.length;
    root.classList.toggle('with-words', scene.words.length > 0);
  }

  // The loop, from the lead-in to the clip's end; the still stays put; the playhead on the timeline.
  function tick() {
    const scene = state.scene;
    if (scene && !video.seeking && video.readyState >= 1) {
      const ms = scene.start_ms + video.currentTime * 1000;
      if (scene.still) {
        if (Math.abs(video.currentTime - scene.still_s) > 0.015) { video.pause(); video.currentTime = scene.still_s; }
      } else if (ms >= scene.end_ms || video.ended) {
        if (scene.loop) { video.currentTime = 0; if (scene.playing) play(); }
        else video.pause();
      }
      const span = Math.max(1, scene.end_ms - scene.start_ms);
      const at = Math.min(1, Math.max(0, (ms - scene.start_ms) / span));
      q('.timeline .head').style.left = `${(at * 100).toFixed(2)}%`;
    }
    state.frame = requestAnimationFrame(tick);
  }
  if (!state.frame) state.frame = requestAnimationFrame(tick);

  apply(data.scene, data.src);

  // The audience view follows the guider's cue: a checked link, asked every POLL_MS for anything newer, one
  // question at a time (so a late answer never undoes a newer one).
  if (data.poll && state.poll !== data.poll && !state.timer) {
    state.poll = data.poll;
    state.timer = setInterval(async () => {
      if (state.asking) return;
      state.asking = true;
      let answer;
      try {
        answer = await fetch(`${state.poll}?after=${state.scene ? state.scene.version : 0}`,
                             { cache: 'no-store', credentials: 'same-origin' });
      } catch (error) {
        state.asking = false;
        return;  // the server is busy or restarting: ask again next time
      }
      try {
        if (answer.status === 204) return;
        if (!answer.ok) {
          // The review ended, or this window's right to it did: show nothing more, and let the app say why.
          clearInterval(state.timer);
          state.timer = null;
          video.pause();
          video.removeAttribute('src');
          video.load();
          state.src = null;
          q('.ended').hidden = false;
          setTriggerValue('ended', true);
          return;
        }
        const next = await answer.json();
        if (next.poll) state.poll = next.poll;
        if (!state.scene || next.scene.version !== state.scene.version || next.src !== state.src) {
          apply(next.scene, next.src);
        }
      } finally {
        state.asking = false;
      }
    }, POLL_MS);
  }

  // The carer's screen offers nothing but the picture: no menu to save, open or show the film's controls.
  root.querySelector('.frame').oncontextmenu = (event) => event.preventDefault();

  // The presenter view: a rectangle dragged on the picture is the clip's spotlight.
  if (data.mode === 'presenter') {
    const frame = q('.frame'), drawn = q('.drawn');
    // Where the drag began lives on the player, not in this run's closure: a rerun arriving mid-drag (a
    // slow machine) must not lose the rectangle the guider is drawing.
    const point = (event) => {
      const box = frame.getBoundingClientRect();
      return { x: Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)),
               y: Math.min(1, Math.max(0, (event.clientY - box.top) / box.height)) };
    };
    const rect = (a, b) => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y),
                              w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) });
    frame.onpointerdown = (event) => { state.from = point(event); frame.setPointerCapture(event.pointerId); };
    frame.onpointermove = (event) => {
      if (!state.from) return;
      const r = rect(state.from, point(event));
      Object.assign(drawn.style, { left: `${r.x * 100}%`, top: `${r.y * 100}%`,
                                   width: `${r.w * 100}%`, height: `${r.h * 100}%` });
      drawn.hidden = false;
    };
    frame.onpointerup = (event) => {
      if (!state.from) return;
      const r = rect(state.from, point(event));
      state.from = null;
      showSpotlight(state.scene && state.scene.spotlight);
      if (r.w > 0.02 && r.h > 0.02) setTriggerValue('spotlight', r);
    };
  }

  return () => {
    if (state.timer) clearInterval(state.timer);
    if (state.frame) cancelAnimationFrame(state.frame);
    state.timer = state.frame = state.poll = null;
  };
}
