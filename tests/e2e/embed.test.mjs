// Embedding (issue 9, docs/EMBEDDING.md): the example host page on one origin (http://localhost:H,
// a tiny Node server here) frames the inbox served by the stub on another (http://127.0.0.1:P), and
// the two talk only through the postMessage contract. A third origin (http://localhost:E) is
// neither allowed to frame the inbox nor listened to.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot } from '../support/browser.mjs';
import { DIST_DIR, startStub } from '../support/stub.mjs';
import { inboundText, postWebhook } from '../support/webhooks.mjs';

const TOKEN_TTL_S = 12;  // API tokens live 12 s here: the host renews them while the test runs
const PROTOCOL = 'whatrack-inbox';

// A static server for the host pages; `routes` maps a path to [content type, body].
async function serve(routes) {
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://x').pathname];
    if (!route) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' }).end(route[1]());
  });
  await new Promise((resolve) => server.listen(0, resolve));  // every interface: localhost is 127.0.0.1 or ::1
  return { server, origin: `http://localhost:${server.address().port}` };
}

let host;
let evil;
let stub;
let browser;
let context;
let page;
let frame;
const pageLog = [];

before(async () => {
  host = await serve({
    '/embed-example.html': ['text/html; charset=utf-8', () => readFileSync(path.join(DIST_DIR, 'embed-example.html'))],
    '/inbox-embed.js': ['text/javascript', () => readFileSync(path.join(DIST_DIR, 'inbox-embed.js'))],
    // A host whose token service the test can hold back (a slow SSO): window.hold / window.release().
    '/held.html': ['text/html; charset=utf-8', () => `<!doctype html><meta charset="utf-8">
      <div id="inbox" style="height:760px"></div><script src="inbox-embed.js"></script><script>
      const INBOX = '${stub.url}/';
      window.events = []; window.hold = false; const waiting = [];
      window.release = () => { window.hold = false; waiting.splice(0).forEach((r) => r()); };
      async function login() {
        const r = await fetch(INBOX + 'api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ana@demo.test', password: 'demo123' }) });
        return (await r.json()).token;
      }
      window.embedded = WhaTrackInbox.mount(document.getElementById('inbox'), {
        src: INBOX,
        getToken: async () => { if (window.hold) await new Promise((r) => waiting.push(r)); return login(); },
        onEvent: (type, payload) => window.events.push({ type, payload }),
      });
    </script>`],
  });
  evil = await serve({
    // A page on a third origin that tries to frame the inbox.
    '/frame.html': ['text/html; charset=utf-8', () => `<!doctype html><iframe id="f" src="${stub.url}/" width="800" height="600"></iframe>`],
    // A sibling frame inside the host page that talks to the inbox frame as if it were the host.
    '/sibling.html': ['text/html; charset=utf-8', () => `<!doctype html><script>
      const inbox = parent.frames[0];
      const send = (type, payload) => inbox.postMessage({ protocol: '${PROTOCOL}', version: 1, type, payload }, '*');
      send('inbox:sign-out', {});
      send('inbox:open-conversation', { chatId: new URLSearchParams(location.search).get('chat') });
      send('inbox:auth', { token: 'forged-token' });
      send('inbox:theme', { theme: 'dark' });
      document.title = 'sent';
    </script>`],
  });
  stub = await startStub({
    env: {
      INBOX_FRAME_ANCESTORS: `'self' ${host.origin}`,
      INBOX_ALLOWED_ORIGINS: host.origin,  // the example host page logs in itself (CORS)
      INBOX_SESSION_TTL: String(TOKEN_TTL_S),
    },
  });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('console', (m) => pageLog.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await stub?.stop();
  host?.server.close();
  evil?.server.close();
});

// ---- helpers ---------------------------------------------------------------------------------

async function freshToken() {
  const res = await fetch(`${stub.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ana@demo.test', password: 'demo123' }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).token;
}

async function apiGet(pathname) {
  const res = await fetch(`${stub.url}/api/v1${pathname}`, { headers: { authorization: `Bearer ${await freshToken()}` } });
  assert.equal(res.status, 200, pathname);
  return res.json();
}

async function allChats() {
  const out = [];
  let cursor = '';
  for (;;) {
    const page = await apiGet(`/whatsapp/chats?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

const hostEvents = () => page.evaluate(() => window.hostEvents);

// Polls `fn` (async, returns a truthy value when done) until it holds; the error names `what`.
async function waitFor(what, fn, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) {
      const events = await hostEvents().catch(() => []);
      throw new Error(`timed out waiting for ${what}\nhost events: ${JSON.stringify(events).slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const frameState = () => frame.evaluate(() => JSON.parse(window.inbox.state()));
const frameTree = () => frame.evaluate(() => JSON.parse(window.inbox.uiTree()));
const frameMetrics = () => frame.evaluate(() => JSON.parse(window.inbox.metrics()));

// Clicks a widget of the framed inbox: uiTree() rects are in the frame's CSS pixels.
async function clickInFrame(role, label) {
  const node = await waitFor(`${role} "${label}" in the frame`,
    async () => (await frameTree()).find((n) => n.role === role && n.label === label && n.enabled !== false));
  const box = await (await frame.frameElement()).boundingBox();
  await page.mouse.click(box.x + node.rect.x + node.rect.w / 2, box.y + node.rect.y + node.rect.h / 2);
  return node;
}

function lastOf(events, type) {
  return events.filter((e) => e.type === type).at(-1);
}

// ---- the scenario (one page, steps in order) ---------------------------------------------------

let openChatId;
let draftText;

test('the inbox is served for framing by the listed host only', async () => {
  const res = await fetch(`${stub.url}/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, new RegExp(`frame-ancestors 'self' ${host.origin}(;|$)`));
  assert.equal(res.headers.get('x-frame-options'), null, 'X-Frame-Options would forbid every host');
  const config = await (await fetch(`${stub.url}/config.json`)).json();
  assert.deepEqual(config.embedOrigins, [host.origin]);
});

test('the host signs the agent in with inbox:auth and hears inbox:ready and inbox:unread', async () => {
  await page.goto(`${host.origin}/embed-example.html?inbox=${encodeURIComponent(stub.url + '/')}`);
  frame = await waitFor('the inbox frame', async () => page.frames().find((f) => f.url().startsWith(stub.url)));
  await waitFor('a signed-in, connected inbox in the frame', async () => {
    const s = await frameState().catch(() => null);
    return s && s.signedIn && s.connection === 'connected' && s.chats.length > 0;
  }, 40000);
  const events = await hostEvents();
  const ready = events.find((e) => e.type === 'inbox:ready');
  assert.ok(ready, 'inbox:ready');
  assert.equal(ready.payload.version, 1);
  // The drawn panels (uiTree() is the last frame): no sign-in form inside the frame, ever, and no
  // sign-out button (the host owns the session), while the theme button is there.
  const tree = await waitFor('the panels drawn', async () => {
    const t = await frameTree();
    return t.some((n) => n.role === 'button' && n.label === 'Mostrar/ocultar ticket') ? t : null;
  });
  assert.ok(!tree.some((n) => n.role === 'textbox' && /e-mail|senha/i.test(n.label)));
  assert.ok(!tree.some((n) => n.role === 'button' && n.label === 'Sair'));
  assert.ok(tree.some((n) => n.role === 'button' && /^Tema /.test(n.label)));
  // The unread badge equals what the server counts.
  const serverTotal = (await allChats()).reduce((sum, c) => sum + c.unreadCount, 0);
  await waitFor(`inbox:unread {total: ${serverTotal}}`, async () => lastOf(await hostEvents(), 'inbox:unread')?.payload.total === serverTotal);
  assert.equal(await page.textContent('#unread'), `${serverTotal} não lidas`);
  // The token is in memory only: nothing of it in the frame's storage.
  // (Chromium may deny a third-party frame its storage altogether; the app must work either way.)
  const stored = await frame.evaluate(() => {
    try {
      return Object.keys(localStorage).map((k) => localStorage.getItem(k)).join('\n');
    } catch (e) {
      return '';
    }
  });
  assert.ok(!/[0-9a-f]{64}/.test(stored), 'a session token was written to localStorage');
});

test('the host opens a conversation by message and hears inbox:conversation-opened', async () => {
  const chats = await allChats();
  const chat = chats.find((c) => c.currentTicket && c.currentTicket.status === 'open' && c.instanceId === '100000000000001');
  assert.ok(chat, 'a chat with an open ticket');
  openChatId = chat.id;
  // Through the example page's own form (it calls inbox.openConversation).
  await page.fill('#chat', openChatId);
  await page.click('#open button');
  await waitFor('the chat selected in the frame', async () => {
    const s = await frameState();
    return s.selectedChatId === openChatId && s.messages.length > 0 && s.ticket && s.ticket.status === 'open';
  });
  const opened = lastOf(await hostEvents(), 'inbox:conversation-opened');
  assert.deepEqual(opened.payload, { chatId: openChatId });
});

test('the host filters by WhatsApp number, switches the theme, and hears inbox:error for a bad message', async () => {
  const all = await allChats();
  const rj = all.filter((c) => c.instanceId === '100000000000002').map((c) => c.id).sort();
  assert.ok(rj.length > 0 && rj.length < all.length);
  await page.evaluate(() => window.embeddedInbox.setInstance('100000000000002'));
  await waitFor('only RJ conversations', async () => {
    const s = await frameState();
    return s.selectedInstanceId === '100000000000002' && JSON.stringify(s.chats.map((c) => c.id).sort()) === JSON.stringify(rj);
  });
  await page.click('#all');  // the example page's "Todas as instâncias": setInstance(null)
  await waitFor('every conversation again', async () => {
    const s = await frameState();
    return s.selectedInstanceId === 'all' && s.chats.length === all.length;
  });

  await page.click('#dark');
  // Dark theme on: the frame's toolbar now offers the light one.
  await waitFor('dark theme in the frame', async () => (await frameTree()).some((n) => n.role === 'button' && n.label === 'Tema claro'));
  await page.click('#light');
  await waitFor('light theme in the frame', async () => (await frameTree()).some((n) => n.role === 'button' && n.label === 'Tema escuro'));

  await page.evaluate(() => window.embeddedInbox.openConversation(''));
  const error = await waitFor('inbox:error', async () => lastOf(await hostEvents(), 'inbox:error'));
  assert.equal(error.payload.code, 'bad_message');
  assert.equal((await frameState()).selectedChatId, openChatId, 'a bad message changed the open chat');
});

test('webhooks raise inbox:unread on the host', async () => {
  const before = lastOf(await hostEvents(), 'inbox:unread').payload.total;
  const stamp = Date.now() % 100000;
  let res = await postWebhook(stub.url, inboundText({ from: `55119777${String(stamp).padStart(5, '0')}`, name: 'Cliente Embed 1', text: 'Oi, vi o anúncio' }));
  assert.equal(res.status, 200);
  await waitFor(`inbox:unread {total: ${before + 1}}`, async () => lastOf(await hostEvents(), 'inbox:unread').payload.total === before + 1);
  res = await postWebhook(stub.url, inboundText({ from: `55119778${String(stamp).padStart(5, '0')}`, name: 'Cliente Embed 2', text: 'Ainda tem vaga?' }));
  assert.equal(res.status, 200);
  await waitFor(`inbox:unread {total: ${before + 2}}`, async () => lastOf(await hostEvents(), 'inbox:unread').payload.total === before + 2);
  assert.equal(await page.textContent('#unread'), `${before + 2} não lidas`);
});

test('closing a ticket inside the frame posts inbox:ticket-closed', async () => {
  const ticket = await apiGet(`/conversations/${openChatId}/ticket`);
  assert.equal(ticket.status, 'open');
  await clickInFrame('button', 'Fechar como Ganho');
  await clickInFrame('button', 'Confirmar');
  const closed = await waitFor('inbox:ticket-closed', async () => lastOf(await hostEvents(), 'inbox:ticket-closed'));
  assert.deepEqual(closed.payload, { ticketId: ticket.id, outcome: 'won', dealValue: ticket.dealValue ?? null });
  assert.equal((await apiGet(`/conversations/${openChatId}/ticket`)).status, 'won');
  assert.match(await page.textContent('#closed'), new RegExp(`Ticket ${ticket.id} fechado: ganho`));
  await screenshot(page, 'embed-host');
});

test('a short-lived token is renewed on inbox:token-expiring without losing the connection or the draft', async () => {
  // A draft in the composer (typed into the frame) must survive every renewal.
  draftText = 'Rascunho do agente';
  await clickInFrame('textbox', 'Mensagem');
  await page.keyboard.type(draftText);
  await waitFor('the draft in the composer', async () =>
    (await frameTree()).some((n) => n.role === 'textbox' && n.label === 'Mensagem' && n.value === draftText));

  const m0 = await frameMetrics();
  const asked0 = (await hostEvents()).filter((e) => e.type === 'inbox:token-expiring').length;
  const events0 = (await hostEvents()).length;
  // Two token lifetimes: every token the host handed over has expired at least once by the end.
  await new Promise((r) => setTimeout(r, 2 * TOKEN_TTL_S * 1000 + 1000));
  const events = await hostEvents();
  const asks = events.filter((e) => e.type === 'inbox:token-expiring');
  assert.ok(asks.length - asked0 >= 2, `asked ${asks.length - asked0} times in ${2 * TOKEN_TTL_S} s`);
  // Asked ahead of time, not after a failure.
  assert.ok(asks.slice(asked0).every((e) => e.payload.inSeconds > 0), JSON.stringify(asks));
  assert.deepEqual(events.slice(events0).filter((e) => e.type === 'inbox:error'), []);

  const s = await frameState();
  assert.equal(s.signedIn, true);
  assert.equal(s.connection, 'connected');
  const m1 = await frameMetrics();
  assert.equal(m1.reconnects, m0.reconnects, 'the WebSocket reconnected');
  assert.ok((await frameTree()).some((n) => n.role === 'textbox' && n.label === 'Mensagem' && n.value === draftText),
    'the draft was lost');
  // The renewed token works: a new conversation opened by the host loads over REST.
  const other = (await allChats()).find((c) => c.id !== openChatId);
  await page.evaluate((id) => window.embeddedInbox.openConversation(id), other.id);
  await waitFor('the other chat loaded with the renewed token', async () => {
    const st = await frameState();
    return st.selectedChatId === other.id && st.messages.length > 0;
  });
  await page.evaluate((id) => window.embeddedInbox.openConversation(id), openChatId);
  await waitFor('back to the first chat', async () => (await frameState()).selectedChatId === openChatId);
});

test('the canvas follows the iframe size and a click gives the frame the keyboard', async () => {
  assert.equal(await frame.evaluate(() => document.hasFocus()), true, 'the click into the composer did not focus the frame');
  const sizes = () => frame.evaluate(() => {
    const c = document.getElementById('canvas');
    return { inner: [innerWidth, innerHeight], backing: [c.width, c.height], dpr: devicePixelRatio };
  });
  const before = await sizes();
  await page.setViewportSize({ width: 1100, height: 700 });
  const after = await waitFor('the frame resized', async () => {
    const s = await sizes();
    return s.inner[0] !== before.inner[0] && s.backing[0] === Math.round(s.inner[0] * s.dpr) ? s : null;
  });
  assert.equal(after.backing[1], Math.round(after.inner[1] * after.dpr));
  // The app lays out in the new size: its widgets stay inside the frame.
  await waitFor('widgets laid out in the new width', async () => {
    const tree = await frameTree();
    return tree.length > 0 && tree.every((n) => n.rect.x + n.rect.w <= after.inner[0] + 1) &&
      tree.some((n) => n.rect.x + n.rect.w > after.inner[0] - 300);
  });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('messages from an unlisted origin are ignored', async () => {
  const other = (await allChats()).find((c) => c.id !== openChatId);
  const before = await frameState();
  const eventsBefore = (await hostEvents()).length;
  // Count what reaches the frame, so the test proves the messages did arrive.
  await frame.evaluate(() => {
    window.__seen = [];
    window.addEventListener('message', (e) => window.__seen.push(e.origin));
  });
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    f.style.cssText = 'width:10px;height:10px';
    document.body.appendChild(f);
  }, `${evil.origin}/sibling.html?chat=${other.id}`);
  // (The host's own renewals may arrive meanwhile: only the third origin's four are counted.)
  await waitFor('the forged messages delivered', async () =>
    (await frame.evaluate((o) => window.__seen.filter((x) => x === o).length, evil.origin)) === 4);
  await new Promise((r) => setTimeout(r, 500));
  const after = await frameState();
  assert.equal(after.signedIn, true, 'inbox:sign-out from a third origin was obeyed');
  assert.equal(after.selectedChatId, before.selectedChatId, 'inbox:open-conversation from a third origin was obeyed');
  // Nothing happened because of them (the 12 s token renewals go on meanwhile: those are fine).
  const newEvents = (await hostEvents()).slice(eventsBefore).filter((e) => e.type !== 'inbox:token-expiring');
  assert.deepEqual(newEvents, [], 'the forged messages had an effect');
  assert.ok((await frameTree()).some((n) => n.role === 'textbox' && n.label === 'Mensagem' && n.value === draftText));
});

test('the host signs the agent out: no sign-in form appears in the frame', async () => {
  await page.evaluate(() => window.embeddedInbox.signOut());
  await waitFor('signed out', async () => !(await frameState()).signedIn);
  await waitFor('inbox:unread {total: 0}', async () => lastOf(await hostEvents(), 'inbox:unread').payload.total === 0);
  // uiTree() is the last drawn frame: wait for the frame that shows the signed-out screen.
  const tree = await waitFor('the waiting screen', async () => {
    const t = await frameTree();
    return t.some((n) => /Aguardando/.test(n.label)) ? t : null;
  });
  assert.ok(!tree.some((n) => n.role === 'textbox' || n.role === 'button'), JSON.stringify(tree));
  const errors = pageLog.filter((l) => l.startsWith('[pageerror]'));
  assert.deepEqual(errors, []);
});

test('a page from a third origin cannot frame the inbox (CSP frame-ancestors)', async () => {
  const evilPage = await context.newPage();
  const log = [];
  evilPage.on('console', (m) => log.push(m.text()));
  try {
    await evilPage.goto(`${evil.origin}/frame.html`);
    const child = await waitFor('the child frame', async () => evilPage.frames().find((f) => f !== evilPage.mainFrame()));
    await waitFor('the refusal', async () => log.some((l) => /frame-ancestors/.test(l)), 10000);
    // Give a loaded app time to show itself: it must not.
    await new Promise((r) => setTimeout(r, 1000));
    const hasInbox = await child.evaluate(() => typeof window.inbox !== 'undefined').catch(() => false);
    assert.equal(hasInbox, false, 'the inbox ran inside a third-origin page');
    assert.ok(!child.url().startsWith(stub.url) || !hasInbox);
  } finally {
    await evilPage.close();
  }
});

test('a token that expires while the host is slow: the frame asks, keeps the session and the draft, and goes on', async () => {
  const held = await context.newPage();
  try {
    await held.goto(`${host.origin}/held.html`);
    const f = await waitFor('the frame', async () => held.frames().find((x) => x.url().startsWith(stub.url)));
    const st = () => f.evaluate(() => JSON.parse(window.inbox.state()));
    const tree = () => f.evaluate(() => JSON.parse(window.inbox.uiTree()));
    const events = () => held.evaluate(() => window.events);
    await waitFor('signed in', async () => {
      const s = await st().catch(() => null);
      return s && s.signedIn && s.connection === 'connected' && s.chats.length > 1;
    }, 40000);
    const [first, second] = (await st()).chats;
    await held.evaluate((id) => window.embedded.openConversation(id), first.id);
    await waitFor('first chat open', async () => (await st()).selectedChatId === first.id);
    // Type a draft into the frame's composer.
    const box = await (await f.frameElement()).boundingBox();
    const composer = await waitFor('composer', async () => (await tree()).find((n) => n.role === 'textbox' && n.label === 'Mensagem'));
    await held.mouse.click(box.x + composer.rect.x + composer.rect.w / 2, box.y + composer.rect.y + composer.rect.h / 2);
    await held.keyboard.type('Não perca este rascunho');
    await waitFor('draft typed', async () => (await tree()).some((n) => n.label === 'Mensagem' && n.value === 'Não perca este rascunho'));

    // The host's token service stalls; the token runs out.
    await held.evaluate(() => { window.hold = true; });
    const n0 = (await events()).length;
    await waitFor('inbox:token-expiring ahead of time', async () =>
      (await events()).slice(n0).some((e) => e.type === 'inbox:token-expiring' && e.payload.inSeconds > 0), (TOKEN_TTL_S + 2) * 1000);
    await new Promise((r) => setTimeout(r, 4500));  // past the expiry (asked ≤ 3 s before it)
    const reconnects0 = JSON.parse(await f.evaluate(() => window.inbox.metrics())).reconnects;

    // The agent (here: the host) opens another conversation: the API says 401, the frame asks at once.
    await held.evaluate((id) => window.embedded.openConversation(id), second.id);
    await waitFor('inbox:token-expiring {inSeconds: 0}', async () =>
      (await events()).slice(n0).some((e) => e.type === 'inbox:token-expiring' && e.payload.inSeconds === 0));
    const during = await st();
    assert.equal(during.signedIn, true, 'the frame signed out');
    assert.equal(f.url(), `${stub.url}/`, 'the frame navigated');
    assert.ok(!(await tree()).some((n) => n.role === 'textbox' && /e-mail|senha/i.test(n.label)), 'a sign-in form appeared');

    // The host answers late: the waiting call goes on with the new token.
    await held.evaluate(() => window.release());
    await waitFor('the second chat loaded after the renewal', async () => {
      const s = await st();
      return s.selectedChatId === second.id && s.messages.length > 0;
    });
    assert.deepEqual((await events()).filter((e) => e.type === 'inbox:error'), []);
    assert.equal(JSON.parse(await f.evaluate(() => window.inbox.metrics())).reconnects, reconnects0);
    // Back to the first chat: the draft is still there.
    await held.evaluate((id) => window.embedded.openConversation(id), first.id);
    await waitFor('the draft kept', async () =>
      (await tree()).some((n) => n.role === 'textbox' && n.label === 'Mensagem' && n.value === 'Não perca este rascunho'));
  } finally {
    await held.close();
  }
});
