import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/parse-design.js';
import { rooflineTokensPerSecond } from '../../src/dse/prune.js';
import { simulate } from '../../src/sim/simulate.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';

/**
 * Properties over random valid designs (the tiny test design with random lanes, weights per
 * lane, clock, memory, buffer, packing and issue) on a two-layer model: the simulation
 * terminates, is deterministic, never beats the memory and compute roofline, and its energy is
 * positive and adds up across components.
 */
const BASE = readFileSync('test/fixtures/sweeps/tiny-base.yaml', 'utf8');
const model = workloadFromModelSpec({ config: JSON.parse(readFileSync('test/fixtures/sweeps/tiny-model.json', 'utf8')) as unknown, configName: 'tiny' }, {});

const designArb = fc.record({
  lanes: fc.integer({ min: 1, max: 64 }),
  weightsPerLane: fc.constantFrom(1, 2, 4, 8),
  clockMHz: fc.integer({ min: 50, max: 1500 }),
  standard: fc.constantFrom('DDR4-2400', 'DDR4-3200', 'LPDDR4-3200', 'HBM2-2.0', 'GDDR6-14'),
  channels: fc.integer({ min: 1, max: 4 }),
  bufferKiB: fc.constantFrom(4, 16, 64),
  banks: fc.constantFrom(1, 2, 4, 8),
  packing: fc.constantFrom('2bit', '1.6bit', 'bitmap'),
  zeroSkipping: fc.boolean(),
  pipelineDepth: fc.integer({ min: 0, max: 8 }),
  mode: fc.constantFrom('fast' as const, 'cycle' as const),
});

const designOf = (p: fc.RecordValue<typeof designArb extends fc.Arbitrary<infer T> ? { [K in keyof T]: fc.Arbitrary<T[K]> } : never>) =>
  parseDesign(BASE, 'tiny-base.yaml', [
    `tau.lanes=${p.lanes}`,
    `tau.weightsPerLane=${p.weightsPerLane}`,
    `clock=${p.clockMHz} MHz`,
    `memory.standard=${p.standard}`,
    `memory.channels=${p.channels}`,
    `weightStream.buffer.capacity=${p.bufferKiB} KiB`,
    `weightStream.buffer.banks=${p.banks}`,
    `tau.packing=${p.packing}`,
    `tau.zeroSkipping=${p.zeroSkipping}`,
    `tau.pipelineDepth=${p.pipelineDepth}`,
  ]);

describe('for random valid designs, the simulation', () => {
  it('terminates, is deterministic, stays under the roofline, and its power is positive and additive', () => {
    let runs = 0;
    fc.assert(
      fc.property(designArb, (p) => {
        const d = designOf(p as never);
        const a = simulate(d, model, { mode: p.mode });
        const b = simulate(d, model, { mode: p.mode });
        runs++;
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(a.tokensPerSecond).toBeGreaterThan(0);
        expect(a.tokensPerSecond).toBeLessThanOrEqual(rooflineTokensPerSecond(d, model) * (1 + 1e-9));
        const sum = a.power.byComponent.reduce((s, c) => s + c.dynamicW + c.staticW, 0);
        expect(sum).toBeCloseTo(a.watts, 9);
        expect(a.staticWatts + a.dynamicWatts).toBeCloseTo(a.watts, 9);
        for (const c of a.power.byComponent) {
          expect(c.dynamicW).toBeGreaterThanOrEqual(0);
          expect(c.staticW).toBeGreaterThanOrEqual(0);
        }
        expect(a.joulesPerToken).toBeCloseTo((a.watts * a.stepTimePs * 1e-12) / a.workload.batch, 12);
      }),
      { numRuns: 40, seed: 20261129 },
    );
    expect(runs).toBe(40);
  }, 120_000);
});
