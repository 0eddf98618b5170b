// Two agents of one organization (ana, bruno) in two browser contexts, and an agent of another
// organization (carla) in a third: what one does appears live on the other's screen, unread counts
// agree, and carla sees none of it and cannot get a token for the other organization's channels.
// Scenarios 3 and 4 of the e2e issue.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openInbox, screenshot } from '../support/browser.mjs';
import { startStub } from '../support/stub.mjs';
import { inboundText, TEST_APP_SECRET } from '../support/webhooks.mjs';
import {
  allChats, api, assertNoConsoleErrors, click, deliver, findNode, latencySummary, login, metrics, openChat, settle,
  signInWithToken, state, until,
} from './helpers.mjs';

let stub;
let browser;
const agents = {};  // name → { inbox, page, session }

before(async () => {
  stub = await startStub({ env: { WHATSAPP_APP_SECRET: TEST_APP_SECRET } });
  browser = await launchBrowser();
  for (const [name, email] of [['ana', 'ana@demo.test'], ['bruno', 'bruno@demo.test'], ['carla', 'carla@outra.test']]) {
    const inbox = await openInbox(browser, `${stub.url}/`);
    agents[name] = { inbox, page: inbox.page, session: await login(stub.url, email) };
  }
  await Promise.all(Object.values(agents).map((a) => signInWithToken(a.page, a.session.token)));
});

after(async () => {
  for (const [name, a] of Object.entries(agents)) a.inbox.saveLog(`two-agents-${name}`);
  await browser?.close();
  await stub?.stop();
});

const CUSTOMER = { from: '5511977770001', name: 'Renata Duo' };
const unreadMap = (s) => Object.fromEntries(s.chats.map((c) => [c.id, c.unreadCount]));

test('3. two agents of one organization see each other\'s work live; unread counts agree', async (t) => {
  const { ana, bruno } = agents;
  assert.deepEqual(unreadMap(await state(ana.page)), unreadMap(await state(bruno.page)));

  // A new customer writes: both lists put the conversation on top with the same unread count.
  assert.equal(await deliver(stub.url, inboundText({ ...CUSTOMER, text: 'Oi! Quero fechar o plano de 500 mega, é possível hoje?' })), 200);
  for (const a of [ana, bruno]) {
    await until(a.page, (s, n) => s.chats[0].name === n && s.chats[0].unreadCount === 1, CUSTOMER.name);
  }
  assert.equal(await deliver(stub.url, inboundText({ ...CUSTOMER, text: 'Meu CEP é 04567-000.' })), 200);
  for (const a of [ana, bruno]) await until(a.page, (s) => s.chats[0].unreadCount === 2);
  assert.deepEqual(unreadMap(await state(ana.page)), unreadMap(await state(bruno.page)));

  // Ana opens it: it is read for the whole team (bruno's badge clears too, by push).
  await openChat(ana.page, CUSTOMER.name);
  await until(bruno.page, (s, n) => s.chats.find((c) => c.name === n).unreadCount === 0, CUSTOMER.name);
  await openChat(bruno.page, CUSTOMER.name);
  const chatId = (await state(ana.page)).selectedChatId;
  assert.equal((await state(bruno.page)).selectedChatId, chatId);

  // Ana answers from her composer; it appears in bruno's open conversation without a REST call of his.
  await settle(bruno.page);
  const brunoBefore = await metrics(bruno.page);
  const answer = 'Perfeito, Renata! Consigo agendar a instalação ainda hoje 😊';
  await click(ana.page, 'textbox', 'Mensagem');
  await ana.page.keyboard.type(answer);
  await ana.page.keyboard.press('Enter');
  for (const a of [ana, bruno]) {
    await until(a.page, (s, text) => s.messages.at(-1).text === text && s.messages.at(-1).direction === 'out' &&
      s.messages.at(-1).status === 'sent', answer);
  }
  assert.equal((await metrics(bruno.page)).restRequests, brunoBefore.restRequests, 'bruno got ana\'s message by push');

  // Bruno works the ticket: stage, deal value, assignee, close. Ana sees each step, by push.
  await settle(ana.page);
  const anaBefore = await metrics(ana.page);
  await click(bruno.page, 'combobox', 'Etapa');
  await click(bruno.page, 'option', 'Proposta');
  for (const a of [ana, bruno]) await until(a.page, (s) => s.ticket.stage === 'Proposta' && s.chats[0].ticket.stage === 'Proposta');

  await click(bruno.page, 'textbox', 'Valor do negócio');
  await bruno.page.keyboard.press('Control+A');
  await bruno.page.keyboard.type('1.500,00');
  await bruno.page.keyboard.press('Enter');
  for (const a of [ana, bruno]) await until(a.page, (s) => s.ticket.dealValue === 150000);
  await until(ana.page, (tree) => tree.some((n) => n.role === 'textbox' && n.label === 'Valor do negócio' && n.value === 'R$ 1.500,00'),
    null, { what: 'tree' });

  await click(bruno.page, 'combobox', 'Responsável');
  await click(bruno.page, 'option', 'Ana Souza');
  for (const a of [ana, bruno]) await until(a.page, (s, id) => s.ticket.assigneeId === id, ana.session.user.id);
  await until(ana.page, (tree) => tree.some((n) => n.role === 'combobox' && n.label === 'Responsável' && n.value === 'Ana Souza'),
    null, { what: 'tree' });

  await click(bruno.page, 'button', 'Fechar como Ganho');
  await findNode(bruno.page, 'heading', 'Fechar este ticket como Ganho?');
  await click(bruno.page, 'button', 'Confirmar');
  for (const a of [ana, bruno]) {
    await until(a.page, (s) => s.ticket.status === 'won' && s.chats[0].ticket.status === 'won');
    await until(a.page, (tree) => tree.some((n) => n.role === 'button' && n.label === 'Fechar como Ganho' && !n.enabled), null, { what: 'tree' });
  }
  assert.equal((await metrics(ana.page)).restRequests, anaBefore.restRequests, 'ana followed bruno\'s edits by push');

  // The server agrees with both screens.
  const ticket = (await api(stub.url, ana.session.token, `/conversations/${chatId}/ticket`)).json;
  assert.equal(ticket.status, 'won');
  assert.equal(ticket.dealValue, 150000);
  assert.equal(String(ticket.assignee.id), String(ana.session.user.id));
  const sa = await state(ana.page);
  const sb = await state(bruno.page);
  assert.deepEqual(sa.ticket, sb.ticket);
  assert.deepEqual(unreadMap(sa), unreadMap(sb));
  const rest = Object.fromEntries((await allChats(stub.url, ana.session.token)).map((c) => [c.id, c.unreadCount]));
  assert.deepEqual(unreadMap(sa), rest);

  await settle(ana.page);
  await settle(bruno.page);
  await screenshot(ana.page, 'two-agents-ana');
  await screenshot(bruno.page, 'two-agents-bruno');
  for (const [name, a] of Object.entries({ ana, bruno })) {
    const line = `${name}: push-to-screen latency ${latencySummary((await metrics(a.page)).pushLatencyMs)}`;
    t.diagnostic(line);
    console.log(`# ${line}`);
  }
  assertNoConsoleErrors(ana.inbox);
  assertNoConsoleErrors(bruno.inbox);
});

test('4. an agent of another organization sees none of it and gets no token for its channels', async () => {
  const { carla, ana } = agents;
  const s = await state(carla.page);
  const own = await allChats(stub.url, carla.session.token);
  assert.deepEqual(s.chats.map((c) => c.id), own.map((c) => c.id), 'carla sees exactly her organization\'s chats');
  const demoIds = new Set((await allChats(stub.url, ana.session.token)).map((c) => c.id));
  assert.ok(s.chats.every((c) => !demoIds.has(c.id) && c.name !== CUSTOMER.name));
  assert.deepEqual(s.instances.map((i) => i.id), ['100000000000003']);
  assert.equal(s.connection, 'connected');

  // Her channel tokens: her own organization's, never Demo Vendas'.
  const demoOrg = ana.session.organizationId;
  assert.notEqual(carla.session.organizationId, demoOrg);
  for (const channel of [`org:${demoOrg}:messages`, `org:${demoOrg}:tickets`]) {
    const r = await api(stub.url, carla.session.token, `/centrifugo/subscription-token?channel=${encodeURIComponent(channel)}`);
    assert.equal(r.status, 403, channel);
    assert.equal(r.json.error.code, 'forbidden');
  }
  const mine = await api(stub.url, carla.session.token,
    `/centrifugo/subscription-token?channel=${encodeURIComponent(`org:${carla.session.organizationId}:messages`)}`);
  assert.equal(mine.status, 200);
  // Nor the data behind them.
  const demoChat = [...demoIds][0];
  assert.equal((await api(stub.url, carla.session.token, `/whatsapp/chats/${demoChat}/messages`)).status, 404);
  assert.equal((await api(stub.url, carla.session.token, `/conversations/${demoChat}/ticket`)).status, 404);

  // A customer of Demo Vendas writes again while carla watches: nothing reaches her screen.
  const before = await state(carla.page);
  assert.equal(await deliver(stub.url, inboundText({ ...CUSTOMER, text: 'Obrigada pelo atendimento!' })), 200);
  await until(ana.page, (st, text) => st.messages.at(-1).text === text, 'Obrigada pelo atendimento!');
  await settle(carla.page);
  const afterState = await state(carla.page);
  assert.deepEqual(afterState.chats, before.chats);
  await screenshot(carla.page, 'two-agents-carla');
  assertNoConsoleErrors(carla.inbox);
});
