// Part 1 — polling vs push: K native agents (wasm/core over real HTTP + WebSocket, tools/agent-sim)
// for M minutes of webhook traffic, once with our push design and once as the spec's old design
// (refetch the chat list and the open chat every 5 s). Each mode gets a fresh stub and database.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startStub } from '../../tests/support/stub.mjs';

const BUILD = process.env.INBOX_BUILD_DIR || path.resolve('build/ci');
const SIM = path.join(BUILD, 'tools/agent-sim/agent-sim');

// utime + stime of a process in seconds (Linux /proc; clock ticks are 100 Hz on Debian).
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function runMode(mode, { agents, seconds, warmup, rate }) {
  const stub = await startStub();
  try {
    const cpu0 = cpuSeconds(stub.proc.pid);
    const { stdout } = await promisify(execFile)(SIM, ['--url', stub.url, '--agents', String(agents), '--seconds', String(seconds),
      '--warmup', String(warmup), '--mode', mode, '--webhooks-per-second', String(rate)], { maxBuffer: 1 << 20 });
    const report = JSON.parse(stdout.trim().split('\n').pop());
    report.stubCpuSeconds = cpuSeconds(stub.proc.pid) - cpu0;
    return report;
  } finally {
    await stub.stop();
  }
}

export async function run({ quick, smoke }) {
  const agents = Number(process.env.BENCH_AGENTS || (smoke ? 2 : quick ? 20 : 100));
  const seconds = Number(process.env.BENCH_SECONDS || (smoke ? 12 : quick ? 45 : 120));
  const warmup = smoke ? 4 : quick ? 15 : 30;
  const rate = Number(process.env.BENCH_WEBHOOKS_PER_SECOND || 2);
  const push = await runMode('push', { agents, seconds, warmup, rate });
  const poll = await runMode('poll', { agents, seconds, warmup, rate });
  const ratio = (a, b) => (b > 0 ? (100 * a) / b : 0);
  const readRatio = ratio(push.steadyPerMinute.restReads, poll.steadyPerMinute.restReads);
  const kib = (b) => Math.round(b / 1024);
  // "GET /api/v1/conversations/{id}/ticket 200: 20" — what the reads were, per route and status.
  const reads = (r) => Object.entries(r.steadyByRoute || {}).filter(([k]) => k.startsWith('GET '))
    .sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.replace('GET /api/v1', '')}: ${n}`).join(', ') || 'none';
  return {
    title: 'Polling vs push',
    rows: [
      { metric: `agents / minutes / webhooks per s`, value: `${agents} / ${(seconds / 60).toFixed(1)} / ${rate}` },
      { metric: 'agents signed in (push, poll)', value: `${push.agentsSignedIn}, ${poll.agentsSignedIn}` },
      { metric: 'agents on realtime (push)', value: push.agentsConnectedRealtime },
      { metric: 'REST reads/min, steady state', value: push.steadyPerMinute.restReads, baseline: poll.steadyPerMinute.restReads },
      { metric: 'REST reads vs polling baseline', value: readRatio, unit: '%', target: '≤ 0.5 %', met: readRatio <= 0.5 },
      { metric: 'REST requests/min incl. agents\' own writes, steady', value: push.steadyPerMinute.restRequests, baseline: poll.steadyPerMinute.restRequests },
      { metric: 'REST requests incl. writes vs polling baseline', value: ratio(push.steadyPerMinute.restRequests, poll.steadyPerMinute.restRequests), unit: '%' },
      { metric: 'REST requests/min incl. sign-in and first loads', value: push.totalPerMinute.restRequests, baseline: poll.totalPerMinute.restRequests },
      { metric: 'REST KiB/min, steady', value: kib(push.steadyPerMinute.restBytes), baseline: kib(poll.steadyPerMinute.restBytes) },
      { metric: 'WebSocket KiB/min, steady', value: kib(push.steadyPerMinute.wsBytes), baseline: kib(poll.steadyPerMinute.wsBytes) },
      { metric: 'stub CPU seconds over the run', value: push.stubCpuSeconds, baseline: poll.stubCpuSeconds },
      { metric: 'messages sent / ticket edits (push)', value: `${push.messagesSent} / ${push.ticketEdits}` },
      { metric: 'chats opened in the steady state / never opened before by that agent (push)', value: `${push.steadyChatOpens} / ${push.steadyFirstChatOpens}` },
    ],
    notes: [
      `steady state = after a ${warmup} s warm-up (sign-in, first page loads); reads are GETs, writes are the agents' own sends and ticket edits, the same in both designs`,
      `the spec assumed ~12 requests/min per agent (~1,200/min for 100); the old design as run here refetches the chat list, the open chat's messages and its ticket every 5 s (36/min for an agent with a chat open): ${(poll.steadyPerMinute.restReads / agents).toFixed(1)} reads/min per agent measured`,
      'writes (sends, ticket edits, mark-as-read) are the agents\' own actions, the same in both designs; the ≤ 0.5 % target is read on the reads',
      `steady reads by route and status (counts over ${((seconds - warmup) / 60).toFixed(1)} min), push: ${reads(push)}; poll: ${reads(poll)}`,
      'a chat an agent opens for the first time is loaded (its newest messages and its ticket) in both designs; one that realtime kept current since it was loaded is shown without a request (docs/CORE.md)',
    ],
    raw: { push, poll },
  };
}
