// REST faults: every API answer 5 s late for a while, then bursts of 5xx. The app keeps working,
// sends go out exactly once, and the draft and the unsent message survive.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { state } from '../support/browser.mjs';
import {
  assertAgentWorkSurvived, assertShownOnce, clickNode, focusComposer, login, postToChat, setUpWorld, tearDown, until,
} from './helpers.mjs';

let world;
let failed = false;
let other;   // a second conversation of the seed, where the agent sends during the faults
before(async () => {
  world = await setUpWorld({ name: 'faults-rest' });
  other = (await state(world.page)).chats.find((c) => c.name !== world.customer && c.name !== 'Cliente faults-rest');
});
after(async () => { await tearDown(world, { failed }); });
const track = (fn) => async (t) => { try { await fn(t); } catch (e) { failed = true; throw e; } };

async function serverTexts(chatId) {
  const { token } = await login(world.stub.url);
  const res = await fetch(`${world.stub.url}/api/v1/whatsapp/chats/${chatId}/messages?limit=100`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()).items.map((m) => m.text);
}

// Opens `other`, sends `text` from its composer, comes back to the world's chat.
async function sendInOtherChat(text, { sentWithin = 30000 } = {}) {
  const { page } = world;
  await clickNode(page, 'listitem', other.name);
  await until(page, (st) => st.selectedChatId === other.id && st.messages.length > 0, { what: 'the other chat to load', timeout: 20000 });
  await focusComposer(page);
  await page.keyboard.insertText(text);
  await page.keyboard.press('Enter');
  await until(page, (st) => st.messages.some((m) => m.text === text && ['sent', 'delivered', 'read'].includes(m.status)),
    { what: `"${text}" to be sent`, timeout: sentWithin });
  const shown = (await state(page)).messages.filter((m) => m.text === text);
  assert.equal(shown.length, 1, `"${text}" shown ${shown.length} times`);
  assert.equal((await serverTexts(other.id)).filter((t) => t === text).length, 1, `"${text}" stored more than once`);
  await clickNode(page, 'listitem', world.customer);
  await until(page, (st) => st.selectedChatId === world.chatId, { what: 'back to the first chat' });
}

test('REST answering 5 s late: chats still open, the send goes out once, pushes keep flowing', track(async () => {
  const { page, proxy } = world;
  assert.ok(other, 'no second conversation in the seed');
  proxy.slow('/api/v1/', 5000, { forMs: 14000 });
  const started = Date.now();
  const pushed = await postToChat(world, 'chega pelo WebSocket mesmo com a API lenta');
  // The WebSocket is not slowed: the push shows at once, not after the 5 s.
  await until(page, (st) => st.messages.some((m) => m.id === pushed.id), { what: 'the push during slow REST', timeout: 4000 });
  await sendInOtherChat('enviada com a API lenta');
  assert.ok(Date.now() - started >= 5000, 'the REST delay did not apply');
  await assertAgentWorkSurvived(world);
  proxy.clearRules();
}));

test('5xx bursts: requests are retried, the send goes out once, nothing shows twice', track(async () => {
  const { page, proxy } = world;
  // The next three API answers are 503, then two 502s a little later: retries absorb them.
  proxy.fail('/api/v1/', { status: 503, count: 3 });
  await sendInOtherChat('enviada durante erros 5xx');
  proxy.fail('/api/v1/', { status: 502, count: 2 });
  const m = await postToChat(world, 'depois da rajada de 5xx');
  const s = await until(page, (st) => st.messages.some((x) => x.id === m.id), { what: 'a push after the 5xx burst' });
  assertShownOnce(s, [world.firstId, m.id]);
  assert.ok(proxy.stats.faulted >= 3, 'the 5xx answers were never served');
  await assertAgentWorkSurvived(world);
}));
