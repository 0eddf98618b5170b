// Shared steps of the e2e suite: REST sign-in, waiting on window.inbox.state()/uiTree(), acting on
// the canvas through the rects uiTree() reports, and the WhatsApp fixtures replayed "now".
import assert from 'node:assert/strict';
import { fixtures, sign, TEST_APP_SECRET } from '../support/webhooks.mjs';

export const PASSWORD = 'demo123';

// ---- REST ------------------------------------------------------------------------------------

export async function login(base, email, password = PASSWORD) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `login ${email}`);
  return res.json();
}

export async function api(base, token, path, { method = 'GET', body } = {}) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, json };
}

// Every chat of the caller's organization (all pages), optionally of one instance.
export async function allChats(base, token, { instanceId } = {}) {
  const out = [];
  let cursor = '';
  for (;;) {
    const q = new URLSearchParams({ limit: '100' });
    if (instanceId) q.set('instanceId', instanceId);
    if (cursor) q.set('cursor', cursor);
    const { status, json } = await api(base, token, `/whatsapp/chats?${q}`);
    assert.equal(status, 200);
    out.push(...json.items);
    if (!json.nextCursor) return out;
    cursor = json.nextCursor;
  }
}

// ---- waiting on the page's own state ----------------------------------------------------------

// Waits until predicate(state, arg) is true in the page. The predicate runs inside the page (it is
// sent as source: keep it self-contained). On timeout the error carries what the page last showed.
export async function until(page, predicate, arg = null, { timeout = 15000, what = 'state' } = {}) {
  const reader = what === 'tree' ? 'uiTree' : what === 'metrics' ? 'metrics' : 'state';
  // Evaluated through the DevTools protocol on every poll: the page's CSP (no 'unsafe-eval') rules
  // out page.waitForFunction with composed source, and the predicate must stay self-contained.
  const expression = `(() => { const v = JSON.parse(window.inbox.${reader}()); return !!(${predicate.toString()})(v, ${JSON.stringify(arg)}); })()`;
  const deadline = Date.now() + timeout;
  let error = null;
  for (;;) {
    try {
      if (await page.evaluate(expression)) return;
      error = null;
    } catch (e) {
      error = e;  // the page may be reloading
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));  // poll interval
  }
  let last = '';
  try { last = await page.evaluate(`window.inbox.${reader}()`); } catch { /* page gone */ }
  throw new Error(`timed out after ${timeout} ms waiting for ${predicate.toString().slice(0, 300)} (arg ${JSON.stringify(arg)})\n` +
    `last ${reader}: ${last.slice(0, 3000)}${error ? `\nlast error: ${error.message}` : ''}`);
}

export const state = (page) => page.evaluate(() => JSON.parse(window.inbox.state()));
export const uiTree = (page) => page.evaluate(() => JSON.parse(window.inbox.uiTree()));
export const metrics = (page) => page.evaluate(() => JSON.parse(window.inbox.metrics()));

const matches = (node, role, label) => node.role === role &&
  (label instanceof RegExp ? label.test(node.label) : node.label === label);

// The first node of uiTree() with this role and label (a string, or a RegExp), waiting for it.
export async function findNode(page, role, label, { timeout = 15000 } = {}) {
  const pattern = label instanceof RegExp ? { source: label.source, flags: label.flags } : null;
  await until(page, (tree, a) => tree.some((n) => n.role === a.role &&
    (a.pattern ? new RegExp(a.pattern.source, a.pattern.flags).test(n.label) : n.label === a.label)),
  { role, label: pattern ? null : label, pattern }, { timeout, what: 'tree' });
  return (await uiTree(page)).find((n) => matches(n, role, label));
}

export async function findNodes(page, role, label) {
  return (await uiTree(page)).filter((n) => matches(n, role, label));
}

export const center = (node) => ({ x: node.rect.x + node.rect.w / 2, y: node.rect.y + node.rect.h / 2 });

export async function click(page, role, label, options) {
  const node = await findNode(page, role, label, options);
  const { x, y } = center(node);
  await page.mouse.click(x, y);
  return node;
}

// Waits until the app has drawn everything it wanted to (no frame for `quietMs`).
export async function settle(page, quietMs = 400) {
  await page.waitForFunction((quiet) => {
    const m = JSON.parse(window.inbox.metrics());
    const w = window.__settle || (window.__settle = { frames: -1, since: 0 });
    const now = performance.now();
    if (m.framesRendered !== w.frames) { w.frames = m.framesRendered; w.since = now; return false; }
    return now - w.since >= quiet;
  }, quietMs, { timeout: 15000, polling: 50 });
  await page.evaluate(() => { window.__settle = null; });
}

// HTTP requests of the page still waiting for an answer (the WebSocket is not one of them).
const inflight = new WeakMap();
export function trackRequests(page) {
  if (inflight.has(page)) return;
  const open = new Set();
  inflight.set(page, open);
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}

// settle(), and first no request of the page in flight: a late answer would be a change to draw.
export async function quiesce(page, quietMs = 1000) {
  const open = inflight.get(page);
  assert.ok(open, 'trackRequests(page) first');
  const deadline = Date.now() + 15000;
  while (open.size > 0) {
    assert.ok(Date.now() < deadline, `requests still open: ${[...open].map((r) => r.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await settle(page, quietMs);
  assert.equal(open.size, 0, 'a request started while settling');
}

// Signs in with a token from POST /auth/login and waits for a live, loaded inbox.
export async function signInWithToken(page, token) {
  await page.evaluate((t) => window.inbox.signIn(t), token);
  await until(page, (s) => s.signedIn && s.connection === 'connected' && s.chats.length > 0 && s.instances.length > 0,
    null, { timeout: 20000 });
}

// Opens a chat by clicking its row (searching for it first when it is not on screen).
export async function openChat(page, name) {
  let row = (await findNodes(page, 'listitem', name))[0];
  if (!row) {
    await setSearch(page, name);
    row = await findNode(page, 'listitem', name);
  }
  await page.mouse.click(center(row).x, center(row).y);
  await until(page, (s, n) => s.chats.some((c) => c.id === s.selectedChatId && c.name === n) && s.ticket !== null &&
    s.messages.length > 0, name);
}

// Replaces what the search box holds by typing into it like an agent.
export async function setSearch(page, text) {
  const box = await findNode(page, 'textbox', 'Buscar conversas');
  await page.mouse.click(center(box).x, center(box).y);
  await until(page, (tree) => tree.some((n) => n.role === 'textbox' && n.label === 'Buscar conversas' && n.focused), null, { what: 'tree' });
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  // One text input, as an IME or a paste delivers it (the sign-in and composer steps type key by key).
  if (text) await page.keyboard.insertText(text);
  await until(page, (s, t) => s.search === t, text);
}

// ---- WhatsApp fixtures, replayed now ----------------------------------------------------------

// The platform's compact form: JSON without spaces, every non-ASCII character as \uXXXX. Checked
// against the committed signed/ bytes, so a replayed body differs from the fixture only where we
// change it on purpose.
export function platformBytes(body) {
  return Buffer.from(JSON.stringify(body).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

// Every fixture with its timestamps moved to the last few seconds (order and 1-second gaps kept,
// so new chats land at the top of a freshly seeded inbox), signed with the test app secret.
export function replayedFixtures(nowSeconds = Math.floor(Date.now() / 1000)) {
  const all = fixtures();
  const stamps = new Set();
  const walk = (body, fn) => {
    for (const e of body.entry || []) for (const c of e.changes || []) {
      for (const m of c.value.messages || []) fn(m);
      for (const s of c.value.statuses || []) fn(s);
    }
  };
  for (const f of all) walk(f.body, (x) => stamps.add(Number(x.timestamp)));
  const sorted = [...stamps].sort((a, b) => a - b);
  const base = nowSeconds - sorted.length - 1;
  return all.map((f) => {
    const body = structuredClone(f.body);
    walk(body, (x) => { x.timestamp = String(base + sorted.indexOf(Number(x.timestamp))); });
    const raw = platformBytes(body);
    return { ...f, original: f.body, body, raw, signature: sign(raw, TEST_APP_SECRET) };
  });
}

// Posts raw bytes as Meta does: signed, retried until the stub answers 200 (it may be down).
export async function deliver(base, raw, { secret = TEST_APP_SECRET, retryForMs = 0 } = {}) {
  const bytes = Buffer.isBuffer(raw) ? raw : platformBytes(raw);
  const deadline = Date.now() + retryForMs;
  for (;;) {
    try {
      const res = await fetch(`${base}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(bytes, secret) },
        body: bytes,
      });
      if (res.status === 200 || Date.now() >= deadline) return res.status;
    } catch (e) {
      if (Date.now() >= deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));  // retry pacing of a sender, not a wait on the page
  }
}

// ---- console and latency -------------------------------------------------------------------------

// No error in the page's console. `once` lists regexes of errors a step caused on purpose (each
// allows exactly one line, e.g. Chromium's own "Failed to load resource: 401" for a wrong password);
// `during` lists errors the browser itself logs any number of times while the server is down.
export function assertNoConsoleErrors(inbox, once = [], during = []) {
  const left = [...once];
  const errors = inbox.errors().filter((line) => {
    if (during.some((re) => re.test(line))) return false;
    const i = left.findIndex((re) => re.test(line));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
  assert.deepEqual(errors, [], 'the page logged errors');
}

export function latencySummary(values) {
  if (!values.length) return 'no samples';
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return `n=${v.length} min=${v[0]} p50=${q(0.5)} p95=${q(0.95)} max=${v[v.length - 1]} ms`;
}
