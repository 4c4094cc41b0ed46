import { describe, it, expect } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { ZOO } from '../../src/workload/zoo.js';
import { packedMatrixBytes } from '../../src/hw/packing.js';
import { shippedDesign } from './helpers.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { buildRwkvPaperBlock } from '../../src/workload/rwkv-paper-block.js';

const mmfree = (name: string, batch = 1) => buildHgrnBitDecode(ZOO[name]!.config, { batch, model: name });

describe('simulate', () => {
  it('is deterministic: the same inputs give an identical Result', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    expect(simulate(d, mmfree('mmfree-370m'), { mode: 'fast' })).toEqual(simulate(d, mmfree('mmfree-370m'), { mode: 'fast' }));
  });

  it('streams every packed weight byte once per step', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const cfg = ZOO['mmfree-370m']!.config;
    const r = simulate(d, mmfree('mmfree-370m'), { mode: 'cycle' });
    // Hand count: per layer four d×d, one d→2I and one I→d matrix, plus the d→vocab head, at 5 weights per byte.
    const [dm, I, L, V] = [cfg.hiddenSize, cfg.intermediateSize, cfg.numHiddenLayers, cfg.vocabSize];
    const expected = L * (4 * packedMatrixBytes('1.6bit', dm, dm) + packedMatrixBytes('1.6bit', dm, 2 * I) + packedMatrixBytes('1.6bit', I, dm)) + packedMatrixBytes('1.6bit', dm, V);
    expect(r.memory.weightBytes).toBe(expected);
    // DRAM reads cover the weights (whole bursts) and little else.
    expect(r.memory.bytesRead).toBeGreaterThanOrEqual(expected);
    expect(r.memory.bytesRead).toBeLessThan(expected * 1.01);
  });

  it('never beats the DRAM roofline, and a bandwidth-bound design gets close to it', () => {
    for (const path of ['designs/fpga/d5005-stream.yaml', 'designs/asic/asic-28nm-hbm2.yaml']) {
      const r = simulate(shippedDesign(path), mmfree('mmfree-1.3b'), { mode: 'fast' });
      const roofline = r.memory.peakBytesPerSecond! / r.memory.weightBytes;
      expect(r.tokensPerSecond).toBeLessThan(roofline);
      expect(r.tokensPerSecond).toBeGreaterThan(0.8 * roofline);
      expect(r.boundBy).toBe('dram-bandwidth');
    }
  });

  it('reuses each weight fetch across the batch until the TAU array becomes the bound', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const one = simulate(d, mmfree('mmfree-370m', 1), { mode: 'fast' });
    const eight = simulate(d, mmfree('mmfree-370m', 8), { mode: 'fast' });
    // Compute roofline at batch 8: every weight × 8 tokens at lanes × weightsPerLane per cycle.
    const accumulations = 8 * (one.memory.weightBytes * 5);
    const computeRoofline = 8 / (accumulations / (d.tau.lanes * d.tau.weightsPerLane) / d.clock);
    expect(eight.tokensPerSecond).toBeGreaterThan(2 * one.tokensPerSecond);
    expect(eight.tokensPerSecond).toBeLessThan(computeRoofline);
    expect(eight.tokensPerSecond).toBeGreaterThan(0.7 * computeRoofline);
    expect(one.boundBy).toBe('dram-bandwidth');
    expect(eight.boundBy).toBe('compute');
  });

  it('adds up power: total = static + dynamic = Σ components, and J/token = W × step time / batch', () => {
    const r = simulate(shippedDesign('designs/fpga/d5005-stream.yaml'), mmfree('mmfree-370m', 2), { mode: 'fast' });
    const sum = r.power.byComponent.reduce((s, c) => s + c.dynamicW + c.staticW, 0);
    expect(r.watts).toBeCloseTo(sum, 9);
    expect(r.watts).toBeCloseTo(r.staticWatts + r.dynamicWatts, 9);
    expect(r.joulesPerToken).toBeCloseTo((r.watts * r.msPerToken) / 1e3 / 2, 12);
    for (const c of r.power.byComponent) expect(c.energyJ).toBeGreaterThanOrEqual(0);
  });

  it('runs a prefill: every weight fetched once for all prompt tokens, the TAU busy for Σ tokens × weights / (lanes × weights per lane) cycles plus copy-out', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const P = 64;
    const w = workloadFromModelSpec({ zoo: 'mmfree-370m' }, { phase: 'prefill', promptTokens: P });
    const r = simulate(d, w, { mode: 'fast' });
    const decode = simulate(d, mmfree('mmfree-370m'), { mode: 'fast' });
    expect(r.workload).toMatchObject({ phase: 'prefill', batch: P });
    expect(r.memory.weightBytes).toBe(decode.memory.weightBytes);
    // Hand count of the accumulate cycles: each ternary weight once per token it is applied to
    // (every prompt token in the blocks; the lm_head only for the last, which is sampled).
    const matvecs = w.ops.filter((o) => o.kind === 'matvec');
    expect(matvecs.filter((o) => o.batch === P).length).toBe(24 * 6);
    const accumulations = matvecs.reduce((s, o) => s + o.batch * o.dIn * o.dOut, 0);
    const accumulateCycles = accumulations / (d.tau.lanes * d.tau.weightsPerLane);
    // Copy-out: every output row once per token, copyOutPerCycle at a time.
    const copyOutCycles = matvecs.reduce((s, o) => s + (o.batch * o.dOut) / d.tau.copyOutPerCycle, 0);
    const tauCycles = r.units['tau']!.busyFraction * r.cycles;
    expect(tauCycles).toBeGreaterThan(accumulateCycles + copyOutCycles);
    expect(tauCycles).toBeLessThan(1.01 * (accumulateCycles + copyOutCycles));
    expect(r.boundBy).toBe('compute');
    expect(r.timeToFirstTokenMs).toBe(r.msPerToken);
    expect(decode.timeToFirstTokenMs).toBeNull();
  });

  it('runs a BitNet b1.58 model: ternary projections on the TAU, the fp16 lm_head on the vector lanes as MACs, attention over the K/V cache', () => {
    const d = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const w = workloadFromModelSpec({ zoo: 'bitnet-b1.58-700m' }, { context: 64 });
    const r = simulate(d, w, { mode: 'fast' });
    const matvecs = w.ops.filter((o) => o.kind === 'matvec');
    const ternary = matvecs.filter((o) => (o.weightDtype ?? 'ternary') === 'ternary').reduce((s, o) => s + o.dIn * o.dOut, 0);
    const dense = matvecs.filter((o) => (o.weightDtype ?? 'ternary') !== 'ternary');
    expect(dense.map((o) => [o.id, o.weightDtype])).toEqual([['lm_head.matvec', 'fp16']]);
    expect((r.actions['tau']!['acc'] ?? 0) + (r.actions['tau']!['skip'] ?? 0)).toBeCloseTo(ternary, -3);
    expect(r.actions['denseMac']!['acc']).toBeCloseTo(1536 * 32002, -1);
    expect(r.tokensPerSecond).toBeGreaterThan(0);
  });

  it('warns when accumulators can saturate: the paper core’s 16 bits against rows of 512 int8 activations (±128·512 = ±2^16 needs 17 bits)', () => {
    const r = simulate(shippedDesign('designs/fpga/d5005-paper-core.yaml'), buildRwkvPaperBlock(512), { mode: 'fast' });
    expect(r.warnings).toEqual([expect.stringMatching(/^tau\.accumulatorBits 16 can saturate: a row of \S+ \(dIn 512\) sums to ±128·512 at worst, which needs 17 bits$/)]);
    expect(simulate(shippedDesign('designs/asic/asic-28nm-hbm2.yaml'), mmfree('mmfree-370m'), { mode: 'fast' }).warnings).toEqual([]);
  });
});
