import { describe, it, expect } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { Timeline } from '../../src/sim/timeline.js';
import { buildRwkvPaperBlock } from '../../src/workload/rwkv-paper-block.js';
import { shippedDesign } from './helpers.js';

describe('Timeline', () => {
  it('records one span per op on its unit, inside the step, and renders a Chrome trace', () => {
    const timeline = new Timeline();
    const block = buildRwkvPaperBlock(64);
    const r = simulate(shippedDesign('designs/fpga/d5005-paper-core.yaml'), block, { mode: 'cycle', timeline });
    expect(timeline.all).toHaveLength(block.ops.length);
    for (const s of timeline.all) {
      expect(s.startPs).toBeLessThanOrEqual(s.endPs);
      expect(s.endPs).toBeLessThanOrEqual(r.stepTimePs);
    }
    // The three matvecs run on the TAU, one after another.
    const tau = timeline.all.filter((s) => s.track === 'tau');
    expect(tau.map((s) => s.name)).toEqual(['matvec.K', 'matvec.V', 'matvec.Q']);
    for (let i = 1; i < tau.length; i++) expect(tau[i]!.startPs).toBeGreaterThanOrEqual(tau[i - 1]!.endPs);
    const trace = timeline.toChromeTrace('d5005-paper-core');
    const complete = trace.traceEvents.filter((e) => e['ph'] === 'X');
    expect(complete).toHaveLength(block.ops.length);
    expect(JSON.parse(JSON.stringify(trace)).traceEvents.length).toBe(trace.traceEvents.length);
  });

  it('adds a weight-stream bandwidth counter whose integral is every weight byte streamed', () => {
    const timeline = new Timeline();
    const block = buildRwkvPaperBlock(64);
    const r = simulate(shippedDesign('designs/fpga/d5005-paper-core.yaml'), block, { mode: 'cycle', timeline });
    const counters = timeline.toChromeTrace('core').traceEvents.filter((e) => e['ph'] === 'C') as { ts: number; args: { value: number } }[];
    expect(counters.length).toBeGreaterThan(0);
    // GB/s × µs = kB: the steps of the counter add up to the bytes that arrived (the three packed 64×64 matrices).
    let bytes = 0;
    const ends = [...counters.slice(1).map((c) => c.ts), r.stepTimePs / 1e6];
    counters.forEach((c, i) => (bytes += c.args.value * (ends[i]! - c.ts) * 1e3));
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(r.memory.weightBytes + 1e-6);
    expect(bytes).toBeCloseTo(r.memory.weightBytes, 0);
  });
});
