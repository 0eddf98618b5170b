// Realtime link faults: the WebSocket cut in the middle of a frame, a stalled link, the token
// endpoint failing for a while. Every message still shows exactly once; the draft and the
// unsent message survive.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { metrics } from '../support/browser.mjs';
import {
  assertAgentWorkSurvived, assertShownOnce, postToChat, setUpWorld, sleep, tearDown, trace, until,
} from './helpers.mjs';

let world;
let failed = false;
before(async () => {
  // Short pings so a stalled link is noticed within seconds; short tokens so they are refreshed.
  world = await setUpWorld({ name: 'faults-websocket', stubEnv: { INBOX_PING_INTERVAL: '4', INBOX_PONG_TIMEOUT: '2' }, stubArgs: ['--token-ttl', '10'] });
});
after(async () => { await tearDown(world, { failed }); });
const track = (fn) => async (t) => { try { await fn(t); } catch (e) { failed = true; throw e; } };

test('a WebSocket cut in the middle of a publication frame: reconnect, recover, show it once', track(async () => {
  const { page, proxy } = world;
  const before = await metrics(page);
  const cut = proxy.cutNextFrame({ minBytes: 64 });
  trace('cut armed; open WebSockets:', proxy.openWebSockets(), 'closes so far:', JSON.stringify(proxy.stats.closes));
  const lost = await postToChat(world, 'esta chega cortada ao meio');
  trace('webhook answered', lost.status);
  assert.equal(lost.status, 200);
  assert.ok(await cut > 64, 'the publication frame was cut');
  trace('frame cut');
  // Sent while the page is reconnecting: it must arrive through recovery, not be skipped.
  const during = await postToChat(world, 'enviada durante a reconexão');
  assert.equal(during.status, 200);
  const s = await until(page, (st) => st.connection === 'connected' && st.messages.some((m) => m.id === during.id) && st.messages.some((m) => m.id === lost.id),
    { what: 'both messages after the reconnect' });
  assertShownOnce(s, [world.firstId, lost.id, during.id]);
  const m = await metrics(page);
  assert.ok(m.reconnects > before.reconnects, 'the client did not reconnect');
  await assertAgentWorkSurvived(world);
}));

test('a stalled link (no bytes, no close) is noticed by pings and replaced', track(async () => {
  const { page, proxy } = world;
  const before = await metrics(page);
  proxy.hold();
  const meanwhile = await postToChat(world, 'enviada com o link parado');
  assert.equal(meanwhile.status, 200);
  // Server ping 4 s + pong 2 s; the client waits ping interval + its own margin.
  let reconnected = false;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if ((await metrics(page)).reconnects > before.reconnects) { reconnected = true; break; }
    await sleep(250);
  }
  proxy.release();
  assert.ok(reconnected, 'the client never gave up on the stalled connection');
  const s = await until(page, (st) => st.connection === 'connected' && st.messages.some((m) => m.id === meanwhile.id), { what: 'the held message' });
  assertShownOnce(s, [meanwhile.id]);
  await assertAgentWorkSurvived(world);
}));

test('the token endpoint failing for a while: degraded + polling, then back to realtime', track(async () => {
  const { page, proxy } = world;
  // Tokens live 10 s: while the endpoint fails, refreshes fail and the tokens the page holds expire.
  proxy.fail('/api/v1/centrifugo/', { status: 500, forMs: 16000 });
  await sleep(11000);
  const faultedBefore = proxy.stats.faulted;
  proxy.cutAll();   // reconnecting now needs a fresh token, which the endpoint does not give
  await until(page, (st) => st.connection === 'degraded', { what: 'the degraded banner', timeout: 10000 });
  const during = await postToChat(world, 'chega pelo polling');
  assert.equal(during.status, 200);
  // Polling keeps the open chat fresh while realtime is down.
  await until(page, (st) => st.messages.some((m) => m.id === during.id), { what: 'the message through polling', timeout: 10000 });
  assert.ok(proxy.stats.faulted > faultedBefore, 'the page never asked the failing token endpoint');
  await until(page, (st) => st.connection === 'connected', { what: 'realtime back after the token endpoint recovers', timeout: 30000 });
  const after = await postToChat(world, 'de novo em tempo real');
  const s = await until(page, (st) => st.messages.some((m) => m.id === after.id), { what: 'a push after recovery' });
  assertShownOnce(s, [during.id, after.id]);
  await assertAgentWorkSurvived(world);
}));
