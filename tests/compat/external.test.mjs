// External mode: with CENTRIFUGO_URL the stub publishes through Centrifugo's HTTP API.
// A small HTTP server stands in for Centrifugo and records what it receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startStub } from '../support/stub.mjs';
import { login, getJson, inboundWebhook, postWebhook, sleep } from './helpers.mjs';

test('publishes every change to the external Centrifugo with the API key', async () => {
  const received = [];
  const fake = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, key: req.headers['x-api-key'], body: JSON.parse(body) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ result: { offset: received.length, epoch: 'ext' } }));
    });
  });
  await new Promise((r) => fake.listen(0, '127.0.0.1', r));
  const stub = await startStub({
    env: {
      CENTRIFUGO_URL: `http://127.0.0.1:${fake.address().port}`,
      CENTRIFUGO_API_KEY: 'external-key',
      CENTRIFUGO_TOKEN_HMAC_SECRET_KEY: 'external-secret',
    },
  });
  try {
    const ana = await login(stub.url, 'ana@demo.test');
    const { messageId, body } = inboundWebhook('Mensagem para o Centrifugo de verdade', { waId: '5511933330000' });
    await postWebhook(stub.url, body);
    for (let i = 0; i < 50 && received.length < 2; i += 1) await sleep(100);
    const created = received.find((r) => r.body.data?.type === 'message.created');
    assert.ok(created, 'message.created was published');
    assert.equal(created.method, 'POST');
    assert.equal(created.url, '/api/publish');
    assert.equal(created.key, 'external-key');
    assert.equal(created.body.channel, `org:${ana.organizationId}:messages`);
    assert.equal(created.body.data.message.id, messageId);
    assert.ok(received.some((r) => r.body.channel === `org:${ana.organizationId}:tickets`));

    // The embedded hub is off; tokens are signed with the shared secret.
    const ws = await fetch(`${stub.url}/api/publish`, { method: 'POST', headers: { 'X-API-Key': 'external-key' }, body: '{}' });
    assert.equal(ws.status, 404);
    const { status, body: token } = await getJson(stub.url, '/api/v1/centrifugo/token', ana.token);
    assert.equal(status, 200);
    const [h, p, s] = token.token.split('.');
    const { createHmac } = await import('node:crypto');
    assert.equal(createHmac('sha256', 'external-secret').update(`${h}.${p}`).digest('base64url'), s);
  } finally {
    await stub.stop();
    fake.close();
  }
});

test('refuses to start in external mode without the shared token secret', async () => {
  await assert.rejects(
    startStub({ env: { CENTRIFUGO_URL: 'http://127.0.0.1:9', CENTRIFUGO_API_KEY: 'k', CENTRIFUGO_TOKEN_HMAC_SECRET_KEY: '' } }),
    /CENTRIFUGO_TOKEN_HMAC_SECRET_KEY/);
});
