import { describe, it, expect } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { buildRwkvPaperBlock } from '../../src/workload/rwkv-paper-block.js';
import { shippedDesign } from './helpers.js';

/** The paper core with an ideal memory whose round trip is `rt` core cycles (the authors' testbench has 3: a request raised in cycle s is answered in cycle s + 3). */
const coreWithRoundTrip = (rt: number) => shippedDesign('designs/fpga/d5005-paper-core.yaml', [`memory={type: ideal, latencyCycles: ${rt}}`]);

describe('the paper\'s FPGA core running the RWKV-4-style block', () => {
  const d = 256;
  const block = buildRwkvPaperBlock(d);
  const cycles = (rt: number) => simulate(coreWithRoundTrip(rt), block, { mode: 'cycle' }).cycles;

  it('spends RT + 1 cycles per weight byte and RT per vector byte once latency-bound: each extra cycle of round trip costs one cycle per byte moved', () => {
    // Bytes over the single 8-bit DDR port: 3 ternary d×d matrices at 4 weights per byte, plus
    // 7 vector loads and 3 stores of d bytes. Every one is a serial round trip.
    const bytesMoved = (3 * d * d) / 4 + 10 * d;
    expect(cycles(11) - cycles(10)).toBe(bytesMoved);
    expect(cycles(16) - cycles(12)).toBe(4 * bytesMoved);
  });

  it('with the testbench memory (3-cycle round trip) streams one weight byte per 4 cycles, matching the TAU', () => {
    // Matmul time alone is 3 · d²/4 bytes × 4 cycles; loads/stores add 10·d × 3 (no reissue
    // cycle on the load/store unit); the rest overlaps or is small. Per instruction: paper-core-rtl.test.ts.
    const c = cycles(3);
    const streamed = 3 * ((d * d) / 4) * 4 + 10 * d * 3;
    expect(c).toBeGreaterThan(streamed);
    expect(c).toBeLessThan(streamed * 1.03);
  });

  it('at d = 512 and 60 MHz, a 12-cycle round trip gives the paper\'s 43 ms per block within 2%', () => {
    const r = simulate(coreWithRoundTrip(12), buildRwkvPaperBlock(512), { mode: 'cycle' });
    expect(r.msPerToken).toBeGreaterThan(43 * 0.98);
    expect(r.msPerToken).toBeLessThan(43 * 1.02);
    expect(r.boundBy).toBe('dram-latency');
  });

  it('with the DDR4 model and the fitted controller latency, lands within 5% of 43 ms', () => {
    const r = simulate(shippedDesign('designs/fpga/d5005-paper-core.yaml'), buildRwkvPaperBlock(512), { mode: 'fast' });
    expect(Math.abs(r.msPerToken / 43 - 1)).toBeLessThan(0.05);
  });
});
