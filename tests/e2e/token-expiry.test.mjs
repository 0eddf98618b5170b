// Connection and subscription JWTs that live 5 seconds (--token-ttl 5, docs/OPERATING.md): the
// page keeps refreshing them through a minute of steady WhatsApp traffic, stays live and misses
// nothing. Scenario 8 of the e2e issue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openInbox, screenshot } from '../support/browser.mjs';
import { startStub } from '../support/stub.mjs';
import { inboundText, TEST_APP_SECRET } from '../support/webhooks.mjs';
import { assertNoConsoleErrors, deliver, latencySummary, login, metrics, openChat, signInWithToken, state, until } from './helpers.mjs';

const TTL_SECONDS = 5;
const TRAFFIC_MS = 60000;

let stub;
let browser;
let inbox;

before(async () => {
  stub = await startStub({ env: { WHATSAPP_APP_SECRET: TEST_APP_SECRET }, args: ['--token-ttl', String(TTL_SECONDS)] });
  browser = await launchBrowser();
  inbox = await openInbox(browser, `${stub.url}/`);
});

after(async () => {
  inbox?.saveLog('token-expiry');
  await browser?.close();
  await stub?.stop();
});

test('8. with 5-second token TTLs the session keeps working through a minute of traffic', async (t) => {
  const { page } = inbox;
  const session = await login(stub.url, 'ana@demo.test');
  // The stub really hands out short tokens.
  const tokenRes = await fetch(`${stub.url}/api/v1/centrifugo/token`, { headers: { authorization: `Bearer ${session.token}` } });
  const { expiresAt } = await tokenRes.json();
  assert.ok(expiresAt - Date.now() <= TTL_SECONDS * 1000 + 1000, `token lives ${expiresAt - Date.now()} ms`);

  await signInWithToken(page, session.token);
  const customer = { from: '5511955550008', name: 'Tiago Token' };
  const first = 'Bom dia! Vou mandar várias mensagens seguidas, tudo bem?';
  assert.equal(await deliver(stub.url, inboundText({ ...customer, text: first })), 200);
  await until(page, (s, n) => s.chats[0].name === n, customer.name);
  await openChat(page, customer.name);

  // Watch the connection from inside the page for the whole minute.
  await page.evaluate(() => {
    window.__conn = [];
    window.__connWatch = setInterval(() => {
      const c = JSON.parse(window.inbox.state()).connection;
      if (window.__conn.at(-1)?.state !== c) window.__conn.push({ state: c, at: Date.now() });
    }, 50);
  });
  const before = await metrics(page);
  const texts = [];
  const start = Date.now();
  for (let i = 1; Date.now() - start < TRAFFIC_MS; ++i) {
    const text = `Mensagem ${i} (token de ${TTL_SECONDS} s) — ${new Date().toISOString().slice(11, 19)}`;
    texts.push(text);
    assert.equal(await deliver(stub.url, inboundText({ ...customer, text })), 200);
    await new Promise((r) => setTimeout(r, 1000));  // WhatsApp's pace: one message a second
  }
  const expected = [first, ...texts];
  await until(page, (s, n) => s.messages.length >= n, expected.length, { timeout: 20000 });
  const s = await state(page);
  assert.deepEqual(s.messages.map((m) => m.text), expected, 'every message, once, in order');
  const after = await metrics(page);
  const transitions = await page.evaluate(() => { clearInterval(window.__connWatch); return window.__conn; });
  const line = `token TTL ${TTL_SECONDS} s, ${texts.length} messages in ${Math.round((Date.now() - start) / 1000)} s: ` +
    `connection ${transitions.map((x) => x.state).join(' → ')}; reconnects +${after.reconnects - before.reconnects}, ` +
    `polls +${after.polls - before.polls}, restRequests +${after.restRequests - before.restRequests}; ` +
    `push-to-screen latency ${latencySummary(after.pushLatencyMs)}`;
  t.diagnostic(line);
  console.log(`# ${line}`);
  assert.equal(s.connection, 'connected');
  // Live all along: the agent never saw the link degrade, and nothing had to be fetched by polling.
  assert.deepEqual(transitions.map((x) => x.state), ['connected'], 'the connection left "connected"');
  assert.equal(after.polls, before.polls, 'messages came by push, not by the polling fallback');
  await screenshot(page, 'token-expiry');
  assertNoConsoleErrors(inbox);
});
