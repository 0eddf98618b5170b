// With 5-second tokens the SDK refreshes the connection and the subscription and keeps
// receiving publications, without a disconnect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStub } from '../support/stub.mjs';
import { login, tokenGetters, newClient, inboundWebhook, postWebhook, waitFor, sleep } from './helpers.mjs';

let stub;
let ana;

before(async () => {
  stub = await startStub({ args: ['--token-ttl', '5'], env: { INBOX_PING_INTERVAL: '3', INBOX_PONG_TIMEOUT: '2' } });
  ana = await login(stub.url, 'ana@demo.test');
});

after(async () => {
  await stub?.stop();
});

test('keeps working through token expiry with a 5-second TTL', { timeout: 40000 }, async () => {
  const tokens = tokenGetters(stub.url, ana);
  const client = newClient(stub.url, tokens.connection);
  const channel = `org:${ana.organizationId}:tickets`;
  const sub = client.newSubscription(channel, { getToken: tokens.subscription });
  const problems = [];
  client.on('disconnected', (ctx) => problems.push(`disconnected ${ctx.code} ${ctx.reason}`));
  client.on('connecting', (ctx) => { if (ctx.code !== 0) problems.push(`connecting ${ctx.code} ${ctx.reason}`); });
  sub.on('unsubscribed', (ctx) => problems.push(`unsubscribed ${ctx.code}`));
  sub.on('subscribing', (ctx) => { if (ctx.code !== 0) problems.push(`subscribing ${ctx.code} ${ctx.reason}`); });
  try {
    const subscribed = waitFor(sub, 'subscribed');
    sub.subscribe();
    client.connect();
    await subscribed;

    await sleep(13000);
    assert.ok(tokens.calls.connection >= 3, `connection token refreshed (${tokens.calls.connection} calls)`);
    assert.ok(tokens.calls.subscription >= 3, `subscription token refreshed (${tokens.calls.subscription} calls)`);
    assert.equal(client.state, 'connected');
    assert.equal(sub.state, 'subscribed');

    // A new conversation opens a ticket: the tickets channel still delivers.
    const { body } = inboundWebhook('Oi! Ainda funciona depois da expiração?', { waId: '5511955550001', name: 'Cliente TTL' });
    const got = waitFor(sub, 'publication', (p) => p.data?.type === 'ticket.created' || p.data?.type === 'ticket.updated');
    await postWebhook(stub.url, body);
    const pub = await got;
    assert.equal(typeof pub.data.ticket.id, 'string');
    assert.deepEqual(problems, []);
  } finally {
    client.disconnect();
  }
});
