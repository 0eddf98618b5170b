// Part 7 — webhook intake under load: signed WhatsApp webhooks posted at a fixed rate (open loop:
// a slow answer does not slow the sender) while N raw Centrifugo WebSocket clients are subscribed
// to the organization's messages channel. Measures throughput, intake latency (POST → 200), and
// loss: every webhook answered 200 must be stored once (SQLite, checked after the run) and reach
// every subscriber once. The subscribers live in a worker thread, so reading 200 × 3 publications per
// webhook does not delay the sender's clock (on 2 cores the generator was the bottleneck).
//
//   node tools/benchmarks/intake.mjs [--rate 300] [--seconds 60] [--clients 200]   (standalone)
//   tools/bench intake [--quick]                                                   (in the table)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startStub } from '../../tests/support/stub.mjs';
import { inboundText, sign } from '../../tests/support/webhooks.mjs';
import { percentile, subscriber } from './raw-subscriber.mjs';

// One POST with its own socket pool (keep-alive), timed from write to the full answer.
function post(agent, url, body, headers) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

export async function run({ quick, rate, seconds, clients } = {}) {
  rate ??= quick ? 100 : 300;
  seconds ??= quick ? 15 : 60;
  clients ??= quick ? 50 : 200;
  const secret = randomBytes(24).toString('hex');
  const appSecret = randomBytes(16).toString('hex');
  const stub = await startStub({ env: { CENTRIFUGO_TOKEN_HMAC_SECRET_KEY: secret, WHATSAPP_APP_SECRET: appSecret } });
  const channel = 'org:1:messages';
  const results = [];           // { id, status, ms }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let storedOnce = 0, storedTwice = 0, lateSends = 0;
  let subscribers = null;
  try {
    if (clients) subscribers = await startSubscribers(stub.url, secret, channel, clients);
    // Open loop: webhook k is due at k / rate seconds; 500 contacts so conversations keep growing.
    const total = rate * seconds;
    const pending = [];
    const t0 = performance.now();
    for (let k = 0; k < total; k++) {
      const due = t0 + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -100) lateSends++;
      const body = inboundText({ from: `55119${String(80000000 + (k % 500)).padStart(8, '0')}`, name: `Carga ${k % 500}`, text: `mensagem de carga ${k}` });
      const raw = Buffer.from(JSON.stringify(body));
      const id = body.entry[0].changes[0].value.messages[0].id;
      pending.push(post(agent, `${stub.url}/webhooks/whatsapp`, raw, { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw, appSecret) })
        .then((r) => results.push({ id, ...r })));
    }
    await Promise.all(pending);
    const sendSeconds = (performance.now() - t0) / 1000;
    // Let the last publications arrive.
    const ok = results.filter((r) => r.status === 200);
    const { received, closes } = subscribers ? await subscribers.finish(ok.map((r) => r.id), 15000) : { received: new Map(), closes: new Map() };

    // Stored exactly once: straight from the database file (WAL mode: readable while running).
    const counts = new Map(execFileSync('sqlite3', [stub.db, "SELECT id, COUNT(*) FROM messages WHERE text LIKE 'mensagem de carga %' GROUP BY id"],
      { maxBuffer: 64 << 20 }).toString().trim().split('\n').filter(Boolean).map((l) => l.split('|')).map(([id, n]) => [id, Number(n)]));
    for (const r of ok) {
      const n = counts.get(r.id) || 0;
      if (n === 1) storedOnce++;
      else if (n > 1) storedTwice++;
    }
    const lat = ok.map((r) => r.ms).sort((a, b) => a - b);
    const deliveredAll = ok.filter((r) => received.get(r.id) === clients).length;
    const fanoutMissing = ok.reduce((sum, r) => sum + Math.max(0, clients - (received.get(r.id) || 0)), 0);
    return {
      title: 'Webhook intake under load',
      rows: [
        { metric: `webhooks offered (${rate}/s for ${seconds} s, signed)`, value: total },
        { metric: 'WebSocket subscribers on org:1:messages', value: clients },
        { metric: 'answered 200 / non-200 / no answer', value: `${ok.length} / ${results.filter((r) => r.status && r.status !== 200).length} / ${results.filter((r) => !r.status).length}` },
        { metric: 'intake throughput (answered 200 per second of sending)', value: ok.length / sendSeconds, unit: '/s', target: `${rate}/s`, met: ok.length / sendSeconds >= rate * 0.98 },
        { metric: 'intake latency p50 (POST → 200)', value: percentile(lat, 50), unit: 'ms' },
        { metric: 'intake latency p99', value: percentile(lat, 99), unit: 'ms' },
        { metric: 'intake latency max', value: lat[lat.length - 1], unit: 'ms' },
        { metric: 'answered 200 and stored exactly once', value: `${storedOnce} / ${ok.length}`, target: 'all', met: storedOnce === ok.length },
        { metric: 'answered 200 but not stored, or stored twice (loss)', value: ok.length - storedOnce, target: '0', met: ok.length === storedOnce && storedTwice === 0 },
        { metric: 'published to every subscriber', value: `${deliveredAll} / ${ok.length}`, target: 'all', met: deliveredAll === ok.length },
        { metric: 'missing deliveries (message × subscriber)', value: fanoutMissing, target: '0', met: fanoutMissing === 0 },
        { metric: 'subscribers closed by the hub during the run (code: count; 3008 = too slow to read)', value: [...closes].map(([c, n]) => `${c}: ${n}`).join(', ') || 'none' },
        { metric: 'sends more than 100 ms behind schedule (load generator lag)', value: lateSends },
      ],
      notes: ['sender, subscribers and stub share this machine; the sender is one Node process (its lag is listed)'],
    };
  } finally {
    subscribers?.terminate();
    agent.destroy();
    await stub.stop();
  }
}

// Main thread side: starts the worker and resolves once every subscriber is subscribed.
function startSubscribers(url, secret, channel, clients) {
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { url, secret, channel, clients } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m) => {
      if (m.error) return reject(new Error(m.error));
      resolve({
        // Waits (up to `ms`) until every id reached every subscriber, then returns the counts.
        finish: (ids, ms) => new Promise((done) => {
          worker.once('message', (r) => done({ received: new Map(r.received), closes: new Map(r.closes) }));
          worker.postMessage({ ids, ms });
        }),
        terminate: () => worker.terminate(),
      });
    });
  });
}

// Worker side: the subscribers, counting message.created deliveries per message id.
async function subscriberWorker({ url, secret, channel, clients }) {
  const received = new Map();
  const closes = new Map();     // close code → subscribers the hub dropped during the run
  let finished = false;
  try {
    for (let i = 0; i < clients; i += 50) {
      const wave = [];
      for (let j = i; j < Math.min(clients, i + 50); j++) {
        wave.push(subscriber(url, secret, channel, {
          name: 'intake-bench',
          onPublication: (data) => {
            if (data?.type !== 'message.created') return;
            const id = data.message?.id;
            received.set(id, (received.get(id) || 0) + 1);
          },
          onClose: (code) => { if (!finished) closes.set(code, (closes.get(code) || 0) + 1); },
        }));
      }
      await Promise.all(wave);
    }
  } catch (e) {
    parentPort.postMessage({ error: String(e?.message || e) });
    return;
  }
  parentPort.postMessage({ ready: true });
  parentPort.once('message', async ({ ids, ms }) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && ids.some((id) => (received.get(id) || 0) < clients)) await new Promise((r) => setTimeout(r, 100));
    finished = true;
    parentPort.postMessage({ received: [...received], closes: [...closes] });
  });
}

if (!isMainThread && workerData?.channel) {
  subscriberWorker(workerData);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, d) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
  const r = await run({ rate: arg('rate', 300), seconds: arg('seconds', 60), clients: arg('clients', 200) });
  for (const row of r.rows) console.log(`${row.metric}: ${typeof row.value === 'number' ? Math.round(row.value * 10) / 10 : row.value}${row.unit ? ' ' + row.unit : ''}`);
}
