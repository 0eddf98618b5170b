// Part 3 — idle cost: a signed-in tab with a chat open, hands off, for 60 s; frames drawn, the
// renderer's main-thread time (DevTools Performance.getMetrics: TaskDuration, ScriptDuration) and
// the CPU of every Chromium process. Beside it, the same build opened with `?idle=off`, which draws
// on every animation frame as an app without idle skipping does. One tab at a time.
import { launchBrowser } from '../../tests/support/browser.mjs';
import { startStub } from '../../tests/support/stub.mjs';
import { browserCpuSeconds, login, mainThreadMs, signedInTab, sleep } from './browser-session.mjs';

async function openFirstChat(tab) {
  const row = await tab.page.evaluate(() => JSON.parse(window.inbox.uiTree()).find((n) => n.role === 'listitem'));
  if (!row) throw new Error('no chat row in the ui tree');
  await tab.page.mouse.click(row.rect.x + row.rect.w / 2, row.rect.y + row.rect.h / 2);
  await tab.page.waitForFunction(() => {
    const s = JSON.parse(window.inbox.state());
    return s.selectedChatId && s.messages.length > 0 && s.ticket;
  }, null, { timeout: 20000, polling: 100 });
}

async function measure(browser, stub, token, path, seconds) {
  const tab = await signedInTab(browser, stub, token, path);
  try {
    await openFirstChat(tab);
    await sleep(3000);  // hover states, images and the ticket settle
    const m0 = JSON.parse(await tab.page.evaluate(() => window.inbox.metrics()));
    // The ticket panel's countdown shows whole minutes: each minute it crosses is a visible change.
    const expires = JSON.parse(await tab.page.evaluate(() => window.inbox.state())).ticket?.windowExpiresAt;
    const w0 = Date.now();
    const t0 = await mainThreadMs(tab);
    const c0 = browserCpuSeconds();
    await sleep(seconds * 1000);
    const m1 = JSON.parse(await tab.page.evaluate(() => window.inbox.metrics()));
    const t1 = await mainThreadMs(tab);
    const c1 = browserCpuSeconds();
    const w1 = Date.now();
    const minutesLeft = (w) => Math.max(0, Math.floor((expires - w) / 60000));
    return {
      countdownChanges: expires > w0 ? minutesLeft(w0) - minutesLeft(w1) : 0,
      frames: m1.framesRendered - m0.framesRendered,
      ticks: m1.framesRendered - m0.framesRendered + m1.framesSkipped - m0.framesSkipped,
      wsFramesIn: m1.wsFramesIn - m0.wsFramesIn,
      restRequests: m1.restRequests - m0.restRequests,
      mainThreadMs: t1.task - t0.task,
      scriptMs: t1.script - t0.script,
      browserCpuMs: (c1 - c0) * 1000,
      errors: tab.errors(),
    };
  } finally {
    tab.saveLog(`bench-idle${path.includes('idle=off') ? '-off' : ''}`);
    await tab.context.close();
  }
}

export async function run({ quick, smoke }) {
  const seconds = smoke ? 2 : quick ? 15 : 60;
  const stub = await startStub();
  const browser = await launchBrowser();
  let on, off;
  try {
    const { token } = await login(stub.url);
    on = await measure(browser, stub, token, '/', seconds);
    off = await measure(browser, stub, token, '/?idle=off', seconds);
  } finally {
    await browser.close();
    await stub.stop();
  }
  const per = (v) => (v / seconds);
  const notes = [
    `${seconds} s hands off, a chat open, realtime connected (server pings arrive: ${on.wsFramesIn} WebSocket frames in the idle run); baseline = the same build with \`?idle=off\``,
    'main thread = the tab renderer\'s TaskDuration; all Chromium = user+system CPU of every browser process (WebGL goes through SwiftShader in the GPU process)',
  ];
  for (const [name, r] of [['idle', on], ['idle=off', off]]) if (r.errors.length) notes.push(`${name}: page errors: ${r.errors.slice(0, 3).join(' | ')}`);
  return {
    title: 'Idle cost',
    rows: [
      { metric: `frames drawn in ${seconds} s (animation-frame ticks)`, value: `${on.frames} (${on.ticks})`, baseline: `${off.frames} (${off.ticks})`, target: '0 while nothing changes', met: on.frames === 0 },
      { metric: `countdown minute changes on screen in those ${seconds} s; frames drawn beyond one per change`, value: `${on.countdownChanges}; ${Math.max(0, on.frames - on.countdownChanges)}`, target: '0 beyond', met: on.frames <= on.countdownChanges },
      { metric: 'main-thread time per second', value: per(on.mainThreadMs), baseline: per(off.mainThreadMs), unit: 'ms' },
      { metric: 'script time per second', value: per(on.scriptMs), baseline: per(off.scriptMs), unit: 'ms' },
      { metric: 'all Chromium processes CPU per second', value: per(on.browserCpuMs), baseline: per(off.browserCpuMs), unit: 'ms' },
      { metric: 'REST requests while idle', value: on.restRequests, baseline: off.restRequests },
    ],
    notes,
    raw: { idle: on, idleOff: off },
  };
}
