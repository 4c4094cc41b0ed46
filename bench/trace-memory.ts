/**
 * A 100,000-op trace (1,000 layers of 100 ops: an RMSNorm, a quantize, 48 ternary 64 × 64 matvecs
 * and 50 element-wise ops) written to a temp file, read and simulated in fast and cycle mode on the
 * tiny test design; prints wall time and peak RSS, to show a trace of that size runs in bounded
 * memory. `npm run build && node --expose-gc dist/bench/trace-memory.js`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDesign } from '../src/design/parse-design.js';
import { loadWorkload } from '../src/io/load.js';
import { simulate } from '../src/sim/simulate.js';

const LAYERS = 1000;
const lines: string[] = [];
let prev = 'in';
const ops: string[] = [JSON.stringify({ kind: 'load', id: 'in', deps: [], layer: -1, tensor: 'x', bytes: 64, space: 'activation' })];
for (let l = 0; l < LAYERS; l++) {
  ops.push(JSON.stringify({ kind: 'rmsnorm', id: `n${l}`, deps: [prev], layer: l, length: 64, rows: 1 }));
  ops.push(JSON.stringify({ kind: 'quantize', id: `q${l}`, deps: [`n${l}`], layer: l, length: 64, rows: 1 }));
  for (let i = 0; i < 48; i++) ops.push(JSON.stringify({ kind: 'matvec', id: `m${l}.${i}`, deps: [`q${l}`], layer: l, weight: `W${l}.${i}`, dIn: 64, dOut: 64, batch: 1, zeroFraction: 0.31 }));
  for (let i = 0; i < 50; i++) ops.push(JSON.stringify({ kind: 'elementwise', id: `e${l}.${i}`, deps: [i === 0 ? `m${l}.47` : `e${l}.${i - 1}`], layer: l, fn: 'mul', length: 64 }));
  prev = `e${l}.49`;
}
const header = { format: 'ternsim-trace', version: 1, model: 'synthetic-100k', family: 'trace', phase: 'decode', batch: 1, layers: LAYERS, ops: ops.length, params: { total: LAYERS * 48 * 4096, ternaryBlocks: LAYERS * 48 * 4096, ternaryHead: 0, embedding: 0, other: 0 } };
lines.push(JSON.stringify(header), ...ops);
const dir = mkdtempSync(join(tmpdir(), 'ternsim-trace-mem-'));
const file = join(dir, 'big.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);
const design = parseDesign(readFileSync('test/fixtures/good/tiny.yaml', 'utf8'), 'tiny.yaml');
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const w = loadWorkload({ trace: file });
const t1 = performance.now();
for (const mode of ['fast', 'cycle'] as const) {
  const s = performance.now();
  const r = simulate(design, w, { mode });
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`${mode}: ${w.ops.length} ops simulated in ${((performance.now() - s) / 1e3).toFixed(2)} s (${r.eventsProcessed} events)\n`);
}
clearInterval(timer);
process.stdout.write(`trace of ${(readFileSync(file).length / 2 ** 20).toFixed(1)} MiB read in ${((t1 - t0) / 1e3).toFixed(2)} s; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB\n`);
rmSync(dir, { recursive: true, force: true });
