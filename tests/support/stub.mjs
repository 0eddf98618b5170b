// Starts a real backend-stub on a free port with a fresh SQLite file, for the Node suites
// (tests/compat, tests/e2e). The binary and dist/ come from tools/test through the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STUB_BIN = process.env.INBOX_STUB_BIN || path.join(ROOT, 'build/ci/backend-stub/backend-stub');
export const DIST_DIR = process.env.INBOX_DIST_DIR || path.join(ROOT, 'dist');

// startStub({ env, args, db, port }) → { url, port, db, proc, log(), stop(), kill() }
// port 0 lets the stub pick a free one; it prints "backend-stub listening on http://HOST:PORT".
export async function startStub({ env = {}, args = [], db, port = 0, keepDb = false } = {}) {
  const dir = db ? null : mkdtempSync(path.join(tmpdir(), 'inbox-stub-'));
  const dbPath = db || path.join(dir, 'inbox.db');
  const proc = spawn(STUB_BIN, ['--port', String(port), '--db', dbPath, '--static', DIST_DIR, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('backend-stub did not start in 15 s:\n' + output)), 15000);
    const check = () => {
      const m = output.match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`backend-stub exited (${code}):\n` + output)); });
    proc.on('error', (e) => { clearTimeout(timer); reject(new Error(`backend-stub could not start (${STUB_BIN}): ${e.message}`)); });
  });

  const exited = new Promise((resolve) => { if (proc.exitCode !== null) resolve(); else proc.on('exit', resolve); });
  const finish = async (signal) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
    if (dir && !keepDb) rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    port: Number(new URL(url).port),
    db: dbPath,
    proc,
    log: () => output,
    stop: () => finish('SIGTERM'),
    kill: () => finish('SIGKILL'),
  };
}
