import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CACTI7_SRAM_ROWS } from '../../src/power/cacti7-sram-table.js';
import { logicAreaFactor } from '../../src/power/node-scaling.js';
import { sramMacroCost } from '../../src/power/sram-macro.js';

const MiB = 1024 * 1024;

describe('the CACTI 7 table', () => {
  it('holds every row of data/cacti7_sram_sweep.csv, value for value', () => {
    const lines = readFileSync('data/cacti7_sram_sweep.csv', 'utf8').trim().split('\n').slice(1);
    expect(CACTI7_SRAM_ROWS).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      const c = line.split(',');
      expect(CACTI7_SRAM_ROWS[i]).toEqual([Number(c[0]), c[1]!.replace('itrs-', ''), Number(c[2]), Number(c[3]), Number(c[6]), Number(c[7]), Number(c[9]), Number(c[10])]);
    });
  });
});

describe('an SRAM macro', () => {
  it('at a table point is the table: 1 MB, 64-bit, 22 nm hp reads 21.09 pJ, leaks 156.13 mW, takes 0.9143 mm²', () => {
    const m = sramMacroCost(22, 'hp', MiB, 64);
    expect(m.readPJ).toBeCloseTo(21.09, 12);
    expect(m.writePJ).toBeCloseTo(18.29, 12);
    expect(m.leakageW).toBeCloseTo(0.15613, 12);
    expect(m.areaMm2).toBeCloseTo(0.9143, 12);
  });

  it('between sizes is log–log: 512 KiB reads √(11.27 × 21.09) pJ', () => {
    expect(sramMacroCost(22, 'hp', MiB / 2, 64).readPJ).toBeCloseTo(Math.sqrt(11.27 * 21.09), 9);
  });

  it('between nodes is log–log: 1 MB hp at √(22·32) nm reads √(21.09 × 43.74) pJ', () => {
    expect(sramMacroCost(Math.sqrt(22 * 32), 'hp', MiB, 64).readPJ).toBeCloseTo(Math.sqrt(21.09 * 43.74), 9);
  });

  it('below 22 nm scales energy and leakage by √(node/22) and area by the logic area factor', () => {
    const m = sramMacroCost(7, 'hp', MiB, 64);
    expect(m.readPJ).toBeCloseTo(21.09 * Math.sqrt(7 / 22), 9);
    expect(m.leakageW).toBeCloseTo(0.15613 * Math.sqrt(7 / 22), 9);
    expect(m.areaMm2).toBeCloseTo(0.9143 * (0.059 / logicAreaFactor(22)), 9);
  });

  it('below 8 KB reads with depth^0.78 (Accelergy) and leaks in proportion to size', () => {
    const m = sramMacroCost(22, 'hp', 2048, 64);
    expect(m.readPJ).toBeCloseTo(1.73 * 0.25 ** 0.78, 9);
    expect(m.leakageW).toBeCloseTo(0.00148 * 0.25, 9);
  });

  it('above 4 MB is several 4 MB macros: 8 MiB reads like one and leaks like two', () => {
    const m = sramMacroCost(22, 'hp', 8 * MiB, 64);
    expect(m.readPJ).toBeCloseTo(42.23, 9);
    expect(m.leakageW).toBeCloseTo(2 * 0.62098, 9);
    expect(m.areaMm2).toBeCloseTo(2 * 3.3223, 9);
  });

  it('wider than 512 bits reads in proportion to width', () => {
    expect(sramMacroCost(22, 'hp', MiB, 1024).readPJ).toBeCloseTo(2 * sramMacroCost(22, 'hp', MiB, 512).readPJ, 9);
  });

  it('with low-standby-power cells leaks about 300× less than with high-performance cells', () => {
    const ratio = sramMacroCost(22, 'hp', MiB, 64).leakageW / sramMacroCost(22, 'lstp', MiB, 64).leakageW;
    expect(ratio).toBeCloseTo(156.13 / 0.54, 9);
  });
});
