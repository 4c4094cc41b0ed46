import { describe, it, expect } from 'vitest';
import { DRAM_STANDARDS, DRAM_TIMING_KEYS, resolveDramStandard } from '../../../src/hw/dram/standards.js';

// Expected values typed here from FACTS.md §4 (JEDEC via Ramulator 2 / DRAMsim3 presets), not copied from src.
describe('DRAM standard presets', () => {
  it('DDR4-2400 matches the JEDEC numbers', () => {
    const s = resolveDramStandard('DDR4-2400');
    expect(s.timing).toMatchObject({
      tCK: 833, tCL: 16, tRCD: 16, tRP: 16, tRAS: 39, tRC: 55,
      tCCD_S: 4, tCCD_L: 6, tRRD_S: 4, tRRD_L: 6, tFAW: 26, tWTR_S: 3, tWTR_L: 9,
    });
    // tRFC 350 ns and tREFI 7.8 µs at 0.833 ns per tCK.
    expect(s.timing.tRFC * 0.833).toBeCloseTo(350, 0);
    expect(s.timing.tREFI * 0.833).toBeGreaterThan(7795);
    expect(s.timing.tREFI * 0.833).toBeLessThan(7805);
    expect(s.organization).toMatchObject({ busWidthBits: 64, burstLength: 8, bankGroups: 4, banksPerGroup: 4, ranks: 1 });
    expect(s.dataRate).toBe(2);
    expect(s.power).toMatchObject({ VDD: 1.2, IDD0: 60.75, IDD2N: 38.25, IDD3N: 44, IDD4R: 184.5, IDD4W: 168.75, IDD5: 118, devicesPerRank: 8 });
    // Peak: 64 bit × 2 transfers per 833 ps ≈ 19.2 GB/s.
    expect((s.organization.busWidthBits / 8) * s.dataRate / (s.timing.tCK * 1e-12) / 1e9).toBeCloseTo(19.2, 1);
  });

  it('HBM2-2.0 matches the JEDEC numbers (legacy mode, 128-bit channel, BL4)', () => {
    const s = resolveDramStandard('HBM2-2.0');
    expect(s.timing).toMatchObject({
      tCK: 1000, tCL: 14, tRCD: 14, tRP: 14, tRAS: 34, tCCD_S: 2, tCCD_L: 4, tRRD_S: 4, tRRD_L: 4,
      tFAW: 15, tWTR_S: 6, tWTR_L: 8, tRFC: 350, tREFI: 3900,
    });
    expect(s.organization).toMatchObject({ busWidthBits: 128, burstLength: 4, bankGroups: 4, banksPerGroup: 4 });
    // One channel: 128 bit × 2 transfers per 1 ns = 32 GB/s (× 8 channels = 256 GB/s per stack).
    expect(((s.organization.busWidthBits / 8) * s.dataRate * 1e12) / s.timing.tCK).toBe(32e9);
    expect(s.power).toBeUndefined();
  });

  it('tRTW is derived as tCL + BL/2 + 2 − tCWL', () => {
    expect(resolveDramStandard('DDR4-2400').timing.tRTW).toBe(16 + 4 + 2 - 12);
    expect(resolveDramStandard('HBM2-2.0').timing.tRTW).toBe(14 + 2 + 2 - 4);
  });

  it('applies overrides to a copy and re-derives tRC / tRTW', () => {
    const s = resolveDramStandard('DDR4-2400', { tRAS: 40, tCL: 17 });
    expect(s.timing.tRAS).toBe(40);
    expect(s.timing.tRC).toBe(40 + 16);
    expect(s.timing.tRTW).toBe(17 + 4 + 2 - 12);
    expect(DRAM_STANDARDS['DDR4-2400']!.timing.tRAS).toBe(39);
    expect(resolveDramStandard('DDR4-2400', { tRAS: 40, tRC: 70 }).timing.tRC).toBe(70);
  });

  it('names the unknown standard and lists the valid ones', () => {
    expect(() => resolveDramStandard('DDR9-9999')).toThrow(/unknown DRAM standard "DDR9-9999".*DDR4-2400.*HBM2-2\.0/);
  });

  it('names the unknown timing key and lists the valid ones', () => {
    expect(() => resolveDramStandard('HBM2-2.0', { tFOO: 3 } as never)).toThrow(/unknown DRAM timing "tFOO".*tRCD/);
    expect(DRAM_TIMING_KEYS).toContain('tREFI');
  });

  it('rejects non-integer or negative timings', () => {
    expect(() => resolveDramStandard('DDR4-2400', { tRCD: 1.5 })).toThrow(/tRCD/);
    expect(() => resolveDramStandard('DDR4-2400', { tCK: 0 })).toThrow(/tCK/);
  });
});
