import { describe, it, expect } from 'vitest';
import { ClockDomain } from '../../src/engine/clock.js';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { StreamBuffer, type SramConfig } from '../../src/hw/sram-buffer.js';
import { TauArray, type TauConfig } from '../../src/hw/tau.js';

const tauConfig = (over: Partial<TauConfig> = {}): TauConfig => ({
  lanes: 4,
  weightsPerLane: 2,
  accumulatorBits: 16,
  accumulators: 64,
  pipelineDepth: 3,
  copyOutPerCycle: 4,
  packing: '2bit',
  zeroSkipping: false,
  ...over,
});

/** Runs one pass on `bytes` that are all in the buffer at time 0; returns cycles to completion and the stats. */
function runPass(bytes: number, cfg: TauConfig, sram: Partial<SramConfig> = {}, batch = 1, zeroFraction = 0.25, dIn = 4000) {
  const sim = new Simulator();
  const stats = new Stats();
  const clock = new ClockDomain('core', 1000);
  const buf = new StreamBuffer({ capacityBytes: 1 << 20, banks: 8, widthBits: 64, latencyCycles: 0, ...sram }, 'fifo', stats, 'buf');
  buf.setStreamEnd(bytes);
  buf.issue(bytes);
  buf.arrive(bytes);
  const tau = new TauArray(sim, clock, cfg, stats);
  let done = -1;
  tau.runPass({ bytes, rows: 16, dIn, batch, zeroFraction }, buf, (t) => (done = t));
  sim.run();
  return { cycles: done / 1000, stats: stats.actions(), consumed: buf.positions.consumed };
}

describe('TauArray', () => {
  it('over a double buffer, releases the half it drains as soon as it is done, not after the next', () => {
    // Two full 1000-byte halves readable at 0; 1000 bytes = 4000 weights = 500 cycles each.
    const sim = new Simulator();
    const stats = new Stats();
    const clock = new ClockDomain('core', 1000);
    const buf = new StreamBuffer({ capacityBytes: 2000, banks: 8, widthBits: 64, latencyCycles: 0 }, 'double-buffer', stats, 'buf');
    buf.setStreamEnd(2000);
    buf.issue(2000);
    buf.arrive(2000);
    const tau = new TauArray(sim, clock, tauConfig(), stats);
    let freedAt = -1;
    buf.onSpace(() => (freedAt = sim.now));
    let done = -1;
    tau.runPass({ bytes: 2000, rows: 16, dIn: 4000, batch: 1, zeroFraction: 0.25 }, buf, (t) => (done = t));
    sim.run();
    expect(freedAt / 1000).toBe(500);
    expect(done / 1000).toBe(1000 + 3);
  });

  it('accumulates lanes × weightsPerLane weights per cycle, then drains its pipeline', () => {
    // 1000 bytes × 4 weights = 4000 weights at 8 per cycle = 500 cycles, + 3 pipeline stages.
    const r = runPass(1000, tauConfig());
    expect(r.cycles).toBe(503);
    expect(r.consumed).toBe(1000);
  });

  it('is limited by the buffer read bandwidth when the SRAM is narrower than the array', () => {
    // One 8-bit bank delivers 1 byte = 4 weights per cycle: 1000 cycles + 3.
    expect(runPass(1000, tauConfig(), { banks: 1, widthBits: 8 }).cycles).toBe(1003);
  });

  it('uses each weight once per token of the batch', () => {
    // 4000 weights × 2 tokens / 8 per cycle = 1000 cycles + 3.
    expect(runPass(1000, tauConfig(), {}, 2).cycles).toBe(1003);
  });

  it('adds a decode stage and decodes each byte for base-3 packing (5 weights per byte)', () => {
    const r = runPass(1000, tauConfig({ packing: '1.6bit' }));
    expect(r.cycles).toBe(5000 / 8 + 3 + 1);
    expect(r.stats['tau']!['decode']).toBe(1000);
  });

  it('counts skipped zero weights only with zero-skipping', () => {
    const dense = runPass(1000, tauConfig());
    expect(dense.stats['tau']!['acc']).toBe(4000);
    const skipping = runPass(1000, tauConfig({ zeroSkipping: true }), {}, 1, 0.25);
    expect(skipping.stats['tau']!['acc']).toBe(3000);
    expect(skipping.stats['tau']!['skip']).toBe(1000);
    // Dense formats save no cycles by skipping.
    expect(skipping.cycles).toBe(dense.cycles);
  });

  it('with the bitmap format, reads 1 + (1 − z) bits per weight and spends cycles on non-zeros only', () => {
    // Rows of 800 weights at z = 0.25: 100 mask bytes + 75 sign bytes = 175 bytes; 10 rows.
    const r = runPass(1750, tauConfig({ packing: 'bitmap' }), {}, 1, 0.25, 800);
    // 8000 weights, 6000 non-zero, at 8 per cycle = 750 cycles, + 3 pipeline + 1 decode stage.
    expect(r.cycles).toBe(750 + 3 + 1);
    expect(r.stats['tau']!['acc']).toBeCloseTo(6000, 9);
    expect(r.stats['tau']!['skip']).toBeCloseTo(2000, 9);
  });

  it('copies results out at copyOutPerCycle', () => {
    const sim = new Simulator();
    const tau = new TauArray(sim, new ClockDomain('core', 1000), tauConfig(), new Stats());
    let t = -1;
    tau.runCopyOut(10, () => (t = sim.now));
    sim.run();
    expect(t).toBe(3000); // ceil(10 / 4) cycles
  });
});
