// tools/bench at tiny sizes, so the harness cannot rot: every part runs end to end against the real
// stub, agents, browser and native bench, and reports figures. No timing is asserted (DEVELOPERS.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';

const PARTS = ['push-vs-poll', 'latency', 'idle', 'scale', 'load', 'fanout'];

// A row's value is a number, or figures joined by " / " or ", "; none of them may be NaN.
function assertFigures(part, rows) {
  assert.ok(rows.length > 0, `${part}: no rows`);
  for (const row of rows) {
    for (const v of [row.value, row.baseline]) {
      if (v === undefined) continue;
      assert.ok(!String(v).includes('NaN') && !String(v).includes('undefined'), `${part}: ${row.metric} = ${v}`);
      if (typeof v === 'number') assert.ok(Number.isFinite(v), `${part}: ${row.metric} = ${v}`);
    }
  }
}

for (const part of PARTS) {
  test(`bench ${part} runs at smoke size and reports figures`, { timeout: 240000 }, async () => {
    const mod = await import(`../../tools/benchmarks/${part}.mjs`);
    const r = await mod.run({ smoke: true });
    assertFigures(part, r.rows);
    if (part === 'push-vs-poll') {
      assert.equal(r.raw.push.agentsSignedIn, 2);
      assert.ok(r.raw.poll.steadyPerMinute.restReads > 0, 'the polling baseline made no reads');
    }
    if (part === 'latency') {
      // Every webhook reached every tab's app and its SDK beside it.
      for (const row of r.rows.filter((x) => x.metric.includes('samples per client'))) {
        const [, frames, sdk] = String(row.value).match(/\/ (\d+), SDK (\d+)/).map(Number);
        assert.ok(frames >= 10 && sdk >= 10, row.value);
      }
    }
    if (part === 'idle') assert.ok(r.raw.idleOff.frames > r.raw.idle.frames, 'idle=off should draw more frames');
    if (part === 'scale') {
      assert.ok(r.raw.browser.listed >= 200 && r.raw.browser.thread === 1000, JSON.stringify({ listed: r.raw.browser.listed, thread: r.raw.browser.thread }));
      assert.equal(r.raw.native.chats, 200);
      assert.equal(r.raw.native.threadMessages, 1000);
    }
  });
}
