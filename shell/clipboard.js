// System clipboard glue. Reading: the app keeps an internal clipboard filled from the browser's
// `paste` event (input-bridge.js), because navigator.clipboard.readText() is async and prompts.
// Writing: navigator.clipboard.writeText, which needs a recent user gesture and, inside a
// cross-origin iframe, allow="clipboard-write" on the host's <iframe>; execCommand('copy') is the
// fallback for older browsers and plain-http pages.
'use strict';
(function () {
  function fallbackCopy(text) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;left:-9999px;top:0;opacity:0';
    const previous = document.activeElement;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing else to try */ }
    area.remove();
    if (previous && previous.focus) previous.focus({ preventScroll: true });
  }

  function write(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
    } else {
      fallbackCopy(text);
    }
  }

  window.inboxClipboard = { write };
})();
