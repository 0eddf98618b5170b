// Part 5 — load: dist size raw/gzip/brotli per kind, and time to first frame on localhost, cold
// (fresh browser context, empty cache) and warm (reload in the same context).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../../tests/support/browser.mjs';
import { DIST_DIR, startStub } from '../../tests/support/stub.mjs';
import { SDK_BUNDLE } from './browser-session.mjs';

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function sizes() {
  const kinds = { wasm: /\.wasm$/, js: /\.js$/, fonts: /fonts\/.+\.(ttf|otf)$/, html: /\.html$/ };
  const sum = {};
  for (const f of files(DIST_DIR)) {
    const kind = Object.keys(kinds).find((k) => kinds[k].test(f)) || 'other';
    const raw = readFileSync(f);
    const br = execFileSync('brotli', ['-c', '-q', '11', f], { maxBuffer: 64 << 20 }).length;
    const s = (sum[kind] ||= { raw: 0, gzip: 0, brotli: 0 });
    s.raw += raw.length; s.gzip += gzipSync(raw, { level: 9 }).length; s.brotli += br;
  }
  return sum;
}

// Navigation start → the first frame the app drew (polled every animation frame inside the page).
async function firstFrameMs(page) {
  await page.waitForFunction(() => {
    // The export exists before the module is instantiated; calling it then throws: not yet.
    try {
      return JSON.parse(window.inbox.metrics()).framesRendered > 0;
    } catch {
      return false;
    }
  }, null, { polling: 'raf', timeout: 60000 });
  return page.evaluate(() => performance.now());
}

export async function run({ quick, smoke }) {
  const rows = [];
  const s = sizes();
  let total = { raw: 0, gzip: 0, brotli: 0 };
  for (const [kind, v] of Object.entries(s)) {
    rows.push({ metric: `${kind} size raw / gzip / brotli`, value: `${v.raw} / ${v.gzip} / ${v.brotli}`, unit: 'B' });
    total = { raw: total.raw + v.raw, gzip: total.gzip + v.gzip, brotli: total.brotli + v.brotli };
  }
  rows.push({ metric: 'dist total raw / gzip / brotli', value: `${total.raw} / ${total.gzip} / ${total.brotli}`, unit: 'B' });
  rows.push({ metric: 'whole dist brotli, fonts included', value: Math.round(total.brotli / 100) / 10, unit: 'KB', target: '≤ 600 KB', met: total.brotli <= 600 * 1000 });
  const clientBr = (s.wasm?.brotli || 0) + (s.js?.brotli || 0);
  // The spec's "~15 KB client" is the realtime SDK alone; ours is the whole app (UI included).
  const sdkBr = execFileSync('brotli', ['-c', '-q', '11', SDK_BUNDLE], { maxBuffer: 64 << 20 }).length;
  rows.push({ metric: 'client code (wasm+js) brotli; baseline: the centrifuge SDK bundle', value: clientBr, unit: 'B', baseline: sdkBr, target: 'spec: ~15 KB', met: clientBr <= 15 * 1024 });

  const stub = await startStub();
  const browser = await launchBrowser();
  const runs = smoke ? 1 : quick ? 3 : 7;
  const cold = [], warm = [], warmBytes = [];
  // Bytes the page's own loads moved (resource timing transferSize: headers + body, 0 from cache).
  const transferred = (page) => page.evaluate(() => performance.getEntries()
    .filter((e) => e.entryType === 'navigation' || e.entryType === 'resource')
    .reduce((sum, e) => sum + (e.transferSize || 0), 0));
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${stub.url}/`);
      cold.push(await firstFrameMs(page));
      await page.reload();
      warm.push(await firstFrameMs(page));
      warmBytes.push(await transferred(page));
      await context.close();
    }
  } finally {
    await browser.close();
    await stub.stop();
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  rows.push({ metric: `time to first frame, cold (median of ${runs})`, value: median(cold), unit: 'ms' });
  rows.push({ metric: `time to first frame, warm reload (median of ${runs})`, value: median(warm), unit: 'ms', target: '≤ 500 ms', met: median(warm) <= 500 });
  rows.push({ metric: 'bytes transferred by a warm reload (median; 304s count their headers)', value: median(warmBytes), unit: 'B' });
  return { title: 'Load', rows, notes: ['first frame = navigation start to the first frame the app drew, localhost, headless Chromium with SwiftShader'] };
}
