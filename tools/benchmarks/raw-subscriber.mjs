// A raw Centrifugo-protocol client for the hub benchmarks: connect and subscribe in one frame with
// HS256 tokens, answer pings, hand every publication's data to `onPublication`.
import WebSocket from 'ws';
import { signHs256 } from './jwt.mjs';

export const percentile = (sorted, p) =>
  (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

// Resolves with the socket once subscribed; rejects on a subscribe error or after 30 s.
export function subscriber(url, secret, channel, { userId = '1', name = 'bench', onPublication = () => {}, onClose = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/connection/websocket');
    const timer = setTimeout(() => reject(new Error('subscribe timed out')), 30000);
    ws.on('open', () => {
      ws.send(JSON.stringify({ id: 1, connect: { token: signHs256({ sub: userId, exp, info: { organizationId: '1' } }, secret), name } })
        + '\n' + JSON.stringify({ id: 2, subscribe: { channel, token: signHs256({ sub: userId, channel, exp }, secret) } }));
    });
    ws.on('message', (data) => {
      for (const line of data.toString().split('\n')) {
        if (!line) continue;
        if (line === '{}') { ws.send('{}'); continue; }
        const m = JSON.parse(line);
        if (m.id === 2) { clearTimeout(timer); if (m.error) reject(new Error(JSON.stringify(m.error))); else resolve(ws); }
        else if (m.push?.pub) onPublication(m.push.pub.data);
      }
    });
    ws.on('error', reject);
    ws.on('close', (code) => onClose(code));
  });
}
