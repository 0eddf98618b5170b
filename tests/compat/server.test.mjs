// The stub as a real server: sockets, limits, origins, static files, restarts and signals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import net from 'node:net';
import { startStub } from '../support/stub.mjs';
import { login, getJson, inboundWebhook, postWebhook, wsUrl } from './helpers.mjs';

let stub;
let staticDir;

before(async () => {
  staticDir = mkdtempSync(path.join(tmpdir(), 'stub-static-'));
  mkdirSync(path.join(staticDir, 'fonts'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Inbox</title>');
  writeFileSync(path.join(staticDir, 'inbox.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(path.join(staticDir, 'inbox.js'), '// app');
  stub = await startStub({
    args: ['--static', staticDir],
    env: { INBOX_ALLOWED_ORIGINS: 'https://dashboard.example.com', INBOX_FRAME_ANCESTORS: "'self' https://dashboard.example.com" },
  });
});

after(async () => {
  await stub?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

// Opens a raw WebSocket and resolves with {ws, closed} or rejects on HTTP refusal.
function rawSocket(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('open', () => resolve({ ws, closed }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', () => {});
  });
}

test('healthz and JSON errors', async () => {
  const health = await fetch(`${stub.url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const missing = await fetch(`${stub.url}/api/v1/nope`);
  assert.equal(missing.status, 401);
  assert.equal((await missing.json()).error.code, 'unauthorized');
});

test('serves the app with MIME types, CSP frame-ancestors and no traversal', async () => {
  const index = await fetch(`${stub.url}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.match(index.headers.get('content-security-policy'), /frame-ancestors 'self' https:\/\/dashboard\.example\.com/);
  const wasm = await fetch(`${stub.url}/inbox.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await wasm.arrayBuffer()).byteLength, 8);
  // Raw request lines: fetch() would normalise the dots away before they reach the server.
  for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/fonts/../../../etc/passwd', '/..%2f..%2f..%2fetc/passwd']) {
    const head = await new Promise((resolve, reject) => {
      const socket = net.connect(stub.port, '127.0.0.1', () => socket.write(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      let data = '';
      socket.on('data', (d) => { data += d; });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(head, /^HTTP\/1\.1 404/, p);
    assert.doesNotMatch(head, /root:/, p);
  }
});

test('webhook bodies over 3 MB get 413, malformed ones 400', async () => {
  const big = await fetch(`${stub.url}/webhooks/whatsapp`, { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024 + 10) });
  assert.equal(big.status, 413);
  const bad = await fetch(`${stub.url}/webhooks/whatsapp`, { method: 'POST', body: '{"entry":' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'invalid_json');
});

test('WebSocket origins: own and listed origins pass, others get 403', async () => {
  const own = await rawSocket(wsUrl(stub.url), { Origin: stub.url });
  own.ws.close();
  const listed = await rawSocket(wsUrl(stub.url), { Origin: 'https://dashboard.example.com' });
  listed.ws.close();
  await assert.rejects(rawSocket(wsUrl(stub.url), { Origin: 'https://evil.example.com' }), /HTTP 403/);
});

test('protocol errors and oversized frames close the socket with the right codes', async () => {
  const first = await rawSocket(wsUrl(stub.url));
  first.ws.send('{"id":1,"subscribe":{"channel":"org:1:messages"}}');
  assert.equal((await first.closed).code, 3501);

  const forged = await rawSocket(wsUrl(stub.url));
  forged.ws.send('{"id":1,"connect":{"token":"a.b.c"}}');
  const closed = await forged.closed;
  assert.equal(closed.code, 3500);
  assert.equal(closed.reason, 'invalid token');

  const huge = await rawSocket(wsUrl(stub.url));
  huge.ws.send('x'.repeat(70000));
  assert.equal((await huge.closed).code, 1009);
});

test('a kill -9 keeps acknowledged webhooks; the restart brings a new epoch', async () => {
  const own = await startStub({ keepDb: true });
  let again;
  try {
    const ana = await login(own.url, 'ana@demo.test');
    const epochOf = async (base, session) => {
      const { body: conn } = await getJson(base, '/api/v1/centrifugo/token', session.token);
      const channel = `org:${session.organizationId}:messages`;
      const { body: sub } = await getJson(base, `/api/v1/centrifugo/subscription-token?channel=${channel}`, session.token);
      const { ws, closed } = await rawSocket(wsUrl(base));
      const replies = new Promise((resolve) => ws.on('message', (d) => resolve(d.toString())));
      ws.send(`${JSON.stringify({ id: 1, connect: { token: conn.token } })}\n${JSON.stringify({ id: 2, subscribe: { channel, token: sub.token } })}`);
      const lines = (await replies).split('\n').map((l) => JSON.parse(l));
      ws.close();
      await closed;
      return lines.find((l) => l.id === 2).subscribe.epoch;
    };
    const epoch1 = await epochOf(own.url, ana);
    const { messageId, body } = inboundWebhook('Não pode se perder 🙏', { waId: '5511944440000', name: 'Cliente Kill' });
    await postWebhook(own.url, body);
    await own.kill();

    again = await startStub({ db: own.db });
    const ana2 = await login(again.url, 'ana@demo.test');
    const { body: page } = await getJson(again.url, '/api/v1/whatsapp/chats?q=Cliente%20Kill', ana2.token);
    assert.equal(page.items.length, 1);
    assert.equal(page.items[0].lastMessage.id, messageId);
    assert.notEqual(await epochOf(again.url, ana2), epoch1);
  } finally {
    await again?.stop();
    rmSync(path.dirname(own.db), { recursive: true, force: true });
  }
});

test('SIGTERM closes clients with 3001 and exits cleanly', async () => {
  const own = await startStub();
  const ana = await login(own.url, 'ana@demo.test');
  const { body: conn } = await getJson(own.url, '/api/v1/centrifugo/token', ana.token);
  const { ws, closed } = await rawSocket(wsUrl(own.url));
  const connected = new Promise((resolve) => ws.once('message', resolve));
  ws.send(JSON.stringify({ id: 1, connect: { token: conn.token } }));
  await connected;
  const exited = new Promise((resolve) => own.proc.on('exit', (code) => resolve(code)));
  own.proc.kill('SIGTERM');
  assert.equal((await closed).code, 3001);
  assert.equal(await exited, 0);
  await own.stop();
});
