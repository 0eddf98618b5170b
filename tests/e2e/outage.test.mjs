// The stub dies (kill -9) while WhatsApp keeps sending, and comes back on the same port and
// database: the page shows the outage, reconnects by itself and ends with every message exactly
// once. Scenario 7 of the e2e issue.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openInbox, screenshot } from '../support/browser.mjs';
import { startStub } from '../support/stub.mjs';
import { inboundText, TEST_APP_SECRET } from '../support/webhooks.mjs';
import {
  assertNoConsoleErrors, deliver, findNode, latencySummary, login, metrics, openChat, signInWithToken, state, until,
} from './helpers.mjs';

const env = { WHATSAPP_APP_SECRET: TEST_APP_SECRET };
// What Chromium itself logs while the server is unreachable (not the app's own errors).
const WHILE_DOWN = [/net::ERR_CONNECTION_REFUSED/, /WebSocket connection to '.*' failed/, /ERR_CONNECTION_RESET/, /ERR_EMPTY_RESPONSE/];

let dir;
let stub;
let browser;
let inbox;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'inbox-e2e-outage-'));
  stub = await startStub({ env, db: path.join(dir, 'inbox.db') });
  browser = await launchBrowser();
  inbox = await openInbox(browser, `${stub.url}/`);
});

after(async () => {
  inbox?.saveLog('outage');
  await browser?.close();
  await stub?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The same port can stay busy for a moment after a crash: try again briefly.
async function restartOnSamePort(port, db) {
  for (let attempt = 0; ; ++attempt) {
    try {
      return await startStub({ env, db, port });
    } catch (e) {
      if (attempt >= 20) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

test('7. kill -9 and restart while webhooks keep coming: outage shown, reconnected by itself, every message once', async (t) => {
  const { page } = inbox;
  const session = await login(stub.url, 'ana@demo.test');
  await signInWithToken(page, session.token);
  const customer = { from: '5511966660007', name: 'Paula Queda' };
  const first = 'Oi, vocês estão aí? Preciso de ajuda com a fatura.';
  assert.equal(await deliver(stub.url, inboundText({ ...customer, text: first })), 200);
  await until(page, (s, n) => s.chats[0].name === n, customer.name);
  await openChat(page, customer.name);

  // WhatsApp's side: 30 messages, a few per second, each retried until the server answers 200.
  const total = 30;
  const texts = Array.from({ length: total }, (_, i) => `Mensagem ${i + 1} de ${total} — durante a queda? ${i % 2 ? '⚡' : 'ok'}`);
  let delivered = 0;
  const base = stub.url;
  const sender = (async () => {
    for (const text of texts) {
      const status = await deliver(base, inboundText({ ...customer, text }), { retryForMs: 60000 });
      assert.equal(status, 200);
      delivered += 1;
      await new Promise((r) => setTimeout(r, 150));  // sender pacing
    }
  })();

  await until(page, (s) => s.messages.length >= 6);
  const reconnectsBefore = (await metrics(page)).reconnects;
  const port = stub.port;
  const db = stub.db;
  await stub.kill();  // SIGKILL: no close frame, no goodbye
  const killedAt = Date.now();
  t.diagnostic(`killed after ${delivered} webhooks`);

  // The agent is told at once (within the degrade delay), not left looking at a silent screen.
  await until(page, (s) => s.connection === 'degraded' || s.connection === 'disconnected', null, { timeout: 15000 });
  const shownAfter = Date.now() - killedAt;
  await findNode(page, 'alert', /Sem conexão com o servidor|Tempo real indisponível/);
  await screenshot(page, 'outage-1-down');
  const down = await state(page);

  stub = await restartOnSamePort(port, db);
  const restartedAt = Date.now();
  await until(page, (s) => s.connection === 'connected', null, { timeout: 30000 });
  const reconnectedAfter = Date.now() - restartedAt;
  await sender;
  assert.equal(delivered, total);

  // Every message exactly once, in order, in the open conversation and nowhere else.
  const expected = [first, ...texts];
  await until(page, (s, n) => s.messages.length >= n, expected.length, { timeout: 20000 });
  const s = await state(page);
  assert.deepEqual(s.messages.map((m) => m.text), expected);
  assert.equal(new Set(s.messages.map((m) => m.id)).size, s.messages.length, 'no message twice');
  assert.equal(s.chats.filter((c) => c.name === customer.name).length, 1);
  assert.equal(s.chats[0].name, customer.name);
  const m = await metrics(page);
  assert.ok(m.reconnects > reconnectsBefore, 'the client reconnected');
  const line = `outage: shown ${down.connection} ${shownAfter} ms after kill -9; connected again ${reconnectedAfter} ms after restart; ` +
    `reconnects ${m.reconnects}, polls ${m.polls}; push-to-screen latency ${latencySummary(m.pushLatencyMs)}`;
  t.diagnostic(line);
  console.log(`# ${line}`);
  await screenshot(page, 'outage-2-back');
  assertNoConsoleErrors(inbox, [], WHILE_DOWN);
});
