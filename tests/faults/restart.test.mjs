// Server faults: the stub killed with SIGKILL in the middle of a webhook burst and restarted on the
// same database; a clean hub restart (new epoch) while the page could not reach it. Every webhook
// answered 200 is stored and shown exactly once; the page refetches what it missed.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startStub } from '../support/stub.mjs';
import { inboundText, postWebhook } from '../support/webhooks.mjs';
import {
  assertAgentWorkSurvived, assertShownOnce, login, postToChat, setUpWorld, sleep, tearDown, trace, until,
} from './helpers.mjs';

let world;
let failed = false;
const dbDirs = new Set();
before(async () => {
  world = await setUpWorld({ name: 'faults-restart', keepDb: true });
  dbDirs.add(path.dirname(world.stub.db));
});
after(async () => {
  await tearDown(world, { failed });
  for (const d of dbDirs) rmSync(d, { recursive: true, force: true });
});
const track = (fn) => async (t) => { try { await fn(t); } catch (e) { failed = true; throw e; } };

// The chat's messages as the server has them (REST, straight to the stub).
async function serverMessageIds(world) {
  const { token } = await login(world.stub.url);
  const res = await fetch(`${world.stub.url}/api/v1/whatsapp/chats/${world.chatId}/messages?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return (await res.json()).items.map((m) => m.id);
}

async function restartStub(world, { kill }) {
  const db = world.stub.db;
  if (kill) await world.stub.kill(); else await world.stub.stop();
  world.stub = await startStub({ db });
  world.proxy.setUpstream(world.stub.port);
}

test('kill -9 during a webhook burst, restart: every webhook answered 200 is stored and shown once', track(async () => {
  const { page } = world;
  const bodies = Array.from({ length: 36 }, (_, i) => inboundText({ from: world.phone, name: world.customer, text: `rajada ${i}` }));
  const ids = bodies.map((b) => b.entry[0].changes[0].value.messages[0].id);
  const answered = new Map();   // id → HTTP status, or 0 when the connection died
  const url = world.stub.url;
  // Six senders in parallel, as Meta delivers; the stub dies once a third has been answered.
  let next = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const i = next++;
      try { answered.set(ids[i], (await postWebhook(url, bodies[i])).status); } catch { answered.set(ids[i], 0); }
    }
  };
  const killer = (async () => {
    while ([...answered.values()].filter((s) => s === 200).length < 12) await sleep(5);
    await world.stub.kill();
  })();
  await Promise.all([sender(), sender(), sender(), sender(), sender(), sender(), killer]);
  const ok = ids.filter((id) => answered.get(id) === 200);
  trace('burst: answered 200:', ok.length, 'of', ids.length);
  assert.ok(ok.length >= 12 && ok.length < ids.length, `the kill did not land mid-burst (${ok.length} answered)`);

  world.stub = await startStub({ db: world.stub.db });
  world.proxy.setUpstream(world.stub.port);
  // Nothing answered 200 was lost by the kill.
  const afterRestart = new Set(await serverMessageIds(world));
  for (const id of ok) assert.ok(afterRestart.has(id), `webhook ${id} was answered 200 but is not stored`);
  // Meta retries what was not answered 200; a few answered ones come again too (duplicates).
  for (let i = 0; i < bodies.length; i++) {
    if (answered.get(ids[i]) !== 200 || i % 6 === 0) assert.equal((await postWebhook(world.stub.url, bodies[i])).status, 200);
  }
  const stored = await serverMessageIds(world);
  for (const id of ids) assert.equal(stored.filter((x) => x === id).length, 1, `${id} stored ${stored.filter((x) => x === id).length} times`);

  // The page reconnects to the new hub (new epoch: recovered false) and refetches.
  const s = await until(page, (st) => st.connection === 'connected' && ids.every((id) => st.messages.some((m) => m.id === id)),
    { what: 'every burst message on screen after the restart', timeout: 30000 });
  assertShownOnce(s, [world.firstId, ...ids]);
  await assertAgentWorkSurvived(world);
}));

test('hub restart with a new epoch while the page could not reach it: the page refetches what it missed', track(async () => {
  const { page, proxy } = world;
  const epochsBefore = proxy.stats.epochs.size;
  // The page can reach neither the hub nor the REST API for a while.
  proxy.refuseWebSockets(true);
  proxy.fail('/api/v1/', { status: 503 });
  await restartStub(world, { kill: false });
  const missed = [];
  for (let i = 0; i < 3; i++) {
    const m = await postToChat(world, `enquanto estava fora ${i}`);
    assert.equal(m.status, 200);
    missed.push(m.id);
  }
  await sleep(1500);
  proxy.clearRules();
  proxy.refuseWebSockets(false);
  const s = await until(page, (st) => st.connection === 'connected' && missed.every((id) => st.messages.some((m) => m.id === id)),
    { what: 'the missed messages after the hub came back', timeout: 30000 });
  assertShownOnce(s, [world.firstId, ...missed]);
  assert.ok(proxy.stats.epochs.size > epochsBefore, 'the page never subscribed to the new epoch');
  assert.ok(proxy.stats.notRecovered > 0, 'the hub never answered recovered:false');
  await assertAgentWorkSurvived(world);
}));
