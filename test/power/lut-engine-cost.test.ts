import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../../src/design/parse-design.js';
import { asicArea } from '../../src/power/asic-area.js';
import { fpgaResources } from '../../src/power/fpga-resources.js';
import { onChipEnergyTable } from '../../src/power/energy-table.js';
import { decoderLuts, muxLuts } from '../../src/power/lut-structure.js';

const load = (name: string) => {
  const file = `designs/published/${name}.yaml`;
  return parseDesign(readFileSync(file, 'utf8'), file);
};
const unit = (units: { unit: string; use: Record<string, number | undefined> }[], name: string) => units.find((u) => u.unit === name)?.use ?? {};

describe('LUT engine structure costs', () => {
  it('counts a LUT6 as a 4:1 multiplexer and Shannon-expands decoders beyond 6 inputs', () => {
    expect([1, 4, 5, 16, 27].map(muxLuts)).toEqual([0, 1, 2, 5, 9]);
    expect(decoderLuts(6, 3)).toBe(3);
    // 8 inputs: 4 cofactor LUT6s + a 4:1 mux = 5 a bit.
    expect(decoderLuts(8, 2)).toBe(10);
  });

  it('prices TeLLMe\'s TLMM in LUTs as its code lays it out', () => {
    const e = fpgaResources(load('tellme-kv260'));
    // 16 rows × 28 lookups = 448 accumulate adders of 24 bits, one LUT a bit (CARRY8).
    expect(unit(e.units, 'tau.adders')['LUT']).toBe(448 * 24);
    // 28 tables, one LUTRAM bank each: ⌈27 / 64⌉ × 10 bits × 16 read ports.
    expect(unit(e.units, 'tau.tables')['LUT']).toBe(28 * 1 * 10 * 16);
    // tl2 indices address the table directly: no decoder.
    expect(e.units.some((u) => u.unit === 'tau.decode')).toBe(false);
  });

  it('prices the TENET-style design\'s register tables, multiplexers and decoders', () => {
    const e = fpgaResources(load('tenet-style-u280'));
    const slots = 512 * 4;
    // 16 groups, 4 entries of 9 bits, 16 copies in registers.
    expect(unit(e.units, 'tau.tables')['register']).toBe(16 * 16 * 4 * 9);
    // Each slot picks among 16 / 4 groups × 4 entries = 16 inputs: 5 LUTs a bit.
    expect(unit(e.units, 'tau.tableMux')['LUT']).toBe(slots * 9 * 5);
    // 1.6-bit bytes regrouped into pairs: one byte ROM per 5 weights (4096 / 5 → 820 × 10 bits × 5 LUTs)
    // and a 4-input index decoder per slot (2 index bits + sign: 3 LUT6s).
    const decode = e.units.filter((u) => u.unit === 'tau.decode').map((u) => u.use['LUT']);
    expect(decode.sort()).toEqual([820 * 10 * 5, slots * 3].sort());
  });

  it('gives Slim-Llama\'s register tables an area and its lookups an energy from the table width', () => {
    const d = load('slim-llama-28nm');
    const a = asicArea(d);
    const tables = a.units.find((u) => u.unit === 'tau.tables')!;
    expect(tables.registerBits).toBe(64 * 8 * 13 * 10); // 64 copies × 8 groups × 13 entries × 10 bits
    const t = onChipEnergyTable(d)['tau']!;
    expect(t['lookup']!.pJ).toBeCloseTo(t['build']!.pJ + t['copyOut']!.pJ, 12); // a 10-bit read (≈ a 10-bit add) + a 20-bit accumulate
  });
});
