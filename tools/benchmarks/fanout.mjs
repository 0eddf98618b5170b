// Part 6 — hub fan-out: N raw Centrifugo-protocol WebSocket subscribers on the stub's embedded hub;
// each publication through POST /api/publish is timed from the publish call to every delivery.
import { randomBytes } from 'node:crypto';
import { startStub } from '../../tests/support/stub.mjs';
import { percentile, subscriber } from './raw-subscriber.mjs';

export async function run({ quick, smoke }) {
  const clients = smoke ? 20 : quick ? 200 : 1000;
  const publications = smoke ? 5 : quick ? 50 : 200;
  const secret = randomBytes(24).toString('hex');
  const apiKey = randomBytes(24).toString('hex');
  const stub = await startStub({ env: { CENTRIFUGO_TOKEN_HMAC_SECRET_KEY: secret, CENTRIFUGO_API_KEY: apiKey } });
  const channel = 'org:1:messages';
  const sent = new Map();
  const latencies = [];
  let delivered = 0;
  const sockets = [];
  try {
    for (let i = 0; i < clients; i += 50) {   // connect in waves, as a reconnect storm would not
      const wave = [];
      for (let j = i; j < Math.min(clients, i + 50); j++) {
        wave.push(subscriber(stub.url, secret, channel, { onPublication: (data) => {
          if (data?.type !== 'bench') return;
          delivered++;
          latencies.push(performance.now() - sent.get(data.n));
        } }));
      }
      sockets.push(...await Promise.all(wave));
    }
    for (let n = 0; n < publications; n++) {
      sent.set(n, performance.now());
      const res = await fetch(`${stub.url}/api/publish`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ channel, data: { type: 'bench', n, ts: Date.now() } }),
      });
      if (!res.ok) throw new Error(`publish answered ${res.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const deadline = Date.now() + 10000;
    while (delivered < clients * publications && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    for (const ws of sockets) ws.terminate();
    await stub.stop();
  }
  latencies.sort((a, b) => a - b);
  const expected = clients * publications;
  return {
    title: 'Hub fan-out',
    rows: [
      { metric: 'subscribers', value: clients },
      { metric: 'publications (1 every 20 ms)', value: publications },
      { metric: 'delivered / expected', value: `${delivered} / ${expected}`, target: 'all', met: delivered === expected },
      { metric: 'publish → delivered p50', value: percentile(latencies, 50), unit: 'ms' },
      { metric: 'publish → delivered p99', value: percentile(latencies, 99), unit: 'ms', target: clients >= 1000 ? '≤ 20 ms' : '≤ 20 ms (at 1,000)', met: clients >= 1000 ? percentile(latencies, 99) <= 20 : undefined },
    ],
    notes: ['subscribers and publisher share one Node process; its event loop is part of the measured time'],
  };
}
