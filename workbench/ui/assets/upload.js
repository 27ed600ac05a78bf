// The Film step's upload box: tus-js-client (loaded just before this file) sends the film in pieces to the
// app's checked route; Python hears of it only once it has all arrived (the state value "uploaded").
const PIECE = 16 * 1024 * 1024;  // bytes per request: a lost connection costs at most this much again
const RETRY_MS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000];  // a home Wi-Fi drop, not a stop

const size = (bytes) => {  // as workbench.core.words.size: 320 KB, 82 MB, 1.4 GB
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1).replace(/\.0$/, '')} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
};

export default function upload(component) {
  const { data, parentElement, setStateValue } = component;
  const root = parentElement.querySelector('.vig-upload');
  const q = (selector) => root.querySelector(selector);
  const state = root.__vig || (root.__vig = { upload: null, sent: null, wired: false });
  const input = q('.file');
  input.accept = data.accept.map((suffix) => `.${suffix}`).join(',');
  q('.hint').textContent = `MP4, MOV, MTS, AVI or another film file, up to ${size(data.max_bytes)}. It goes `
    + 'straight into the family\'s folder; if the connection drops, it carries on where it got to.';

  const say = (words, tone = '') => {
    const says = q('.says');
    says.textContent = words;
    says.className = `says ${tone}`;
  };
  const showProgress = (sent, total) => {
    const percent = total ? Math.floor((sent / total) * 100) : 0;
    q('.fill').style.width = `${percent}%`;
    q('.bar').setAttribute('aria-valuenow', String(percent));
  };
  const reset = () => {
    state.upload = null;
    state.sent = null;
    input.value = '';
    q('.progress').hidden = true;
    q('.choose').hidden = false;
    showProgress(0, 1);
  };
  const refusal = (error) => {
    const response = error && error.originalResponse;
    const words = response && response.getStatus() >= 400 ? response.getBody() : '';
    return words || 'The upload stopped: the connection was lost. Choose the film again to carry on.';
  };

  const cancel = async () => {
    const going = state.upload;
    const finished = state.sent;
    reset();
    say('');
    if (finished) setStateValue('uploaded', null);
    if (going) {
      try { await going.abort(true); } catch (error) { /* already gone: nothing is left to remove */ }
    }
  };

  const send = async (file) => {
    if (state.upload) await cancel();
    const suffix = (file.name.split('.').pop() || '').toLowerCase();
    q('.progress').hidden = false;
    q('.cancel').hidden = true;
    if (!data.accept.includes(suffix)) {
      say(`${file.name} is not a film the workbench takes. Choose an MP4, MOV or other film file.`, 'wrong');
      return;
    }
    if (file.size > data.max_bytes) {
      say(`${file.name} is ${size(file.size)}: a film can be up to ${size(data.max_bytes)}. Use a folder on this `
          + 'computer or the inbox for a longer one.', 'wrong');
      return;
    }
    q('.cancel').hidden = false;
    q('.choose').hidden = true;
    say(`Uploading ${file.name}: starting…`);
    const going = new window.tus.Upload(file, {
      endpoint: data.endpoint,
      chunkSize: PIECE,
      retryDelays: RETRY_MS,
      metadata: { filename: file.name },
      storeFingerprintForResuming: false,  // nothing of the film is left in the browser's storage
      onShouldRetry: (error, attempt, options) => {
        const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        const again = !(status >= 400 && status < 500 && status !== 409 && status !== 423)
          && attempt < options.retryDelays.length;
        if (again) say(`The connection dropped: carrying on with ${file.name} as soon as it is back…`);
        return again;
      },
      onProgress: (sent, total) => {
        showProgress(sent, total);
        say(`Uploading ${file.name}: ${size(sent)} of ${size(total)} (${Math.floor((sent / total) * 100)}%)`);
      },
      onError: (error) => {
        if (state.upload !== going) return;
        state.upload = null;
        q('.choose').hidden = false;
        q('.cancel').hidden = true;
        say(refusal(error), 'wrong');
      },
      onSuccess: () => {
        if (state.upload !== going) return;
        const id = going.url.split('/').pop();
        state.sent = id;
        showProgress(1, 1);
        q('.cancel').textContent = 'Remove';
        say(`${file.name} (${size(file.size)}) is uploaded. Now press Add this film.`, 'done');
        setStateValue('uploaded', { id, name: file.name, size: file.size });
      },
    });
    state.upload = going;
    q('.cancel').textContent = 'Cancel upload';
    going.start();
  };

  if (!state.wired) {  // once per box: later renders only pass new data
    state.wired = true;
    input.addEventListener('change', () => { if (input.files[0]) send(input.files[0]); });
    q('.cancel').addEventListener('click', cancel);
    const zone = q('.choose');
    zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      if (event.dataTransfer.files[0]) send(event.dataTransfer.files[0]);
    });
  }
  // Python has used the finished upload (added it, or refused it and said why): the box is ready for another.
  if (state.sent && data.spent === state.sent) {
    reset();
    setStateValue('uploaded', null);
  }
}
