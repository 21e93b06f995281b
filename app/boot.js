// Starts a WiQ wasm: the search app (boot.js) or the SQL console
// (boot.js?bin=wiq-query, its files in query/). An external module, so the
// site's Content-Security-Policy can forbid inline scripts; paths are
// relative to this file, so the site works under any sub-path.
const bin = new URL(import.meta.url).searchParams.get('bin') === 'wiq-query' ? 'wiq-query' : 'wiq-app';
const dir = bin === 'wiq-query' ? './query/' : './';
const mountId = bin;

import(`${dir}${bin}.js`)
  .then(({ default: init }) => init({ module_or_path: new URL(`${dir}${bin}_bg.wasm`, import.meta.url) }))
  .catch((e) => {
    const root = document.getElementById(mountId);
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
