// A copy to watch whole before it is downloaded: 'watched' is set once every second of it has been played.
//
// What counts is what the browser played (video.played), so a seek jumps over seconds rather than watching
// them; faster than twice speed is slowed back to it, since a face can slip by at sixteen times. The
// player offers no download and no menu of its own: the download comes after, through the checked link.
const MOST_RATE = 2;
const SLACK_S = 0.3;  // a gap this short between played stretches (a frame or two at a seek) is not a second missed

function coveredUntil(played, duration) {
  const spans = [];
  for (let i = 0; i < played.length; i += 1) spans.push([played.start(i), played.end(i)]);
  spans.sort((a, b) => a[0] - b[0]);
  let reach = 0;
  for (const [start, end] of spans) {
    if (start > reach + SLACK_S) break;
    reach = Math.max(reach, end);
  }
  return Math.min(reach, duration);
}

export default function watch(component) {
  const { data, parentElement, setStateValue } = component;
  const root = parentElement.querySelector('.vig-watch');
  const video = root.querySelector('video');
  const seen = root.querySelector('.seen');
  const says = root.querySelector('.says');
  const bands = root.querySelector('.bands');
  video.setAttribute('aria-label', data.label);
  if (video.dataset.src === data.src) return;
  video.dataset.src = data.src;
  video.src = data.src;
  let done = false;

  const show = () => {
    const duration = video.duration;
    if (!Number.isFinite(duration) || duration <= 0) return;
    bands.replaceChildren();
    for (let i = 0; i < video.played.length; i += 1) {
      const band = document.createElement('div');
      band.className = 'band';
      band.style.left = `${(100 * video.played.start(i)) / duration}%`;
      band.style.width = `${(100 * (video.played.end(i) - video.played.start(i))) / duration}%`;
      bands.appendChild(band);
    }
    if (done) return;
    const reach = coveredUntil(video.played, duration);
    if (reach >= duration - SLACK_S) {
      done = true;
      seen.classList.add('done');
      says.textContent = 'Watched whole.';
      setStateValue('watched', true);
    } else {
      says.textContent = `Watched ${Math.floor(reach)} s of ${Math.ceil(duration)} s from the start.`;
    }
  };
  video.addEventListener('ratechange', () => {
    if (video.playbackRate > MOST_RATE) video.playbackRate = MOST_RATE;
  });
  video.addEventListener('contextmenu', (event) => event.preventDefault());
  for (const type of ['timeupdate', 'ended', 'pause', 'seeked', 'loadedmetadata']) video.addEventListener(type, show);
}
