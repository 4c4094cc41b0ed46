import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { parseDesign } from '../../src/design/parse-design.js';
import { thrown } from '../helpers/thrown.js';

const TINY = readFileSync('test/fixtures/good/tiny.yaml', 'utf8');

/** The tiny FPGA-less design with `old` replaced (which must be there). */
function tinyWith(old: string, replacement: string): string {
  expect(TINY).toContain(old);
  return TINY.replace(old, replacement);
}

/** A LUT-engine tiny design: G = 3, 2 lookups a lane, registers, with `lut` lines appended to the section. */
const LUT = (extra = '', packing = 'tl2', weightsPerLane = 6): string =>
  tinyWith('  packing: 2bit', `  packing: ${packing}\n  engine: lut\n  lut:\n    group: 3\n    builders: 4\n    storage: { kind: registers, groups: 64 }\n${extra}`).replace(/weightsPerLane: \d+/, `weightsPerLane: ${weightsPerLane}`);

/** The one-line message parsing `text` as d.yaml fails with. */
const errorOf = (text: string): string => thrown(() => parseDesign(text, 'd.yaml'), InputError).message;

describe('a design with a LUT engine', () => {
  it('parses, with the table defaults: symmetric, one build cycle, two table sets, one copy, port and bank', () => {
    const d = parseDesign(LUT(), 'd.yaml');
    expect(d.tau.engine).toBe('lut');
    expect(d.tau.lut).toEqual({ group: 3, symmetric: true, builders: 4, buildLatency: 1, tableBuffers: 2, storage: { kind: 'registers', groups: 64, copies: 1, readPorts: 1, banks: 1 } });
  });

  it('is an adder tree when it names no engine', () => {
    expect(parseDesign(TINY, 'd.yaml').tau.engine).toBe('adder-tree');
  });

  it('needs its lut section', () => {
    expect(errorOf(tinyWith('  packing: 2bit', '  packing: 2bit\n  engine: lut'))).toBe('d.yaml: tau.lut: missing; expected the LUT engine section (group, builders, storage) with tau.engine "lut"');
  });

  it('refuses a lut section on an adder tree', () => {
    expect(errorOf(LUT().replace('  engine: lut\n', '').replace('packing: tl2', 'packing: 2bit'))).toBe('d.yaml: tau.lut: expected no lut section with tau.engine "adder-tree" (set tau.engine: lut to use it)');
  });

  it('refuses an index format on an adder tree', () => {
    expect(errorOf(tinyWith('  packing: 2bit', '  packing: tl2'))).toBe('d.yaml: tau.packing: expected "2bit", "1.6bit" or "bitmap" for the adder tree: "tl2" is a LUT index format (tau.engine: lut, group 3), got "tl2"');
  });

  it('looks up whole groups: weightsPerLane a multiple of G', () => {
    expect(errorOf(LUT('', 'tl2', 4))).toBe('d.yaml: tau.weightsPerLane: expected a multiple of tau.lut.group (3): a lane looks up whole groups, got 4');
  });

  it('takes groups of 2 to 5', () => {
    expect(errorOf(LUT().replace('group: 3', 'group: 6'))).toBe('d.yaml: tau.lut.group: expected an integer from 2 to 5, got 6');
  });

  it('matches an index format to its group', () => {
    expect(errorOf(LUT('', 'tl1'))).toBe('d.yaml: tau.lut.group: expected 2: tl1 indexes groups of 2 weights, got 3');
  });

  it('has no bitmap rows', () => {
    expect(errorOf(LUT('', 'bitmap'))).toBe('d.yaml: tau.packing: expected "2bit", "1.6bit", "tl1" or "tl2" with a LUT engine (a bitmap row has no fixed group positions), got "bitmap"');
  });

  it('keeps n of m activations with n ≤ m', () => {
    expect(errorOf(LUT('    activationSparsity: { n: 5, m: 4 }\n'))).toBe('d.yaml: tau.lut.activationSparsity.n: expected at most m (4): n of every m activations are kept, got 5');
  });

  it('stores tables in what the target has', () => {
    expect(errorOf(LUT().replace('kind: registers', 'kind: lutram'))).toBe('d.yaml: tau.lut.storage.kind: expected "registers" or "sram" on an ASIC, got "lutram"');
  });

  it('has no more table copies than lanes', () => {
    expect(errorOf(LUT().replace('groups: 64 }', 'groups: 64, copies: 999 }'))).toMatch(/^d\.yaml: tau\.lut\.storage\.copies: expected at most tau\.lanes \(\d+\): a copy serves at least one lane, got 999$/);
  });

  it('takes one or two table sets', () => {
    expect(errorOf(LUT('    tableBuffers: 3\n'))).toBe('d.yaml: tau.lut.tableBuffers: expected 1 or 2, got 3');
  });
});

describe('a design with a host processor', () => {
  const HOST = `hostProcessor:\n  name: a53\n  opsRate: 85 GOPS\n  bandwidth: 5.5 GB/s\n  weightBits: 8\n  activePower: 1.2 W\n  ops: [lm_head]\n`;

  it('parses rates in their units, dispatch latency 0 by default', () => {
    const d = parseDesign(`${TINY}\n${HOST}`, 'd.yaml');
    expect(d.hostProcessor).toEqual({ name: 'a53', opsRate: 85e9, bandwidth: 5.5e9, weightBits: 8, activePower: 1.2, dispatchLatency: 0, ops: ['lm_head'] });
  });

  it('wants a rate with its unit', () => {
    expect(errorOf(`${TINY}\n${HOST.replace('85 GOPS', '85')}`)).toMatch(/^d\.yaml: hostProcessor\.opsRate: expected an operation rate/);
  });

  it('runs at least one op', () => {
    expect(errorOf(`${TINY}\n${HOST.replace('[lm_head]', '[]')}`)).toBe('d.yaml: hostProcessor.ops: expected at least one op id, got an array of 0');
  });
});
