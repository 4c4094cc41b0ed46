import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import type { AcceleratorDesign } from '../../src/design/schema.js';
import { simulate } from '../../src/sim/simulate.js';
import { balancedStages, rowShare } from '../../src/system/partition.js';
import { simulateSystem, type SystemModel } from '../../src/system/simulate-system.js';
import { SystemLink, serializationPs } from '../../src/system/system-link.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { shippedDesign } from '../sim/helpers.js';

const SRAM = 'designs/asic/asic-7nm-sram-stationary.yaml';
// 8 Gb/s line rate at 50% payload = 4 Gb/s = 0.5 B/ns; 100 ns latency; 10 pJ/bit.
const LINK = { lineRateGbps: 8, encodingEfficiency: 0.5, latencyNs: 100, energyPjPerBit: 10 };
const at = (batch: number) => workloadFromModelSpec({ zoo: 'mmfree-370m' }, { batch });

describe('a system link', () => {
  it('serializes bytes at the payload rate, queues a second message behind the first, and delivers after the latency', () => {
    const sim = new Simulator();
    const link = new SystemLink(sim, 'a->b', LINK);
    const arrivals: number[] = [];
    link.send(1000, () => arrivals.push(sim.now));
    link.send(1000, () => arrivals.push(sim.now));
    sim.run();
    // 1000 B × 8 / 4 Gb/s = 2 µs = 2,000,000 ps; + 100 ns.
    expect(arrivals).toEqual([2_100_000, 4_100_000]);
    expect(serializationPs(LINK, 1000)).toBe(2_000_000);
    expect(link.energyJ).toBeCloseTo(2000 * 8 * 10e-12, 20);
  });
});

describe('a system of devices', () => {
  const design = shippedDesign(SRAM) as AcceleratorDesign;

  it('of one device with no links gives today\'s Result exactly', () => {
    const w = at(1);
    const r = simulate(design, w, { mode: 'fast' });
    const s = simulateSystem({ name: 'one', devices: [{ design }], link: null, topology: 'ring', partition: { type: 'pipeline' }, activationBytes: 2 }, w, at, { mode: 'fast' });
    expect(s.deviceResults[0]).toEqual(r);
    expect(s.tokensPerSecond).toBe(r.tokensPerSecond);
    expect(s.stepTimePs).toBe(r.stepTimePs);
    expect(s.watts).toBe(r.watts);
    expect(s.joulesPerToken).toBe(r.joulesPerToken);
  });

  const two = (microBatches: number): SystemModel => ({ name: 'two', devices: [{ design }, { design }], link: LINK, topology: 'ring', partition: { type: 'pipeline', layers: [12, 12], microBatches }, activationBytes: 2 });

  it('as a 2-stage pipeline at batch 1: stage, transfer, stage and token return in sequence (the bubble)', () => {
    const s = simulateSystem(two(1), at(1), at, { mode: 'fast' });
    const [s0, s1] = s.deviceResults.map((r) => r.stepTimePs) as [number, number];
    const x = serializationPs(LINK, 1024 * 2) + 100_000; // d = 1024 fp16 activations
    const f = serializationPs(LINK, 4) + 100_000; // the token id back to stage 0
    expect(s.stepTimePs).toBe(s0 + x + s1 + f);
    expect(s.devices[0]!.busyFraction).toBeCloseTo(s0 / (s0 + x + s1 + f), 12);
    expect(s.links.map((l) => l.bytesPerStep)).toEqual([2048, 4]);
  });

  it('as a 2-stage pipeline at batch 2 in 2 micro-batches: the micro-batches overlap', () => {
    const s = simulateSystem(two(2), at(2), at, { mode: 'fast' });
    const [s0, s1] = s.deviceResults.map((r) => r.stepTimePs) as [number, number];
    const x = serializationPs(LINK, 1024 * 2) + 100_000;
    const f = serializationPs(LINK, 4) + 100_000;
    // Each micro-batch's round trip is s0 + x + s1 + f; two are in flight, so a step is that round
    // trip unless a stage serving both micro-batches takes longer.
    expect(s.stepTimePs).toBe(Math.max(s0 + x + s1 + f, 2 * Math.max(s0, s1)));
    expect(s.tokensPerSecond).toBeGreaterThan(simulateSystem(two(1), at(1), at, { mode: 'fast' }).tokensPerSecond);
  });

  it('with a tensor partition all-gathers every layer\'s matvec outputs over the links', () => {
    const w = at(1);
    const s = simulateSystem({ name: 'tp', devices: [{ design }, { design }], link: LINK, topology: 'ring', partition: { type: 'tensor' }, activationBytes: 2 }, w, at, { mode: 'fast' });
    // Device 0 sends its rows of every matvec's output to device 1 once per step (and device 1 its rows back).
    const rows = (i: number) => w.ops.reduce((a, o) => a + (o.kind === 'matvec' ? rowShare(o.dOut, i, 2) : 0), 0);
    expect(s.links.find((l) => l.name === '0->1')!.bytesPerStep).toBe(rows(0) * 2);
    expect(s.links.find((l) => l.name === '1->0')!.bytesPerStep).toBe(rows(1) * 2);
    expect(s.tokensPerSecond).toBeGreaterThan(0);
  });
});

describe('pipeline stages balanced by weight', () => {
  it('split mmfree-370m over 2 devices 13/11: the lightest heaviest stage with the head on the last', () => {
    // A layer: 4d² + 3dI = 4·1024² + 3·1024·2816 = 12,845,056 weights; the ternary head 32000 × 1024.
    // 13/11: 166,985,728 and 11 layers + head = 174,063,616; 12/12 puts 186,908,672 on the last,
    // 14/10 179,830,784 on the first: both heavier.
    expect(balancedStages(at(1), 2)).toEqual([13, 11]);
  });
});
