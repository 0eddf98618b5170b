// Foundation: the stub serves the built app and the wasm app draws in a real headless Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, metrics, openInbox, screenshot } from '../support/browser.mjs';
import { startStub } from '../support/stub.mjs';

let stub;
let browser;
before(async () => {
  stub = await startStub();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stub?.stop();
});

test('the stub answers /healthz', async () => {
  const res = await fetch(`${stub.url}/healthz`);
  assert.equal(res.status, 200);
});

test('the stub serves the app with the right types', async () => {
  const html = await fetch(`${stub.url}/`);
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /text\/html/);
  assert.match(await html.text(), /<canvas id="canvas"/);
  const wasm = await fetch(`${stub.url}/inbox.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const bytes = new Uint8Array(await wasm.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d]);  // "\0asm"
});

test('the app starts in Chromium, draws frames and logs no error', async () => {
  const inbox = await openInbox(browser, `${stub.url}/`);
  try {
    await inbox.page.waitForFunction(() => JSON.parse(window.inbox.metrics()).framesRendered > 0, null, { timeout: 15000 });
    const m = await metrics(inbox.page);
    assert.ok(m.framesRendered > 0, 'no frame drawn');
    const hasWebGL2 = await inbox.page.evaluate(() => !!document.createElement('canvas').getContext('webgl2'));
    assert.ok(hasWebGL2, 'WebGL2 unavailable in this Chromium');
    await screenshot(inbox.page, 'app-loads');
    assert.deepEqual(inbox.errors(), []);
  } finally {
    inbox.saveLog('app-loads');
    await inbox.context.close();
  }
});
