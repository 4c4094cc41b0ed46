import { describe, it, expect } from 'vitest';
import { ClockDomain } from '../../src/engine/clock.js';
import { Simulator } from '../../src/engine/simulator.js';
import { Stats } from '../../src/engine/stats.js';
import { StreamBuffer } from '../../src/hw/sram-buffer.js';
import {
  buildAddsPerGroup,
  keptActivations,
  lookupRoundCycles,
  LutEngine,
  tableEntries,
  tableEntryBits,
  type LutEngineConfig,
  type LutTableStorage,
} from '../../src/hw/lut-engine.js';
import type { TauPass } from '../../src/hw/ternary-engine.js';

/** 4 lanes × 2 lookups of G = 3 (6 weights per lane), tl2 codes, symmetric tables in registers, 2 builders. */
const engine = (over: Partial<LutEngineConfig['lut']> = {}, storage: Partial<LutTableStorage> = {}, top: Partial<LutEngineConfig> = {}): LutEngineConfig => ({
  lanes: 4,
  weightsPerLane: 6,
  accumulatorBits: 20,
  accumulators: 64,
  pipelineDepth: 3,
  copyOutPerCycle: 4,
  packing: 'tl2',
  zeroSkipping: false,
  lut: { group: 3, symmetric: true, builders: 2, buildLatency: 1, tableBuffers: 1, storage: { kind: 'registers', groups: 100, copies: 1, readPorts: 1, banks: 1, ...storage }, ...over },
  ...top,
});

/**
 * Runs passes of 16 rows of dIn = 30 (10 groups of 3; a tl2 row is ⌈10 × 5 / 8⌉ = 7 bytes, so
 * 112 bytes a pass), every byte in the buffer at time 0 (64 B a cycle readable: never the limit);
 * returns each pass's completion in cycles and the stats.
 */
function run(cfg: LutEngineConfig, passes: Partial<TauPass>[] = [{}]) {
  const sim = new Simulator();
  const stats = new Stats();
  const clock = new ClockDomain('core', 1000);
  const total = passes.length * 112;
  const buf = new StreamBuffer({ capacityBytes: 1 << 20, banks: 8, widthBits: 64, latencyCycles: 0 }, 'fifo', stats, 'buf');
  buf.setStreamEnd(total);
  buf.issue(total);
  buf.arrive(total);
  const lut = new LutEngine(sim, clock, cfg, stats);
  const done: number[] = [];
  const next = (i: number): void => {
    if (i === passes.length) return;
    lut.runPass({ bytes: 112, rows: 16, dIn: 30, batch: 1, zeroFraction: 0.31, firstOfMatvec: i === 0, ...passes[i] }, buf, (t) => {
      done.push(t / 1000);
      next(i + 1);
    });
  };
  next(0);
  sim.run();
  return { done, actions: stats.actions()['tau'] ?? {} };
}

describe('LUT table arithmetic', () => {
  it('stores 3^G patterns, or (3^G − 1)/2 with the sign split off', () => {
    expect([2, 3, 4, 5].map((g) => tableEntries(g, false))).toEqual([9, 27, 81, 243]);
    expect([2, 3, 4, 5].map((g) => tableEntries(g, true))).toEqual([4, 13, 40, 121]);
  });

  it('builds each entry but the single activations with one add', () => {
    // Symmetric G = 3: 13 entries, 3 of them a single activation → 10 adds (KU Leuven's
    // generator and TeLLMe's code count 14 two-input adds for the 13 + the negations they share).
    expect(buildAddsPerGroup(3, true)).toBe(10);
    // Full G = 2: 8 non-zero patterns, 2 of them +x → 6 (the two negations and four sums).
    expect(buildAddsPerGroup(2, false)).toBe(6);
  });

  it('sizes an entry for G int8 activations: 8 + ⌈log2 G⌉ bits', () => {
    expect([2, 3, 4, 5].map(tableEntryBits)).toEqual([9, 10, 10, 11]);
  });

  it('keeps n of every m activations under N:M sparsity', () => {
    expect(keptActivations(1024, { n: 2, m: 4 })).toBe(512);
    expect(keptActivations(10, { n: 2, m: 4 })).toBe(6); // 2 + 2 + min(2, 2)
  });

  it('serialises the lanes sharing a table copy on its read ports', () => {
    const s = (over: Partial<LutTableStorage>): LutTableStorage => ({ kind: 'lutram', groups: 28, copies: 1, readPorts: 1, banks: 1, ...over });
    // 16 lanes × 28 lookups, 2 copies × 8 ports, banks per group: 8 lanes a copy, 1 group a bank → 1 cycle.
    expect(lookupRoundCycles(16, 28, s({ copies: 2, readPorts: 8, banks: 28 }))).toBe(1);
    // One bank holding all 28 groups, 8 ports: 8 lanes × 28 reads / 8 = 28 cycles.
    expect(lookupRoundCycles(16, 28, s({ copies: 2, readPorts: 8 }))).toBe(28);
    expect(lookupRoundCycles(16, 28, s({ kind: 'registers' }))).toBe(1);
  });
});

describe('LutEngine', () => {
  it('builds the tables, then looks up lanes × lookups per lane groups a cycle, then drains', () => {
    // Build: 10 groups × 10 adds / 2 builders = 50 cycles + 1 latency (registers: no write limit).
    // Lookups: 16 rows × 10 groups = 160 at 4 × 2 a cycle = 20 cycles; pipeline 3 → 74.
    const r = run(engine());
    expect(r.done).toEqual([74]);
    expect(r.actions['lookup']).toBeCloseTo(160, 9);
    expect(r.actions['build']).toBe(100);
    expect(r.actions['tableWrite']).toBe(130); // 10 tables × 13 entries × 1 copy
  });

  it('keeps a table set holding the whole input for the next pass of the matvec', () => {
    // Second pass: no build, 20 cycles of lookups + 3.
    expect(run(engine(), [{}, {}]).done).toEqual([74, 74 + 23]);
  });

  it('stretches lookups by table-port conflicts and builds at one write a cycle per bank', () => {
    // LUTRAM, one copy, 2 read ports, one bank: 4 lanes × 2 groups = 8 reads / 2 ports = 4 cycles
    // a round → 2 lookups a cycle → 80 cycles. Writes 10 × 13 = 130 > 50 adds → build 131.
    expect(run(engine({}, { kind: 'lutram', readPorts: 2 })).done).toEqual([131 + 80 + 3]);
  });

  it('builds a column chunk at a time when the table set is smaller than the input', () => {
    // 4 groups a set: chunks of 4, 4, 2 groups at byte offsets 0, 37, 74 (⌊112k/3⌋). Builds
    // 4 × 10 / 2 + 1 = 21 and 2 × 10 / 2 + 1 = 11 cycles; each chunk's lookups:
    // 37 B × 10/7 lookups a byte / 8 a cycle = 6.6 → 7 cycles (38 B: 6.8 → 7).
    // One table set: 21 + 7, +21 + 7, +11 + 7 = 74, + 3 = 77.
    expect(run(engine({}, { groups: 4 })).done).toEqual([77]);
    // Two sets: chunk 1 builds from 21 (chunk 0's lookups start) to 42, chunk 2 from 42 to 53:
    // lookups 21–28, 42–49, 53–60, + 3 = 63.
    expect(run(engine({ tableBuffers: 2 }, { groups: 4 })).done).toEqual([63]);
  });

  it('skips lookups of all-zero weight groups only in energy: z^G of them', () => {
    const r = run(engine({}, {}, { zeroSkipping: true }));
    expect(r.done).toEqual([74]);
    expect(r.actions['skip']).toBeCloseTo(160 * 0.31 ** 3, 9);
    expect(r.actions['lookup']).toBeCloseTo(160 * (1 - 0.31 ** 3), 9);
  });

  it('looks up only the kept activations under N:M sparsity', () => {
    // 2:4 keeps 16 of 30 activations (7 × 2 + min(2, 2)) → ⌈16/3⌉ = 6 groups a row: build 6 × 10 / 2 + 1 = 31;
    // lookups 16 × 6 = 96 at 8 a cycle = 12 → 31 + 12 + 3 = 46.
    expect(run(engine({ activationSparsity: { n: 2, m: 4 } })).done).toEqual([46]);
  });
});
