// Starts the WiQ app. An external module, so the site's Content-Security-
// Policy can forbid inline scripts; the wasm path is relative to this file,
// so the site works under any sub-path.
import init from './wiq-app.js';

init({ module_or_path: new URL('./wiq-app_bg.wasm', import.meta.url) }).catch((e) => {
  const root = document.getElementById('wiq-app');
  const msg = root && root.dataset.loadError;
  if (root && msg) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.className = 'app-error';
    p.textContent = msg;
    root.replaceChildren(p);
  }
  console.error(e);
});
