// The inbox's end of the iframe bridge (the host's end is inbox-embed.js). Only plumbing: what to
// accept and what to post is decided in the app (wasm/core/embed_bridge.cpp).
// - Fetches config.json before the app starts (apiBaseUrl, websocketUrl, embedOrigins).
// - Hands every `message` event to the app as (origin, from the parent window?, JSON text); events
//   that arrive before the app runs are queued (bounded).
// - Posts the app's messages to window.parent with the exact target origin the app names: never '*'.
'use strict';
(function () {
  const framed = window.parent !== window;
  const queue = [];
  const MAX_QUEUED = 64;
  const MAX_BYTES = 16 * 1024;  // the app refuses larger messages anyway
  let attached = false;
  let configText = '';

  // The parent's origin as the browser tells it: ancestorOrigins (Chromium, Safari), else the referrer.
  function parentOrigin() {
    if (!framed) return '';
    try {
      if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    } catch (e) { /* not available */ }
    try {
      return document.referrer ? new URL(document.referrer).origin : '';
    } catch (e) {
      return '';
    }
  }

  const configReady = fetch('config.json', { cache: 'no-cache', credentials: 'omit' })
    .then((r) => (r.ok ? r.text() : ''))
    .then((t) => { configText = t; })
    .catch(() => { configText = ''; });

  if (window.Module) {
    Module.preRun = Module.preRun || [];
    Module.preRun.push(function () {
      Module.addRunDependency('config');
      configReady.then(() => Module.removeRunDependency('config'));
    });
  }

  function deliver(origin, fromParent, text) {
    const o = Module.lengthBytesUTF8(origin) + 1;
    const d = Module.lengthBytesUTF8(text) + 1;
    const po = Module._malloc(o);
    const pd = Module._malloc(d);
    Module.stringToUTF8(origin, po, o);
    Module.stringToUTF8(text, pd, d);
    try {
      Module._inbox_embed_message(po, fromParent ? 1 : 0, pd);
    } finally {
      Module._free(po);
      Module._free(pd);
    }
  }

  window.addEventListener('message', (event) => {
    if (!framed) return;
    let text = '';
    try {
      text = JSON.stringify(event.data);
    } catch (e) {
      return;  // not plain data (cyclic, functions): not ours
    }
    if (typeof text !== 'string' || text.length > MAX_BYTES) return;
    const fromParent = event.source === window.parent;
    if (!attached) {
      if (queue.length < MAX_QUEUED) queue.push([event.origin, fromParent, text]);
      return;
    }
    deliver(event.origin, fromParent, text);
  });

  window.inboxFrame = {
    info: () => ({ framed, config: configText, parentOrigin: parentOrigin(), selfOrigin: location.origin }),
    // Called by the app once its bridge runs.
    attach() {
      attached = true;
      while (queue.length) deliver(...queue.shift());
    },
    post(text, target) {
      if (!framed || !target || target === '*') return;
      let message;
      try {
        message = JSON.parse(text);
      } catch (e) {
        return;
      }
      window.parent.postMessage(message, target);
    },
  };
})();
