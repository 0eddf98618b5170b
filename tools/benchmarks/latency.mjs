// Part 2 — push-to-screen latency in headless Chromium. Real webhooks (WhatsApp Cloud API bodies,
// signed) go into the stub; in every open tab the wasm app measures server `ts` → the end of the
// first frame drawn after the publication was applied (inbox.metrics().pushLatencyMs) and
// ts → applied to its store (pushAppliedMs). Beside it, in the same page and run, the official
// `centrifuge` JS SDK subscribes to the same channels and records ts → its publication callback.
// The SDK goes in through DevTools (page.evaluate), so the product's CSP stays as it is.
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../../tests/support/browser.mjs';
import { startStub } from '../../tests/support/stub.mjs';
import { TEST_APP_SECRET, inboundText, postWebhook } from '../../tests/support/webhooks.mjs';
import { SDK_BUNDLE, login, percentile, signedInTab, sleep } from './browser-session.mjs';

const SDK_SOURCE = readFileSync(SDK_BUNDLE, 'utf8');

// Runs inside the page: the SDK connects with the signed-in agent's tokens, like an app would.
async function startSdk({ token, org }) {
  const api = async (path) => {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()).token;
  };
  const samples = [];
  window.__benchSdk = samples;
  const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const client = new window.Centrifuge(`${proto}${location.host}/connection/websocket`, { getToken: () => api('/api/v1/centrifugo/token') });
  const subscribed = [];
  for (const channel of [`org:${org}:messages`, `org:${org}:tickets`]) {
    const sub = client.newSubscription(channel, { getToken: () => api(`/api/v1/centrifugo/subscription-token?channel=${encodeURIComponent(channel)}`) });
    sub.on('publication', (ctx) => { if (ctx.data && ctx.data.ts > 0) samples.push(Date.now() - ctx.data.ts); });
    subscribed.push(new Promise((resolve, reject) => { sub.on('subscribed', resolve); sub.on('error', (e) => reject(new Error(JSON.stringify(e.error || e)))); }));
    sub.subscribe();
  }
  client.connect();
  await Promise.all(subscribed);
  window.__benchSdkClient = client;
}

// The samples taken since the last call: the app keeps the last 256 with a running count.
async function collect(tab) {
  const r = await tab.page.evaluate(() => {
    const m = JSON.parse(window.inbox.metrics());
    const sdk = window.__benchSdk.splice(0);
    return { frame: m.pushLatencyMs, frameCount: m.pushSamples, applied: m.pushAppliedMs, appliedCount: m.pushAppliedSamples, offset: m.serverClockOffsetMs, sdk };
  });
  const take = (arr, count, key) => {
    const fresh = count - tab.seen[key];
    tab.seen[key] = count;
    if (fresh > arr.length) tab.lost += fresh - arr.length;
    return arr.slice(Math.max(0, arr.length - fresh));
  };
  // The app reads the server clock as Date.now() + the offset it estimated from X-Server-Time; here
  // server and browser share one clock, so the true offset is 0: take the estimate back out.
  tab.frame.push(...take(r.frame, r.frameCount, 'frame').map((v) => v - r.offset));
  tab.applied.push(...take(r.applied, r.appliedCount, 'applied').map((v) => v - r.offset));
  tab.sdk.push(...r.sdk);
  tab.offsets.add(r.offset);
}

async function runTabs({ stub, browser, tabs, messages, perSecond }) {
  const session = await login(stub.url);
  const open = [];
  try {
    for (let i = 0; i < tabs; i++) {
      const tab = await signedInTab(browser, stub, session.token);
      await tab.page.evaluate(SDK_SOURCE);
      await tab.page.evaluate(startSdk, { token: session.token, org: session.organizationId });
      Object.assign(tab, { seen: { frame: 0, applied: 0 }, lost: 0, frame: [], applied: [], sdk: [], offsets: new Set() });
      await collect(tab);  // drop what sign-in produced
      tab.frame.length = tab.applied.length = tab.sdk.length = 0;
      open.push(tab);
    }
    // Webhooks from 20 customers (existing and new chats), one every 1/perSecond s.
    const interval = 1000 / perSecond;
    const start = Date.now();
    let lastCollect = Date.now();
    for (let n = 0; n < messages; n++) {
      const body = inboundText({ from: `55119${String(70000000 + (n % 20))}`, name: `Cliente Latência ${n % 20}`, text: `Mensagem de teste nº ${n} — olá! 🙂` });
      const res = await postWebhook(stub.url, JSON.stringify(body), { secret: TEST_APP_SECRET });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      if (Date.now() - lastCollect > 1000) { for (const t of open) await collect(t); lastCollect = Date.now(); }
      const wait = start + (n + 1) * interval - Date.now();
      if (wait > 0) await sleep(wait);
    }
    await sleep(1500);
    for (const t of open) await collect(t);
    const all = (key) => open.flatMap((t) => t[key]).sort((a, b) => a - b);
    return { frame: all('frame'), applied: all('applied'), sdk: all('sdk'), lost: open.reduce((a, t) => a + t.lost, 0), offsets: open.flatMap((t) => [...t.offsets]), errors: open.flatMap((t) => t.errors()) };
  } finally {
    for (const t of open) { t.saveLog(`bench-latency-${tabs}tabs`); await t.context.close(); }
  }
}

export async function run({ quick, smoke }) {
  const messages = smoke ? 10 : quick ? 100 : 500;
  const stub = await startStub({ env: { WHATSAPP_APP_SECRET: TEST_APP_SECRET } });
  const browser = await launchBrowser();
  const rows = [];
  const notes = [
    'frame = server ts → end of the first frame the app drew after applying the publication (its draw calls issued; the compositor presents it on the next vsync); applied = ts → the publication is in the store; SDK = ts → the official centrifuge SDK\'s publication callback, in the same page',
    'all publications of the run are samples (message.created and the chat/ticket upserts the webhooks cause), in every tab',
  ];
  try {
    for (const [tabs, perSecond] of smoke ? [[1, 10], [2, 10]] : [[1, 10], [10, 5]]) {
      const r = await runTabs({ stub, browser, tabs, messages, perSecond });
      const p = (a, q) => percentile(a, q);
      const label = `${tabs} tab${tabs > 1 ? 's' : ''}`;
      rows.push({ metric: `${label}: webhooks (${perSecond}/s) / samples per client`, value: `${messages} / ${r.frame.length}, SDK ${r.sdk.length}` });
      rows.push({ metric: `${label}: ts → frame p50 / p95 / p99`, value: `${p(r.frame, 50)} / ${p(r.frame, 95)} / ${p(r.frame, 99)}`, unit: 'ms',
        target: 'p50 ≤ 20, p99 ≤ 50', met: p(r.frame, 50) <= 20 && p(r.frame, 99) <= 50 });
      rows.push({ metric: `${label}: ts → applied (wasm) p50 / p95 / p99`, value: `${p(r.applied, 50)} / ${p(r.applied, 95)} / ${p(r.applied, 99)}`, unit: 'ms',
        baseline: `${p(r.sdk, 50)} / ${p(r.sdk, 95)} / ${p(r.sdk, 99)}`, target: 'no worse than the SDK (p50, p99)',
        met: p(r.applied, 50) <= p(r.sdk, 50) && p(r.applied, 99) <= p(r.sdk, 99) });
      if (r.lost) notes.push(`${label}: ${r.lost} samples dropped between two reads (ring of 256)`);
      if (r.errors.length) notes.push(`${label}: page errors: ${r.errors.slice(0, 3).join(' | ')}`);
      notes.push(`${label}: the app's server-clock estimates were ${[...new Set(r.offsets)].join(', ')} ms off (server and browser share this machine's clock); its figures are corrected by them`);
    }
  } finally {
    await browser.close();
    await stub.stop();
  }
  return { title: 'Push-to-screen latency', rows, notes };
}
