// WhaTrack Inbox host helper: include this on the dashboard that embeds the inbox in an iframe.
// Plain JS, no dependencies. Contract (version 1) in docs/EMBEDDING.md.
//
//   const inbox = WhaTrackInbox.mount(document.getElementById('inbox'), {
//     src: 'https://inbox.example.com/',      // where the inbox is served
//     getToken: () => fetch('/my-api/inbox-token').then((r) => r.json()).then((j) => j.token),
//     onEvent: (type, payload) => console.log(type, payload),
//     theme: 'light',
//   });
//   inbox.openConversation('12'); inbox.setInstance(null); inbox.setTheme('dark'); inbox.signOut();
//   inbox.destroy();
(function (global) {
  'use strict';

  const PROTOCOL = 'whatrack-inbox';
  const VERSION = 1;

  function mount(container, options) {
    if (!container || !options || !options.src) throw new Error('WhaTrackInbox.mount(container, {src, getToken})');
    const src = new URL(options.src, global.location.href);
    const inboxOrigin = src.origin;
    const listeners = new Map();
    const iframe = document.createElement('iframe');
    iframe.src = src.href;
    iframe.title = options.title || 'WhaTrack Inbox';
    // Clipboard writes from a cross-origin frame need the host's grant.
    iframe.allow = 'clipboard-write; clipboard-read';
    iframe.style.cssText = 'border:0;width:100%;height:100%;display:block';
    container.appendChild(iframe);

    let ready = false;
    const queue = [];   // commands given before the inbox said it is ready

    function post(type, payload) {
      const message = { protocol: PROTOCOL, version: VERSION, type, payload: payload || {} };
      // Before inbox:ready the frame may still be loading (a post would be lost): keep it for later.
      if (!ready) { queue.push(message); return; }
      iframe.contentWindow.postMessage(message, inboxOrigin);   // never '*': the token must not leak
    }

    async function sendToken() {
      if (typeof options.getToken !== 'function') return;
      try {
        const token = await options.getToken();
        if (token) post('inbox:auth', { token: String(token) });
      } catch (e) {
        emit('inbox:error', { code: 'host_token_failed', message: String(e && e.message || e) });
      }
    }

    function emit(type, payload) {
      if (typeof options.onEvent === 'function') options.onEvent(type, payload);
      for (const fn of listeners.get(type) || []) fn(payload);
    }

    function onMessage(event) {
      // Only our iframe, only from the inbox's origin, only our protocol.
      if (event.source !== iframe.contentWindow || event.origin !== inboxOrigin) return;
      const m = event.data;
      if (!m || m.protocol !== PROTOCOL || typeof m.type !== 'string') return;
      if (m.type === 'inbox:ready') {
        ready = true;
        sendToken();
        if (options.theme) post('inbox:theme', { theme: options.theme });
        while (queue.length) iframe.contentWindow.postMessage(queue.shift(), inboxOrigin);
      } else if (m.type === 'inbox:token-expiring') {
        sendToken();
      }
      emit(m.type, m.payload || {});
    }
    global.addEventListener('message', onMessage);

    return {
      iframe,
      openConversation: (chatId) => post('inbox:open-conversation', { chatId: String(chatId) }),
      setInstance: (instanceId) => post('inbox:set-instance', { instanceId: instanceId == null ? null : String(instanceId) }),
      setTheme: (theme) => post('inbox:theme', { theme: theme === 'dark' ? 'dark' : 'light' }),
      signOut: () => post('inbox:sign-out', {}),
      refreshToken: sendToken,
      on(type, fn) {
        const key = type.startsWith('inbox:') ? type : 'inbox:' + type;
        if (!listeners.has(key)) listeners.set(key, []);
        listeners.get(key).push(fn);
      },
      destroy() {
        global.removeEventListener('message', onMessage);
        iframe.remove();
      },
    };
  }

  global.WhaTrackInbox = { mount, PROTOCOL, VERSION };
})(window);
