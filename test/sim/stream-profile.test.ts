import { describe, it, expect } from 'vitest';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { StreamBuffer } from '../../src/hw/sram-buffer.js';
import { StreamReader } from '../../src/hw/stream-reader.js';
import { resolveDramStandard, type DramTimingOverrides } from '../../src/hw/dram/standards.js';
import { buildOffChipMemory, coreClock } from '../../src/mapping/machine.js';
import { profileWeightStream } from '../../src/sim/stream-profile.js';
import type { AcceleratorDesign } from '../../src/design/schema.js';
import { shippedDesign } from './helpers.js';

const kv260 = shippedDesign('designs/fpga/kv260-stream.yaml');

/** Bytes per ps a long sequential stream of the design's reader achieves through its real memory over `refreshes` of its refresh intervals, or over `endPs` (an independent measurement). */
function longStreamRate(design: AcceleratorDesign, refreshes: number, endPsGiven?: number): number {
  const sim = new Simulator();
  const clock = coreClock(design);
  const memory = buildOffChipMemory(design, sim, new Stats(), clock);
  const sink = new StreamBuffer({ capacityBytes: Infinity, banks: 1, widthBits: 64, latencyCycles: 0 }, 'fifo', new Stats(), 'sink');
  const reader = new StreamReader(sim, clock, memory, sink, design.weightStream);
  const drain = (): void => {
    sink.consume(sink.readable());
    sink.onData(drain);
  };
  sink.onData(drain);
  reader.start(0, 2 ** 40);
  const endPs = endPsGiven ?? refreshes * memory.refreshIntervalPs;
  sim.run(endPs);
  return sink.positions.arrived / endPs;
}

describe('profileWeightStream', () => {
  const p = profileWeightStream(kv260);

  it('measures the rate a long stream through the real DRAM reaches, refreshes included, within 0.5%', () => {
    expect(Math.abs(1 / p.psPerByte / longStreamRate(kv260, 24) - 1)).toBeLessThan(0.005);
  });

  it('flows between refreshes no faster than the DDR4 peak, and loses about tRFC (within 15%) to each all-bank refresh', () => {
    const m = kv260.memory;
    if (m.type !== 'dram') throw new Error('kv260 streams from DRAM');
    const std = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
    const r = p.refresh!;
    expect(r.intervalPs).toBe(std.timing.tREFI * std.timing.tCK);
    expect(1e12 / r.psPerByte).toBeLessThanOrEqual(p.peakBytesPerSecond * 1.0001);
    expect(Math.abs(r.stallPs / (std.timing.tRFC * std.timing.tCK) - 1)).toBeLessThan(0.15);
    // ...and the stall agrees (within 10%) with the one two long streams imply, with refresh and without.
    const span = 24 * r.intervalPs;
    const without = longStreamRate({ ...kv260, memory: { ...m, timing: { ...(m.timing ?? {}), tREFI: 2 ** 30 } } }, 0, span);
    const implied = r.intervalPs * (1 - longStreamRate(kv260, 24) / without);
    expect(Math.abs(r.stallPs / implied - 1)).toBeLessThan(0.1);
  });

  it('counts one read burst per 64 bytes streamed (DDR4 x64, BL8), within the bursts in flight at the window edges', () => {
    expect(Math.abs(p.perByte.get('rd')! * 64 - 1)).toBeLessThan(0.005);
  });

  it('is memoized by memory, reader and load/store engine: the same design, or the design at another clock, gives the same profile', () => {
    expect(profileWeightStream(kv260)).toBe(p);
    expect(profileWeightStream({ ...kv260, clock: kv260.clock / 2 })).toBe(p);
    expect(profileWeightStream({ ...kv260, weightStream: { ...kv260.weightStream, maxOutstanding: kv260.weightStream.maxOutstanding / 2 } })).not.toBe(p);
  });
});
