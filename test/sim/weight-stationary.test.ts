import { describe, expect, it } from 'vitest';
import { checkModelFits } from '../../src/design/fit.js';
import { simulate } from '../../src/sim/simulate.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { ZOO } from '../../src/workload/zoo.js';
import { shippedDesign } from './helpers.js';

const SRAM = 'designs/asic/asic-7nm-sram-stationary.yaml';
const HBM = 'designs/asic/asic-28nm-hbm2.yaml';
const mmfree = (name: string) => buildHgrnBitDecode(ZOO[name]!.config, { batch: 1, model: name });

describe('a weight-stationary design (weights in on-chip SRAM, embedding on the host)', () => {
  const d = shippedDesign(SRAM);
  const w = mmfree('mmfree-370m');
  const r = simulate(d, w, { mode: 'cycle' });

  it('reads every packed weight byte once from its SRAM and touches no DRAM', () => {
    expect(r.memory.bytesRead).toBeGreaterThanOrEqual(r.memory.weightBytes);
    expect(r.memory.bytesRead).toBeLessThan(r.memory.weightBytes * 1.01);
    expect(Object.keys(r.actions).some((c) => c.startsWith('dram'))).toBe(false);
    expect(r.memory.peakBytesPerSecond).toBe(1024 * 16 * 1e9);
  });

  it('moves the embedding row in and the logits out over the host link: 2·d + 2·vocab bytes', () => {
    const cfg = ZOO['mmfree-370m']!.config;
    expect(r.actions['host']).toMatchObject({ bytesRead: 2 * cfg.hiddenSize, bytesWritten: 2 * cfg.vocabSize });
  });

  it('is not bound by memory: the TAU and the norm/vector units set the pace, and the TAU works at least weights / (lanes × weights per lane) cycles', () => {
    expect(['compute', 'sfu']).toContain(r.boundBy);
    const weights = w.ops.reduce((s, o) => s + (o.kind === 'matvec' ? o.dIn * o.dOut : 0), 0);
    expect(r.units['tau']!.busyFraction * r.cycles).toBeGreaterThan(weights / (d.tau.lanes * d.tau.weightsPerLane));
  });

  it('decodes far faster than the streaming HBM2 design, which the DRAM bandwidth bounds', () => {
    const streaming = simulate(shippedDesign(HBM), w, { mode: 'fast' });
    expect(streaming.boundBy).toBe('dram-bandwidth');
    expect(r.tokensPerSecond).toBeGreaterThan(5 * streaming.tokensPerSecond);
  });

  it('agrees with itself in fast mode within half a percent', () => {
    const fast = simulate(d, w, { mode: 'fast' });
    expect(Math.abs(fast.stepTimePs / r.stepTimePs - 1)).toBeLessThan(0.005);
  });

  it('says exactly what does not fit: 1.3B needs more SRAM than the design has', () => {
    expect(() => checkModelFits(d, SRAM, mmfree('mmfree-1.3b'), 'mmfree-1.3b')).toThrow(
      /^mmfree-1\.3b: does not fit: expected at most the 128 MiB of on-chip SRAM of designs\/asic\/asic-7nm-sram-stationary\.yaml \(memory: 1024 banks × 128 KiB of on-chip SRAM\), got a model that needs 248 MiB \(1\.6bit packed weights 247\.\d MiB, vectors \d+ KiB\); the host keeps the embedding table$/,
    );
    expect(() => checkModelFits(d, SRAM, w, 'mmfree-370m')).not.toThrow();
  });
});
