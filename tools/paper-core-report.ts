/**
 * Prints the paper-core tables of docs/paper-core.md (run: npm run build && node dist/tools/paper-core-report.js):
 * the RWKV-4-style block at d = 512 for DDR round trips of 4–16 core cycles (ideal memory, cycle
 * mode), where the cycles go, the shipped DDR4 design, and MMfreeLM decode on the single core.
 */
import { join } from 'node:path';
import { loadDesign } from '../src/io/load.js';
import { packageRoot } from '../src/io/package-root.js';
import { simulate } from '../src/sim/simulate.js';
import type { Result } from '../src/sim/result.js';
import { buildRwkvPaperBlock } from '../src/workload/rwkv-paper-block.js';
import { buildHgrnBitDecode } from '../src/workload/hgrn-bit.js';
import { ZOO } from '../src/workload/zoo.js';

const file = join(packageRoot(), 'designs/fpga/d5005-paper-core.yaml');
const block = buildRwkvPaperBlock(512);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const u = (r: Result, n: string) => r.units[n]?.busyFraction ?? 0;
const out = (s: string) => process.stdout.write(`${s}\n`);

out('| DDR round trip (core cycles) | cycles | ms at 60 MHz | vs 43 ms | TAU accumulating | TAU waiting for DDR | load/store on DDR | row-wise unit | norm unit |');
out('|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
for (let rt = 4; rt <= 16; rt++) {
  const r = simulate(loadDesign(file, [`memory={type: ideal, latencyCycles: ${rt}}`]), block, { mode: 'cycle' });
  out(`| ${rt} | ${r.cycles.toLocaleString('en-US')} | ${r.msPerToken.toFixed(2)} | ${((r.msPerToken / 43 - 1) * 100).toFixed(1)}% | ${pct(u(r, 'tau'))} | ${pct(u(r, 'tau.starved'))} | ${pct(u(r, 'loadStore'))} | ${pct(u(r, 'vector'))} | ${pct(u(r, 'norm'))} |`);
}
const ddr = simulate(loadDesign(file), block, { mode: 'cycle' });
out('');
out(`Shipped design (DDR4-2400 model + controller latency), cycle mode: ${ddr.cycles.toLocaleString('en-US')} cycles, ${ddr.msPerToken.toFixed(2)} ms (${((ddr.msPerToken / 43 - 1) * 100).toFixed(1)}% vs 43 ms), ${ddr.watts.toFixed(2)} W, bound by ${ddr.boundBy}; DRAM ${JSON.stringify(ddr.actions['dram.ch0'])}`);
out('');
out('| model | tokens/s | s/token | W | J/token | bound by | TAU accumulating | TAU waiting for DDR |');
out('|---|--:|--:|--:|--:|---|--:|--:|');
for (const name of ['mmfree-370m', 'mmfree-1.3b', 'mmfree-2.7b']) {
  const r = simulate(loadDesign(file), buildHgrnBitDecode(ZOO[name]!.config, { batch: 1, model: name }), { mode: 'fast' });
  out(`| ${name} | ${r.tokensPerSecond.toPrecision(3)} | ${(r.msPerToken / 1e3).toFixed(1)} | ${r.watts.toFixed(2)} | ${r.joulesPerToken.toPrecision(3)} | ${r.boundBy} | ${pct(u(r, 'tau'))} | ${pct(u(r, 'tau.starved'))} |`);
}
