// Shared helpers for the compatibility suite: REST login, token getters for the official
// centrifuge SDK, and webhook bodies in WhatsApp Cloud API format.
import { Centrifuge, UnauthorizedError } from 'centrifuge';
import WebSocket from 'ws';

export const API_KEY = 'compat-test-api-key';

export async function login(base, email, password = 'demo123') {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status}`);
  return res.json();
}

export async function getJson(base, path, token) {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

// Token getters as an app would write them; they count calls so tests can see refreshes.
export function tokenGetters(base, session) {
  const calls = { connection: 0, subscription: 0 };
  const connection = async () => {
    calls.connection += 1;
    const { status, body } = await getJson(base, '/api/v1/centrifugo/token', session.token);
    if (status === 401 || status === 403) throw new UnauthorizedError('no connection token');
    if (status !== 200) throw new Error(`token HTTP ${status}`);
    return body.token;
  };
  const subscription = async (ctx) => {
    calls.subscription += 1;
    const { status, body } = await getJson(
      base, `/api/v1/centrifugo/subscription-token?channel=${encodeURIComponent(ctx.channel)}`, session.token);
    if (status === 401 || status === 403) throw new UnauthorizedError('no subscription token');
    if (status !== 200) throw new Error(`subscription token HTTP ${status}`);
    return body.token;
  };
  return { calls, connection, subscription };
}

export function wsUrl(base) {
  return base.replace(/^http/, 'ws') + '/connection/websocket';
}

export function newClient(base, getToken, extra = {}) {
  return new Centrifuge(wsUrl(base), { websocket: WebSocket, getToken, ...extra });
}

let seq = 0;
// One inbound text message from a customer to the demo org's São Paulo number.
export function inboundWebhook(text, { waId = '5511977770000', name = 'Cliente Compat', id } = {}) {
  seq += 1;
  const messageId = id || `wamid.compat-${process.pid}-${Date.now()}-${seq}`;
  const body = {
    object: 'whatsapp_business_account',
    entry: [{
      id: '200000000000001',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '551140000001', phone_number_id: '100000000000001' },
          contacts: [{ profile: { name }, wa_id: waId }],
          messages: [{ from: waId, id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
        },
      }],
    }],
  };
  return { messageId, body: JSON.stringify(body) };
}

export async function postWebhook(base, body) {
  const res = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (res.status !== 200) throw new Error(`webhook HTTP ${res.status}: ${await res.text()}`);
}

export function waitFor(emitter, event, predicate = () => true, timeoutMs = 8000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.removeListener(event, on); reject(new Error(`timeout waiting for ${event}`)); }, timeoutMs);
    function on(ctx) {
      if (!predicate(ctx)) return;
      clearTimeout(timer);
      emitter.removeListener(event, on);
      resolve(ctx);
    }
    emitter.on(event, on);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
