// Shell glue for the wasm app: loader, fonts into the virtual FS, window.inbox hooks.
// Canvas sizing, input and clipboard live in canvas-size.js, input-bridge.js and clipboard.js.
'use strict';
(function () {
  const canvas = document.getElementById('canvas');
  const loader = document.getElementById('loader');

  function showError(text) {
    loader.textContent = text;
    loader.className = 'error';
  }

  const fontsReady = fetch('fonts/manifest.json')
    .then((r) => (r.ok ? r.json() : []))
    .then((names) => Promise.all(names.map((name) =>
      fetch('fonts/' + name).then((r) => r.arrayBuffer()).then((data) => ({ name, data })))));

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    preRun: [function () {
      Module.addRunDependency('fonts');
      fontsReady.then((fonts) => {
        Module.FS.mkdir('/fonts');
        for (const f of fonts) Module.FS.writeFile('/fonts/' + f.name, new Uint8Array(f.data));
        Module.removeRunDependency('fonts');
      }).catch((e) => {
        console.warn('inbox: fonts unavailable', e);
        Module.removeRunDependency('fonts');
      });
    }],
    onRuntimeInitialized() {
      loader.className = 'hidden';
      // A framed inbox waits for a click: focusing itself would take the keys from the host page.
      if (window.parent === window) canvas.focus({ preventScroll: true });
    },
    onAbort: (what) => showError('O WhaTrack Inbox parou: ' + what),
  };

  window.inbox = {
    state: () => Module.UTF8ToString(Module._inbox_state_json()),
    uiTree: () => Module.UTF8ToString(Module._inbox_ui_tree_json()),
    metrics: () => Module.UTF8ToString(Module._inbox_metrics_json()),
    signIn: (token) => Module.ccall('inbox_sign_in', null, ['string'], [String(token)]),
    signOut: () => Module._inbox_sign_out(),
  };
})();
