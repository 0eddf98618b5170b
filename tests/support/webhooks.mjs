// WhatsApp Cloud API webhook bodies for the Node suites: the committed fixtures (exact signed bytes)
// and fresh, realistic bodies built on the fly, posted to the stub as Meta would.
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/whatsapp');
export const TEST_APP_SECRET = readFileSync(path.join(DIR, 'signed/signatures.tsv'), 'utf8')
  .match(/app_secret=(\S+)/)[1];

// [{ name, body (parsed), raw (Buffer, exact signed bytes), signature }] in file order.
export function fixtures() {
  const signatures = new Map(readFileSync(path.join(DIR, 'signed/signatures.tsv'), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')));
  return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const name = f.replace(/\.json$/, '');
    const rawFile = `${name}.raw.json`;
    return {
      name,
      body: JSON.parse(readFileSync(path.join(DIR, f), 'utf8')),
      raw: readFileSync(path.join(DIR, 'signed', rawFile)),
      signature: signatures.get(rawFile),
    };
  });
}

export const sign = (raw, secret) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');

// Posts raw bytes; signs them with `secret` unless a `signature` is given. Returns the Response.
export async function postWebhook(baseUrl, raw, { secret, signature } = {}) {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw));
  const headers = { 'content-type': 'application/json' };
  const sig = signature || (secret ? sign(bytes, secret) : null);
  if (sig) headers['x-hub-signature-256'] = sig;
  return fetch(`${baseUrl}/webhooks/whatsapp`, { method: 'POST', headers, body: bytes });
}

let sequence = 0;
// A fresh inbound text message, as the platform sends it (timestamps are strings of unix seconds).
export function inboundText({ phoneNumberId = '100000000000001', from = '5511900000001', name = 'Cliente Teste',
  text = 'Olá!', id, timestamp = Math.floor(Date.now() / 1000) } = {}) {
  const messageId = id || `wamid.E2E${Date.now().toString(36)}${(sequence++).toString(36)}`;
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: '200000000000001',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: phoneNumberId === '100000000000002' ? '552130000002' : '551140000001', phone_number_id: phoneNumberId },
          contacts: [{ profile: { name }, wa_id: from }],
          messages: [{ from, id: messageId, timestamp: String(timestamp), type: 'text', text: { body: text } }],
        },
      }],
    }],
  };
}
