// Shared by the browser parts (latency, idle, scale): a signed-in inbox tab, its main-thread CPU
// through the DevTools protocol, and the CPU of the whole browser from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { openInbox, state } from '../../tests/support/browser.mjs';

// The official SDK's browser bundle (the package exports only its module builds).
export const SDK_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve('centrifuge')), '../dist/centrifuge.js');

export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function login(baseUrl, email = 'ana@demo.test') {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo123' }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status}`);
  return res.json();
}

// Opens `path` of the stub in a fresh context, signs in through the embedding hook and waits for the
// chat list and the realtime link. Returns the openInbox handle plus a CDP session.
export async function signedInTab(browser, stub, token, path = '/') {
  const tab = await openInbox(browser, `${stub.url}${path}`);
  await tab.page.evaluate((t) => window.inbox.signIn(t), token);
  await tab.page.waitForFunction(() => {
    const s = JSON.parse(window.inbox.state());
    return s.signedIn && s.connection === 'connected' && s.chats && s.chats.length > 0;
  }, null, { timeout: 60000, polling: 200 });
  tab.cdp = await tab.context.newCDPSession(tab.page);
  await tab.cdp.send('Performance.enable');
  tab.state = () => state(tab.page);
  return tab;
}

// Main-thread time of the page's renderer so far, in ms (Chromium's Performance domain).
export async function mainThreadMs(tab) {
  const { metrics } = await tab.cdp.send('Performance.getMetrics');
  const get = (n) => (metrics.find((m) => m.name === n)?.value || 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration') + get('RecalcStyleDuration') };
}

// CPU seconds (user + system) of every Chromium process under this Node process (renderers, the
// GPU process that runs SwiftShader, the browser), from /proc.
export function browserCpuSeconds() {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(d), { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / 100, comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch { /* the process ended meanwhile */ }
  }
  let total = 0;
  for (const p of procs.values()) {
    if (!/chrom/i.test(p.comm)) continue;
    for (let q = p.ppid, hops = 0; q > 1 && hops < 10; q = procs.get(q)?.ppid ?? 0, hops++) {
      if (q === process.pid) { total += p.cpu; break; }
    }
  }
  return total;
}
