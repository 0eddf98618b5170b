// Browser-side faults: the computer's clock 10 minutes off the server, and a background tab that
// the browser throttled and froze, then woke. Countdowns stay right; nothing is lost or doubled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { uiTree } from '../support/browser.mjs';
import {
  assertAgentWorkSurvived, assertShownOnce, postToChat, setUpWorld, sleep, tearDown, trace, until,
} from './helpers.mjs';

const SKEW_MS = 10 * 60 * 1000;
// The page's Date runs 10 minutes ahead (Date.now(), new Date()); performance.now() is untouched.
const skewClock = `(() => {
  const Real = Date, skew = ${SKEW_MS};
  class Skewed extends Real {
    constructor(...a) { if (a.length === 0) super(Real.now() + skew); else super(...a); }
    static now() { return Real.now() + skew; }
  }
  Skewed.UTC = Real.UTC; Skewed.parse = Real.parse;
  globalThis.Date = Skewed;
})();`;

let world;
let failed = false;
before(async () => {
  world = await setUpWorld({
    name: 'faults-browser', initScript: skewClock,
    // Short pings: a frozen tab misses them and the hub drops it, as a real one would after 25 s.
    stubEnv: { INBOX_PING_INTERVAL: '4', INBOX_PONG_TIMEOUT: '2' },
  });
});
after(async () => { await tearDown(world, { failed }); });
const track = (fn) => async (t) => { try { await fn(t); } catch (e) { failed = true; throw e; } };

test('browser clock 10 minutes ahead of the server: the 24-hour countdown still counts from the server', track(async () => {
  const { page } = world;
  const skew = await page.evaluate(() => Date.now()) - Date.now();
  assert.ok(Math.abs(skew - SKEW_MS) < 5000, `the page clock is not skewed (${skew} ms)`);
  // The customer wrote a moment ago: the window closes in 23 h 5x min by the server's clock
  // (a page trusting its own clock would say 23 h 49 min).
  const deadline = Date.now() + 10000;
  let timer;
  while (Date.now() < deadline) {
    timer = (await uiTree(page)).find((n) => n.role === 'timer');
    if (timer && /expira em 23h 5\dmin/.test(timer.label)) break;
    await sleep(200);
  }
  assert.ok(timer, 'no countdown on screen');
  assert.match(timer.label, /expira em 23h 5\dmin/);
  await assertAgentWorkSurvived(world);
}));

// The page believes it is hidden (visibilitychange), as a tab in the background does.
const setHidden = (page, hidden) => page.evaluate((h) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);

test('a background tab throttled and frozen, then woken: reconnects, shows what it missed once', track(async () => {
  const { page, inbox } = world;
  const cdp = await inbox.context.newCDPSession(page);
  const closesBefore = world.proxy.stats.closes.length;
  const upgradesBefore = world.proxy.stats.upgrades;
  await setHidden(page, true);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
  // Headless Chromium does not freeze a visible page (Page.setWebLifecycleState has no effect), so
  // the freeze is the debugger's: no script, timer or WebSocket event runs until it resumes.
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  trace('frozen');
  const missed = [];
  try {
    for (let i = 0; i < 3; i++) {
      const m = await postToChat(world, `enquanto a aba dormia ${i}`);
      assert.equal(m.status, 200);
      missed.push(m.id);
    }
    // Long enough for the hub's ping and pong timeout to pass: the hub closes the frozen tab.
    await sleep(8000);
  } finally {
    await cdp.send('Debugger.resume');
    await cdp.send('Debugger.disable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    trace('woken');
  }
  await setHidden(page, false);
  const s = await until(page, (st) => st.connection === 'connected' && missed.every((id) => st.messages.some((m) => m.id === id)),
    { what: 'the messages missed while frozen', timeout: 30000 });
  assertShownOnce(s, [world.firstId, ...missed]);
  const closes = world.proxy.stats.closes.slice(closesBefore);
  assert.ok(closes.some((c) => c.startsWith('server 3012')), `the hub never dropped the frozen tab (closes: ${JSON.stringify(closes)})`);
  // The messages may come out of the old socket's buffer first; the close behind them makes the
  // tab reconnect (the banner stays calm for a short blip).
  const deadline = Date.now() + 15000;
  while (world.proxy.stats.upgrades === upgradesBefore && Date.now() < deadline) await sleep(100);
  assert.ok(world.proxy.stats.upgrades > upgradesBefore, 'the woken tab did not open a new WebSocket');
  assertShownOnce(await until(page, (st) => st.connection === 'connected', { what: 'connected again' }), [world.firstId, ...missed]);
  await assertAgentWorkSurvived(world);
  await cdp.detach();
}));
