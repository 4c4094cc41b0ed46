import { describe, expect, it } from 'vitest';
import type { AcceleratorDesign } from '../../src/design/schema.js';
import { distinctSweepPoints } from '../../src/dse/run-sweep.js';
import { gridSize } from '../../src/dse/sweep-spec.js';
import { loadSweep } from '../../src/io/load.js';
import { fpgaResources } from '../../src/power/fpga-resources.js';

/** LUTs of the matmul engine: the LUT column of the resource estimate's tau.* units. */
const engineLuts = (d: AcceleratorDesign): number =>
  fpgaResources(d)
    .units.filter((u) => u.unit.startsWith('tau.'))
    .reduce((s, u) => s + (u.use.LUT ?? 0), 0);

/** A variant's name: engine, G, packing, sparsity. */
const variantOf = (d: AcceleratorDesign): string =>
  d.tau.engine === 'lut' ? `lut G=${d.tau.lut!.group} ${d.tau.packing}${d.tau.lut!.activationSparsity ? ` ${d.tau.lut!.activationSparsity.n}:${d.tau.lut!.activationSparsity.m}` : ''}` : `adder-tree ${d.tau.packing}`;

// By hand: 1 buffer width × 2 clocks × 10 engine variants (2 adder trees; LUT G=2 tl1, G=3 tl2,
// G=4 2bit, G=4 1.6bit, each with and without 2:4 sparsity) × 2 models = 40 points a board.
const VARIANTS = ['adder-tree 2bit', 'adder-tree 1.6bit', 'lut G=2 tl1', 'lut G=2 tl1 2:4', 'lut G=3 tl2', 'lut G=3 tl2 2:4', 'lut G=4 2bit', 'lut G=4 2bit 2:4', 'lut G=4 1.6bit', 'lut G=4 1.6bit 2:4'];

describe.each([
  ['kv260', 'designs/sweeps/ternary-engines-kv260.yaml', 10_240, ['125 MHz', '250 MHz']],
  ['alveo-u280', 'designs/sweeps/ternary-engines-u280.yaml', 245_790, ['150 MHz', '300 MHz']],
] as const)('the ternary-engines sweep on the %s', (board, file, baseLuts, clocks) => {
  const { spec, baseRaw } = loadSweep(file);
  const points = [...distinctSweepPoints(spec, baseRaw)];

  it('expands to 40 distinct valid points: 10 engine variants × 2 clocks × 2 models', () => {
    expect(gridSize(spec)).toBe(40);
    expect(points).toHaveLength(40);
    expect(points.filter((p) => p.invalid !== null).map((p) => p.invalid)).toEqual([]);
    expect(new Set(points.map((p) => p.model))).toEqual(new Set(['mmfree-1.3b', 'bitnet-b1.58-700m']));
    expect(new Set(points.map((p) => p.params['clock']))).toEqual(new Set(clocks));
    const designs = points.map((p) => p.design as AcceleratorDesign);
    expect(new Set(designs.map((d) => d.target.type === 'fpga' && d.target.board))).toEqual(new Set([board]));
    expect([...new Set(designs.map(variantOf))].sort()).toEqual([...VARIANTS].sort());
  });

  it(`gives every engine variant the base adder tree's ${baseLuts} engine LUTs within ±5%`, () => {
    const base = points.find((p) => variantOf(p.design as AcceleratorDesign) === (board === 'kv260' ? 'adder-tree 2bit' : 'adder-tree 1.6bit'))!;
    expect(engineLuts(base.design as AcceleratorDesign)).toBe(baseLuts);
    for (const p of points.filter((x) => x.params['clock'] === clocks[1] && x.model === 'mmfree-1.3b')) {
      const d = p.design as AcceleratorDesign;
      expect({ variant: variantOf(d), ratio: Math.abs(engineLuts(d) / baseLuts - 1) < 0.05 }).toEqual({ variant: variantOf(d), ratio: true });
    }
  });
});
