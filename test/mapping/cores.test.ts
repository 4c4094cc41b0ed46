import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import { oneMatvec, tinyDesign } from '../helpers/tiny.js';
import { ZOO } from '../../src/workload/zoo.js';
import { shippedDesign } from '../sim/helpers.js';

/** The 16-lane test design of test/helpers/one-matvec.ts with `cores` cores. */
const tiny = (cores: string) => tinyDesign({ extra: `cores: ${cores}` });

describe('several cores splitting output rows', () => {
  it('run a 64×64 matvec as two 32-row halves side by side: first data at 10, 128 cycles of accumulation, drain 2, copy out 32 rows in 2', () => {
    const one = simulate(tiny('{ count: 1 }'), oneMatvec, { mode: 'cycle' });
    const two = simulate(tiny('{ count: 2, partition: rows }'), oneMatvec, { mode: 'cycle' });
    expect(one.cycles).toBe(10 + 256 + 2 + 4);
    expect(two.cycles).toBe(10 + 128 + 2 + 2);
    expect(two.actions['tau']!['acc']).toBe(32 * 64);
    expect(two.actions['tau.core1']!['acc']).toBe(32 * 64);
  });

  it('speed up a compute-bound prefill but not a bandwidth-bound decode, and fast mode simulates them in full', () => {
    const one = shippedDesign('designs/asic/asic-28nm-hbm2.yaml');
    const two = shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['cores={count: 2, partition: rows}']);
    const prefill = workloadFromModelSpec({ zoo: 'mmfree-370m' }, { phase: 'prefill', promptTokens: 16 });
    expect(simulate(two, prefill, { mode: 'fast' }).tokensPerSecond / simulate(one, prefill, { mode: 'fast' }).tokensPerSecond).toBeGreaterThan(1.5);
    const decode = buildHgrnBitDecode(ZOO['mmfree-370m']!.config, { batch: 1, model: 'mmfree-370m' });
    const d1 = simulate(one, decode, { mode: 'fast' });
    const d2 = simulate(two, decode, { mode: 'fast' });
    expect(d2.boundBy).toBe('dram-bandwidth');
    expect(d2.tokensPerSecond / d1.tokensPerSecond).toBeLessThan(1.02);
    expect(d2.stepTimePs).toBe(simulate(two, decode, { mode: 'cycle' }).stepTimePs);
  });
});

describe('several cores taking layers in turn', () => {
  it('run layer l on core l mod count, and fast mode agrees with cycle mode within half a percent', () => {
    const two = shippedDesign('designs/asic/asic-28nm-hbm2.yaml', ['cores={count: 2, partition: layers}']);
    const w = buildHgrnBitDecode(ZOO['mmfree-370m']!.config, { batch: 1, model: 'mmfree-370m' });
    const cycle = simulate(two, w, { mode: 'cycle' });
    const weightsOn = (parity: number) => w.ops.reduce((s, o) => s + (o.kind === 'matvec' && o.layer >= 0 && o.layer % 2 === parity ? o.dIn * o.dOut : 0), 0);
    const tauWork = (c: string) => (cycle.actions[c]!['acc'] ?? 0) + (cycle.actions[c]!['skip'] ?? 0);
    const head = 1024 * 32000;
    expect(tauWork('tau.core1')).toBeCloseTo(weightsOn(1), -2);
    expect(tauWork('tau')).toBeCloseTo(weightsOn(0) + head, -2);
    const fast = simulate(two, w, { mode: 'fast' });
    expect(Math.abs(fast.stepTimePs / cycle.stepTimePs - 1)).toBeLessThan(0.005);
  });
});
