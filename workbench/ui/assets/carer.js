// The carer's own device: opens the link (its secret is in the address's fragment, never sent), asks for the
// code the guider reads out, then follows the guider's stage with the shared stage player, each clip loaded
// ahead so a slow home line never stalls between clips. Nothing is kept once the review is not live.
import stage from './stage.js';

const BASE = '/vig-join';
const FAST_MBPS = 10;  // below this (or on a small screen) the lighter copies are used
const STATES = ['loading', 'early', 'code', 'waiting', 'live', 'ended'];
const $ = (selector) => document.querySelector(selector);
let seen = '';
let token = location.hash.slice(1);
let quality = null;  // 'light' or 'full', once the first clip has measured the line
let loaded = new Map();  // clip id -> a blob: URL of that clip, held in this page only
let loading = false;
let shown = { clip: null, src: null };
let stageMarkup = null;
let lastTries = null;

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function show(state) {
  for (const name of STATES) $(`#${name}`).hidden = name !== state;
  document.body.dataset.state = state;
}

async function ask(path, options = {}) {
  const answer = await fetch(BASE + path, { cache: 'no-store', credentials: 'same-origin', ...options });
  return answer.json();
}

function forget() {
  // Not live: nothing of the review stays on the screen or in the page.
  const video = $('#stage video');
  if (video) { video.pause(); video.removeAttribute('src'); video.load(); }
  for (const url of loaded.values()) URL.revokeObjectURL(url);
  loaded = new Map();
  shown = { clip: null, src: null };
  const root = $('#stage .vig-stage');
  if (root) root.__vig = null;
  $('#stage').replaceChildren();
}

function render(view) {
  seen = view.version;
  if (view.state !== 'live') forget();
  if (view.state === 'early') $('#opens-at').textContent = view.opens_at;
  if (view.state === 'code') {
    if (lastTries !== null && view.tries_left < lastTries) {
      $('#code-note').textContent = `That is not the code. ${view.tries_left} ${view.tries_left === 1 ? 'try' : 'tries'} left.`;
    }
    lastTries = view.tries_left;
  }
  for (const name of document.querySelectorAll('.first-name')) name.textContent = view.first_name;
  if (view.state === 'live') live(view);
  show(view.state);
}

function source(clip) {
  if (shown.clip === clip) return shown.src;  // the clip on screen keeps its copy: no restart mid-loop
  return loaded.get(clip) || `${BASE}/clip/${encodeURIComponent(clip)}/${quality || 'light'}`;
}

function live(view) {
  const box = $('#stage');
  if (!box.firstChild) box.innerHTML = stageMarkup;
  const src = source(view.scene.clip_id);
  shown = { clip: view.scene.clip_id, src };
  stage({ data: { scene: view.scene, src, ratio: view.ratio, mode: 'audience', poll: '' }, parentElement: box,
          setTriggerValue: () => {} });
  $('#shared-with').textContent = `Shared with ${view.first_name} for today's review`;
  preload(view.clips, view.scene.clip_id);
}

async function preload(clips, first) {
  if (loading) return;
  loading = true;
  try {
    const order = [...clips.filter((c) => c.id === first), ...clips.filter((c) => c.id !== first)];
    for (const clip of order) {
      if (loaded.has(clip.id)) continue;
      const copy = quality || 'light';
      const began = performance.now();
      const answer = await fetch(`${BASE}/clip/${encodeURIComponent(clip.id)}/${copy}`,
                                 { cache: 'no-store', credentials: 'same-origin' });
      if (!answer.ok) return;
      const blob = await answer.blob();
      if (document.body.dataset.state !== 'live' && document.body.dataset.state !== 'loading') return;
      if (!quality) {
        const mbps = (blob.size * 8) / Math.max(0.001, (performance.now() - began) / 1000) / 1e6;
        const small = Math.max(screen.width, screen.height) * (window.devicePixelRatio || 1) <= 960;
        quality = mbps >= FAST_MBPS && !small ? 'full' : 'light';
        document.body.dataset.quality = quality;
        if (quality === 'full') continue;  // this one was the light copy: fetch the others full
      }
      loaded.set(clip.id, URL.createObjectURL(blob));
    }
    document.body.dataset.preloaded = String(loaded.size);
  } catch (error) {
    // A dropped line: the clips still stream from the server as they are shown.
  } finally {
    loading = false;
  }
}

async function follow() {
  for (;;) {
    let view;
    try {
      view = await ask(`/stage?seen=${encodeURIComponent(seen)}`);
    } catch (error) {
      await sleep(1000);  // the line dropped or the server restarted: ask again
      continue;
    }
    if (view.state === 'live' && view.version === seen) continue;  // held open and answered unchanged
    render(view);
    if (view.state === 'ended') return;
  }
}

async function begin() {
  stageMarkup = await (await fetch(`${BASE}/asset/stage.html`)).text();
  let view = await ask('/open', { method: 'POST', body: token });
  // Too early: nothing is bound yet, so the page keeps the link and opens it again every half minute.
  while (view.state === 'early') {
    render(view);
    await sleep(30000);
    try { view = await ask('/open', { method: 'POST', body: token }); } catch (error) { /* ask again */ }
  }
  token = '';
  history.replaceState(null, '', location.pathname);  // the link's secret leaves the address bar
  render(view);
  if (view.state !== 'ended') follow();
}

$('#code-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const box = $('#code-input');
  render(await ask('/code', { method: 'POST', body: box.value }));
  box.value = '';
});
document.addEventListener('contextmenu', (event) => event.preventDefault());
addEventListener('pagehide', () => navigator.sendBeacon(`${BASE}/leave`));
begin();
