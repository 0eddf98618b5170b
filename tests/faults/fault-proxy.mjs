// A small fault-injecting proxy between the page and the stub. HTTP requests are forwarded one by
// one (so they can be delayed or answered 5xx by path); WebSocket upgrades become raw TCP pipes
// that can be cut — even in the middle of a frame — held silent, or refused. The upstream port
// can change, so a restarted stub sits behind the same origin the page already uses.
import http from 'node:http';
import net from 'node:net';

// Follows the WebSocket frames of one direction across chunks; calls onClose(code, reason) for close
// frames (so a test can say why a connection ended).
function frameWatcher(onClose, recent = [], onText = () => {}) {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 0x0f, masked = (buf[1] & 0x80) !== 0;
      let len = buf[1] & 0x7f, at = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
      const mask = masked ? buf.subarray(at, at + 4) : null;
      if (masked) at += 4;
      if (buf.length < at + len) return;
      const payload = Buffer.from(buf.subarray(at, at + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      if (opcode === 8) onClose(payload.length >= 2 ? payload.readUInt16BE(0) : 1005, payload.subarray(2).toString());
      else if (opcode === 1) { onText(payload.toString()); recent.push(`${Date.now() % 100000} ${payload.toString().replace(/"token":"[^"]*"/g, (t) => `"token":"…${t.length}"`).slice(0, 1500)}`); if (recent.length > 6) recent.shift(); }
      buf = buf.subarray(at + len);
    }
  };
}

export async function startFaultProxy(upstreamPort) {
  let upstream = upstreamPort;
  let rules = [];             // [{ test(req) → bool, delayMs?, status?, remaining? (count), until? (ms) }]
  let refuseUpgrades = false;
  let held = false;
  const pipes = new Set();    // { client, server, heldChunks: [] }
  // closes: "server 3012 no pong"…; epochs: seen in subscribe replies; notRecovered: replies to a
  // recovering subscribe that said the history could not fill the gap (the page must refetch).
  const stats = { requests: 0, faulted: 0, upgrades: 0, cuts: 0, closes: [], epochs: new Set(), notRecovered: 0 };
  const onServerText = (text) => {
    for (const line of text.split('\n')) {
      if (!line.includes('"subscribe"')) continue;
      try {
        const r = JSON.parse(line).subscribe;
        if (!r) continue;
        if (r.epoch) stats.epochs.add(r.epoch);
        if (r.was_recovering && !r.recovered) stats.notRecovered++;
      } catch { /* not JSON: not ours to judge */ }
    }
  };
  let armedCut = null;        // { minBytes, resolve }

  const agent = new http.Agent({ keepAlive: false });
  const ruleFor = (req) => {
    const now = Date.now();
    rules = rules.filter((r) => (r.remaining === undefined || r.remaining > 0) && (r.until === undefined || now < r.until));
    return rules.find((r) => r.test(req));
  };

  const server = http.createServer((req, res) => {
    stats.requests++;
    const rule = ruleFor(req);
    if (rule && rule.remaining !== undefined) rule.remaining--;
    const forward = () => {
      const up = http.request({ host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: req.headers, agent }, (upRes) => {
        res.writeHead(upRes.statusCode, upRes.rawHeaders);
        upRes.pipe(res);
      });
      // The stub is down: answer as a load balancer in front of it would.
      up.on('error', () => { if (!res.headersSent) { res.writeHead(502, { 'content-type': 'text/plain' }); res.end('bad gateway'); } else res.destroy(); });
      req.pipe(up);
    };
    if (rule?.status) {
      stats.faulted++;
      req.resume();
      const answer = () => {
        res.writeHead(rule.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'injected_fault', message: `fault proxy answered ${rule.status}` } }));
      };
      return rule.delayMs ? setTimeout(answer, rule.delayMs) : answer();
    }
    if (rule?.delayMs) {
      stats.faulted++;
      return setTimeout(forward, rule.delayMs);
    }
    forward();
  });

  server.on('upgrade', (req, client, head) => {
    stats.upgrades++;
    if (refuseUpgrades) {
      client.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    const upstreamSocket = net.connect(upstream, '127.0.0.1');
    const pipe = { client, server: upstreamSocket, established: false, fromServer: [], fromClient: [] };
    const fromPage = [], fromServer = [];  // the last text frames, for the record of a protocol close
    const watchServer = frameWatcher((code, reason) => {
      stats.closes.push(`server ${code} ${reason}`);
      if (code === 3501) stats.closes.push(`  page sent: ${JSON.stringify(fromPage)}; server sent: ${JSON.stringify(fromServer)}`);
    }, fromServer, onServerText);
    const watchClient = frameWatcher((code, reason) => stats.closes.push(`page ${code} ${reason}`), fromPage);
    pipes.add(pipe);
    const drop = () => {
      pipes.delete(pipe);
      client.destroy();
      upstreamSocket.destroy();
    };
    upstreamSocket.on('connect', () => {
      let head1 = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) head1 += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      upstreamSocket.write(head1 + '\r\n');
      if (head?.length) upstreamSocket.write(head);
    });
    upstreamSocket.on('data', (chunk) => {
      if (!pipe.established) {   // the 101 answer passes untouched
        pipe.established = true;
        return client.write(chunk);
      }
      watchServer(chunk);
      if (armedCut && chunk.length >= armedCut.minBytes) {
        // Half a frame reaches the browser, then both sides go away without a close frame.
        const cut = armedCut;
        armedCut = null;
        stats.cuts++;
        client.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => { drop(); cut.resolve(chunk.length); });
        return;
      }
      if (held) pipe.fromServer.push(chunk);
      else client.write(chunk);
    });
    client.on('data', (chunk) => {
      watchClient(chunk);
      if (held) pipe.fromClient.push(chunk);
      else upstreamSocket.write(chunk);
    });
    client.on('error', drop);
    upstreamSocket.on('error', drop);
    client.on('close', drop);
    upstreamSocket.on('close', drop);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;

  const matcher = (path, method) => (req) => (!method || req.method === method) &&
    (typeof path === 'string' ? req.url.startsWith(path) : path.test(req.url));

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    setUpstream(p) { upstream = p; },
    // Answer `status` for requests matching `path` (string prefix or RegExp): `count` times or for `forMs`.
    fail(path, { status = 503, count, forMs, method, delayMs } = {}) {
      rules.push({ test: matcher(path, method), status, remaining: count, until: forMs === undefined ? undefined : Date.now() + forMs, delayMs });
    },
    // Forward matching requests only after `delayMs`.
    slow(path, delayMs, { count, forMs, method } = {}) {
      rules.push({ test: matcher(path, method), delayMs, remaining: count, until: forMs === undefined ? undefined : Date.now() + forMs });
    },
    clearRules() { rules = []; },
    refuseWebSockets(on) { refuseUpgrades = on; },
    openWebSockets: () => [...pipes].filter((p) => p.established).length,
    // Resolves (with the size of the frame chunk that was cut) once the next server→page chunk of at
    // least `minBytes` has been cut in half and the connection dropped.
    cutNextFrame({ minBytes = 32, timeoutMs = 15000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { armedCut = null; reject(new Error(`no WebSocket frame of ${minBytes}+ bytes to cut in ${timeoutMs} ms`)); }, timeoutMs);
        armedCut = { minBytes, resolve: (n) => { clearTimeout(timer); resolve(n); } };
      });
    },
    // Drops every WebSocket now, without a close frame (a dead NAT, a pulled cable).
    cutAll() {
      for (const p of [...pipes]) { p.client.destroy(); p.server.destroy(); pipes.delete(p); }
    },
    // Stops passing WebSocket bytes either way (a stalled link); release() delivers what was held.
    hold() { held = true; },
    release() {
      held = false;
      for (const p of pipes) {
        for (const c of p.fromServer.splice(0)) p.client.write(c);
        for (const c of p.fromClient.splice(0)) p.server.write(c);
      }
    },
    async close() {
      this.cutAll();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      agent.destroy();
    },
  };
}
