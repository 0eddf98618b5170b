// Shared set-up of the fault scenarios: a real stub behind the fault proxy, a real headless
// Chromium page signed in as ana@demo.test with one fresh conversation open, a draft typed into
// its composer and one message that could not be sent; and the checks that they survived.
import assert from 'node:assert/strict';
import { launchBrowser, metrics, openInbox, screenshot, state, uiTree } from '../support/browser.mjs';
import { startStub } from '../support/stub.mjs';
import { inboundText, postWebhook } from '../support/webhooks.mjs';
import { startFaultProxy } from './fault-proxy.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();
// FAULTS_TRACE=1 prints the scenario's steps with their time (for a run that hangs or is slow).
export const trace = (...a) => { if (process.env.FAULTS_TRACE) console.error(`[faults ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a); };
export const COMPOSER = 'Mensagem';  // the composer's accessible label (strings table)

export async function login(baseUrl, email = 'ana@demo.test') {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'demo123' }),
  });
  assert.equal(res.status, 200, 'login');
  return res.json();
}

// Waits until fn(state) is truthy; the failure message carries the last state seen.
export async function until(page, fn, { timeout = 20000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastConnection;
  for (;;) {
    last = await state(page);
    if (last.connection !== lastConnection) { trace(what, '→', last.connection); lastConnection = last.connection; }
    const v = fn(last);
    if (v) return last;
    if (Date.now() > deadline) {
      const m = await metrics(page);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; metrics: reconnects ${m.reconnects}, polls ${m.polls}, ` +
        `WebSocket closes seen: ${JSON.stringify(proxyOf.get(page)?.stats.closes)}; last state: ` +
        JSON.stringify({ connection: last.connection, selectedChatId: last.selectedChatId, messages: last.messages?.slice(-8), chats: last.chats?.length }));
    }
    await sleep(100);
  }
}

const proxyOf = new WeakMap();  // page → its fault proxy, for failure messages

export async function nodeOf(page, role, label) {
  const tree = await uiTree(page);
  return tree.find((n) => n.role === role && n.label === label);
}

export async function clickNode(page, role, label) {
  const n = await nodeOf(page, role, label);
  assert.ok(n, `no ${role} "${label}" on screen`);
  await page.mouse.click(n.rect.x + n.rect.w / 2, n.rect.y + Math.min(n.rect.h / 2, 20));
}

// Clicks the composer and waits until the hidden textarea that receives committed text (accents,
// IME, what playwright's type() inserts for non-ASCII) has focus, as it has before a person types.
export async function focusComposer(page) {
  await clickNode(page, 'textbox', COMPOSER);
  await page.waitForFunction(() => document.activeElement?.id === 'inbox-text-input', null, { timeout: 5000 });
}

export async function draftOnScreen(page) {
  return (await nodeOf(page, 'textbox', COMPOSER))?.value;
}

let phoneCounter = Math.floor(Math.random() * 1e6);
export const freshPhone = () => `55119${String(70000000 + (phoneCounter++ % 10000000)).padStart(8, '0')}`;

// Starts stub + proxy + browser, signs in through the page and opens a new conversation with a
// draft and a message that failed to send. Returns the world the scenarios act on.
// initScript: JavaScript run in the page before the app (e.g. a skewed clock).
export async function setUpWorld({ stubEnv = {}, stubArgs = [], name = 'faults', keepDb = false, initScript } = {}) {
  const world = { name, phone: freshPhone(), customer: `Cliente ${name}` };
  try {
    trace(name, 'starting');
    world.stub = await startStub({ env: stubEnv, args: stubArgs, keepDb });
    world.proxy = await startFaultProxy(world.stub.port);
    world.browser = await launchBrowser();
    world.inbox = await openInbox(world.browser, `${world.proxy.url}/`);
    world.page = world.inbox.page;
    if (initScript) {
      await world.inbox.context.addInitScript(initScript);
      await world.page.reload();
      await world.page.waitForFunction(() => window.inbox && window.Module && window.Module.calledRun === true, null, { timeout: 30000 });
    }
    proxyOf.set(world.page, world.proxy);
    trace(name, 'page loaded');
    await prepareChat(world);
    return world;
  } catch (e) {
    await tearDown(world, { failed: true });
    throw e;
  }
}

async function prepareChat(world) {
  const { stub, proxy, page, name } = world;

  // One fresh conversation: known messages, an open 24-hour window.
  const first = inboundText({ from: world.phone, name: world.customer, text: `primeira mensagem ${name}` });
  world.firstId = first.entry[0].changes[0].value.messages[0].id;
  assert.equal((await postWebhook(stub.url, first)).status, 200);

  const session = await login(proxy.url);
  world.token = session.token;
  await page.evaluate((t) => window.inbox.signIn(t), session.token);
  await until(page, (s) => s.connection === 'connected' && s.chats.some((c) => c.name === world.customer), { what: 'sign-in and the new chat' });
  await clickNode(page, 'listitem', world.customer);
  const s = await until(page, (st) => st.selectedChatId && st.messages.some((m) => m.id === world.firstId), { what: 'the chat to open' });
  world.chatId = s.selectedChatId;
  trace(world.name, 'chat open', world.chatId);

  // A message that cannot be sent: every attempt of its POST is answered 503.
  proxy.fail(`/api/v1/whatsapp/chats/${world.chatId}/messages`, { method: 'POST', status: 503 });
  await focusComposer(page);
  world.unsentText = `não enviada ${name}`;
  await page.keyboard.insertText(world.unsentText);  // one commit, as an IME or a mobile keyboard sends it
  await page.keyboard.press('Enter');
  await until(page, (st) => st.messages.some((m) => m.text === world.unsentText && m.status === 'failed'), { what: 'the send to fail', timeout: 30000 });
  proxy.clearRules();
  trace(world.name, 'unsent message failed');

  // The agent's draft, typed but not sent.
  world.draft = `rascunho ${name}: não perca isto`;
  await focusComposer(page);
  await page.keyboard.insertText(world.draft);
  trace(world.name, 'draft typed');
  await waitForDraft(page, world.draft);
}

// The composer shows `text` (typed keys are drawn on the next frames).
// ImGui takes typed characters a few per frame, and SwiftShader frames are slow on a busy machine.
export async function waitForDraft(page, text, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let seen;
  while ((seen = await draftOnScreen(page)) !== text && Date.now() < deadline) await sleep(100);
  assert.equal(seen, text, 'the draft in the composer');
}

// After a fault: the draft is still in the composer and the unsent message is still there, once.
export async function assertAgentWorkSurvived(world) {
  const s = await state(world.page);
  assert.equal(s.selectedChatId, world.chatId, 'the open chat changed');
  await waitForDraft(world.page, world.draft);
  const unsent = s.messages.filter((m) => m.text === world.unsentText);
  assert.equal(unsent.length, 1, `the unsent message is shown ${unsent.length} times`);
  assert.ok(['failed', 'pending'].includes(unsent[0].status), `unsent message became ${unsent[0].status}`);
}

// Each id in `ids` appears exactly once in the open chat.
export function assertShownOnce(s, ids) {
  const counts = new Map();
  for (const m of s.messages) counts.set(m.id, (counts.get(m.id) || 0) + 1);
  for (const id of ids) assert.equal(counts.get(id) || 0, 1, `message ${id} shown ${counts.get(id) || 0} times`);
}

export async function postToChat(world, text, extra = {}) {
  const body = inboundText({ from: world.phone, name: world.customer, text, ...extra });
  const id = body.entry[0].changes[0].value.messages[0].id;
  const res = await postWebhook(world.stub.url, body);
  return { id, status: res.status, body };
}

export async function tearDown(world, { failed } = {}) {
  if (!world) return;
  try {
    if (failed && world.page) await screenshot(world.page, `${world.name}-failure`).catch(() => {});
    world.inbox?.saveLog(world.name);
    if (failed) trace(world.name, 'WebSocket closes:', JSON.stringify(world.proxy?.stats.closes), '\nstub log:\n' + world.stub?.log().slice(-2000));
  } finally {
    await world.browser?.close().catch(() => {});
    await world.proxy?.close().catch(() => {});
    await world.stub?.stop().catch(() => {});
  }
}
