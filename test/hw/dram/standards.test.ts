import { describe, it, expect } from 'vitest';
import { channelCapacityBytes, channelPeakBytesPerSecond, DRAM_STANDARDS, DRAM_TIMING_KEYS, resolveDramStandard } from '../../../src/hw/dram/standards.js';

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
    expect(s.organization).toMatchObject({ busWidthBits: 128, burstLength: 4, bankGroups: 4, banksPerGroup: 4, pseudoChannels: 1 });
    // One channel: 128 bit × 2 transfers per 1 ns = 32 GB/s (× 8 channels = 256 GB/s per stack).
    expect(((s.organization.busWidthBits / 8) * s.dataRate * 1e12) / s.timing.tCK).toBe(32e9);
    // DRAMsim3 HBM2_8Gb_x128: 2 KiB page (64 columns × 2 prefetch × 128 bit), 1 GiB per channel, IDD per 128-bit channel.
    expect((s.organization.columnsPerRow * 128) / 8).toBe(2048);
    expect(channelCapacityBytes(s.organization)).toBe(2 ** 30);
    expect(s.power).toMatchObject({ VDD: 1.2, IDD0: 65, IDD2N: 40, IDD3N: 55, IDD4R: 390, IDD4W: 500, IDD5: 250, devicesPerRank: 1 });
  });

  it('pseudo-channel presets double the channel: HBM2 16 × 64 b per stack, HBM3 16 × 2 × 32 b = 819 GB/s', () => {
    const pc = resolveDramStandard('HBM2-2.0-PC');
    expect(pc.organization).toMatchObject({ busWidthBits: 64, pseudoChannels: 2 });
    expect(8 * channelPeakBytesPerSecond(pc)).toBe(256e9); // the same 256 GB/s per stack as legacy mode
    const h3 = resolveDramStandard('HBM3-6.4');
    expect(h3.organization).toMatchObject({ busWidthBits: 32, pseudoChannels: 2, burstLength: 8 });
    expect(h3.dataRate).toBe(4);
    expect(16 * channelPeakBytesPerSecond(h3)).toBeCloseTo(819.2e9, -6); // FACTS: 819 GB/s per stack
    expect(channelPeakBytesPerSecond(resolveDramStandard('LPDDR5-6400'))).toBe(12.8e9); // FACTS: x16, 12.8 GB/s
    expect(channelPeakBytesPerSecond(resolveDramStandard('DDR4-3200'))).toBe(25.6e9); // FACTS: 25.6 GB/s
    expect(channelPeakBytesPerSecond(resolveDramStandard('GDDR6-16'))).toBe(32e9); // 16 pins × 16 Gb/s
  });

  it('ships every preset the issue names, each with currents and an I/O energy', () => {
    expect(Object.keys(DRAM_STANDARDS).sort()).toEqual(
      ['DDR4-2400', 'DDR4-2666', 'DDR4-3200', 'DDR5-4800', 'GDDR6-14', 'GDDR6-16', 'HBM2-2.0', 'HBM2-2.0-PC', 'HBM2-2.4', 'HBM2e-3.2', 'HBM3-6.4', 'LPDDR4-3200', 'LPDDR4-4266', 'LPDDR5-6400'].sort(),
    );
    for (const s of Object.values(DRAM_STANDARDS)) {
      expect(s.power?.source.length).toBeGreaterThan(10);
      expect(s.io?.source.length).toBeGreaterThan(10);
      expect(Number.isInteger(s.organization.burstLength / s.dataRate)).toBe(true);
      for (const k of DRAM_TIMING_KEYS) expect(Number.isInteger(s.timing[k]) && s.timing[k] >= 0).toBe(true);
      expect(s.timing.tRC).toBe(s.timing.tRAS + s.timing.tRP);
      if (s.defaultRefresh === 'per-bank') expect(s.timing.tRFCpb).toBeGreaterThan(0);
    }
    // Per-bank refresh where the standard has it: LPDDR4/5 REFpb, HBM REFSB, GDDR6 REFpb; DDR4 none.
    expect(resolveDramStandard('LPDDR4-3200').timing).toMatchObject({ tRFCpb: 224, tREFIpb: 780 }); // memspec RFCPB, REFIPB
    expect(resolveDramStandard('HBM3-6.4').timing.tRFCpb).toBe(320); // FACTS 200 ns at 625 ps
    expect(resolveDramStandard('DDR4-2400').timing.tRFCpb).toBe(0);
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
    expect(() => resolveDramStandard('DDR9-9999')).toThrow(/unknown DRAM standard "DDR9-9999".*DDR4-2400.*DDR5-4800.*LPDDR5-6400.*HBM3-6\.4/);
  });

  it('names the unknown timing key and lists the valid ones', () => {
    expect(() => resolveDramStandard('HBM2-2.0', { tFOO: 3 } as never)).toThrow(/unknown DRAM timing "tFOO".*tRCD.*tRFCpb/);
    expect(DRAM_TIMING_KEYS).toContain('tREFI');
  });

  it('re-derives tRCDWR and tREFIpb from overridden tRCD and tREFI', () => {
    expect(resolveDramStandard('DDR4-2400', { tRCD: 18 }).timing.tRCDWR).toBe(18);
    expect(resolveDramStandard('GDDR6-14', { tRCD: 30 }).timing.tRCDWR).toBe(16); // GDDR6 has its own tRCDWR
    expect(resolveDramStandard('LPDDR4-3200', { tREFI: 8000 }).timing.tREFIpb).toBe(1000); // 8000 / 8 banks
  });

  it('applies organisation overrides and names an unknown field', () => {
    const s = resolveDramStandard('DDR4-2400', {}, { ranks: 2 });
    expect(s.organization.ranks).toBe(2);
    expect(DRAM_STANDARDS['DDR4-2400']!.organization.ranks).toBe(1);
    expect(() => resolveDramStandard('DDR4-2400', {}, { rank: 2 } as never)).toThrow(/unknown DRAM organisation field "rank".*ranks/);
    expect(() => resolveDramStandard('DDR4-2400', {}, { ranks: 0 })).toThrow(/ranks.*positive integer/);
  });

  it('rejects non-integer or negative timings', () => {
    expect(() => resolveDramStandard('DDR4-2400', { tRCD: 1.5 })).toThrow(/tRCD/);
    expect(() => resolveDramStandard('DDR4-2400', { tCK: 0 })).toThrow(/tCK/);
  });
});
