// Runs the benchmark parts, prints one table and writes build/bench/results.json.
// Each part is a module exporting `run({ quick })` → { title, rows: [{ metric, value, unit, baseline?,
// target?, met? }], notes? }. Figures are measured in this run only; nothing is hard-coded.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const PARTS = ['push-vs-poll', 'latency', 'idle', 'scale', 'load', 'fanout', 'intake'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const writeDoc = args.includes('--write-doc');
const chosen = args.filter((a) => !a.startsWith('--'));
for (const p of chosen) if (!PARTS.includes(p)) { console.error(`unknown part: ${p} (parts: ${PARTS.join(' ')})`); process.exit(2); }
const parts = chosen.length ? chosen : PARTS;

const fmt = (v) => (v === undefined || v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : String(v));
function table(results) {
  const lines = ['| part | metric | value | baseline | target | met |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of results) {
    if (r.error) { lines.push(`| ${r.part} | (failed) | ${r.error.replace(/\|/g, '/').split('\n')[0]} | | | |`); continue; }
    for (const row of r.rows) {
      const unit = row.unit ? ` ${row.unit}` : '';
      lines.push(`| ${r.part} | ${row.metric} | ${fmt(row.value)}${unit} | ${row.baseline === undefined ? '' : fmt(row.baseline) + unit} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`);
    }
  }
  return lines.join('\n');
}

const results = [];
for (const part of parts) {
  const started = Date.now();
  process.stderr.write(`bench: ${part}…\n`);
  try {
    const mod = await import(path.join(HERE, `${part}.mjs`));
    const r = await mod.run({ quick });
    results.push({ part, seconds: Math.round((Date.now() - started) / 1000), ...r });
  } catch (e) {
    results.push({ part, error: String(e && e.stack || e) });
    process.stderr.write(`bench: ${part} failed: ${e && e.stack || e}\n`);
  }
}

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
const out = { date: new Date().toISOString(), quick, machine, results };
const dir = process.env.INBOX_ARTIFACTS_DIR || path.join(ROOT, 'build/bench');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'results.json'), JSON.stringify(out, null, 2));
const md = table(results);
console.log(md);
for (const r of results) for (const n of r.notes || []) console.log(`- ${r.part}: ${n}`);

if (writeDoc) {
  const doc = path.join(ROOT, 'docs/BENCHMARKS.md');
  const text = readFileSync(doc, 'utf8');
  const begin = '<!-- bench:begin -->', end = '<!-- bench:end -->';
  const notes = results.flatMap((r) => (r.notes || []).map((n) => `- ${r.part}: ${n}`)).join('\n');
  const block = `${begin}\nMeasured ${out.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} cores (${machine.cpuModel}), ${quick ? 'quick run' : 'full run'}.\n\n${md}\n\n${notes}\n${end}`;
  writeFileSync(doc, text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), block));
  console.error('bench: docs/BENCHMARKS.md updated');
}
if (results.some((r) => r.error)) process.exitCode = 1;
