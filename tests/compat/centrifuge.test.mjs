// The official centrifuge-js SDK against a real backend-stub: it must not be able to tell
// the embedded hub from Centrifugo for what the inbox uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStub } from '../support/stub.mjs';
import { API_KEY, login, tokenGetters, newClient, inboundWebhook, postWebhook, waitFor, sleep } from './helpers.mjs';

let stub;
let ana;
let carla;

before(async () => {
  stub = await startStub({ env: { CENTRIFUGO_API_KEY: API_KEY, WHATSAPP_APP_SECRET: '' } });
  ana = await login(stub.url, 'ana@demo.test');
  carla = await login(stub.url, 'carla@outra.test');
});

after(async () => {
  await stub?.stop();
});

test('connects, subscribes with getToken and receives the publication a webhook causes', async () => {
  const tokens = tokenGetters(stub.url, ana);
  const client = newClient(stub.url, tokens.connection);
  const channel = `org:${ana.organizationId}:messages`;
  const sub = client.newSubscription(channel, { getToken: tokens.subscription });
  try {
    const subscribed = waitFor(sub, 'subscribed');
    sub.subscribe();
    client.connect();
    const ctx = await subscribed;
    assert.equal(ctx.channel, channel);
    assert.equal(ctx.recoverable, true);
    assert.equal(typeof ctx.streamPosition.epoch, 'string');

    const { messageId, body } = inboundWebhook('Olá! Quero saber do plano fibra 😊');
    const got = waitFor(sub, 'publication', (p) => p.data?.message?.id === messageId);
    const sentAt = Date.now();
    await postWebhook(stub.url, body);
    const pub = await got;
    assert.equal(pub.data.type, 'message.created');
    assert.equal(pub.data.message.text, 'Olá! Quero saber do plano fibra 😊');
    assert.equal(pub.data.chat.id, pub.data.chatId);
    assert.ok(pub.data.chat.unreadCount >= 1);
    assert.ok(Number.isInteger(pub.data.chat.version));
    assert.ok(pub.data.ts >= sentAt - 1000 && pub.data.ts <= Date.now() + 1000, 'ts is server time in ms');
    assert.ok(pub.offset > 0);
  } finally {
    client.disconnect();
  }
});

test('recovers the publications missed during a forced disconnect', async () => {
  const tokens = tokenGetters(stub.url, ana);
  const client = newClient(stub.url, tokens.connection);
  const channel = `org:${ana.organizationId}:messages`;
  const sub = client.newSubscription(channel, { getToken: tokens.subscription });
  const received = [];
  sub.on('publication', (p) => received.push(p.data?.message?.id));
  try {
    const first = waitFor(sub, 'subscribed');
    sub.subscribe();
    client.connect();
    await first;

    const disconnected = waitFor(client, 'connecting', (ctx) => ctx.code === 3011);
    const res = await fetch(`${stub.url}/api/disconnect`, {
      method: 'POST',
      headers: { 'X-API-Key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ user: ana.user.id, disconnect: { code: 3011, reason: 'force reconnect' } }),
    });
    assert.equal(res.status, 200);
    await disconnected;

    // While the SDK waits its reconnect backoff (≥ 500 ms), three customers write.
    const missed = [];
    for (let i = 0; i < 3; i += 1) {
      const { messageId, body } = inboundWebhook(`mensagem perdida ${i}`, { waId: `55119666600${i}` });
      missed.push(messageId);
      await postWebhook(stub.url, body);
    }
    const resubscribed = await waitFor(sub, 'subscribed', () => true, 10000);
    assert.equal(resubscribed.wasRecovering, true);
    assert.equal(resubscribed.recovered, true);
    await sleep(200);
    for (const id of missed) assert.ok(received.includes(id), `publication ${id} recovered`);
  } finally {
    client.disconnect();
  }
});

test("refuses another organization's channel", async () => {
  const tokens = tokenGetters(stub.url, carla);
  const client = newClient(stub.url, tokens.connection);
  try {
    const connected = waitFor(client, 'connected');
    client.connect();
    await connected;

    // The token endpoint says 403, so getToken throws UnauthorizedError: no subscription.
    const foreign = client.newSubscription(`org:${ana.organizationId}:messages`, { getToken: tokens.subscription });
    const unsubscribed = waitFor(foreign, 'unsubscribed');
    foreign.subscribe();
    const ctx = await unsubscribed;
    assert.equal(foreign.state, 'unsubscribed');
    assert.notEqual(ctx.code, 0);

    // Without any token the hub itself answers 103 permission denied.
    const bare = client.newSubscription(`org:${ana.organizationId}:tickets`);
    const refused = waitFor(bare, 'unsubscribed');
    bare.subscribe();
    const err = await refused;
    assert.equal(err.code, 103);

    // Her own organization's channel works on the same connection.
    const own = client.newSubscription(`org:${carla.organizationId}:messages`, { getToken: tokens.subscription });
    const ok = waitFor(own, 'subscribed');
    own.subscribe();
    await ok;
  } finally {
    client.disconnect();
  }
});
