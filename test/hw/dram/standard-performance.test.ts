import { describe, it, expect } from 'vitest';
import { resolveDramStandard, type DramRefreshMode } from '../../../src/hw/dram/standards.js';
import { runDramTrace, type DramTraceRun } from '../../../src/hw/dram/trace-replay.js';
import type { DramTrace } from '../../../src/hw/dram/trace.js';

/**
 * Every standard against closed forms worked out by hand from its JEDEC numbers. The numbers below
 * are typed from the sources cited in src/hw/dram/presets/ (FACTS.md §4, Ramulator 2, DRAMsim3,
 * DRAMPower memspecs), not read from the presets, so a preset that drifts fails here.
 *
 *   unloaded read    = (tRCD + CL + BL/dataRate) × tCK           (ACT at 0, RD at tRCD, last beat)
 *   peak per channel = pseudo-channels × width/8 × dataRate / tCK
 *   one bank group   = (BL/dataRate) / max(tCCD_L, BL/dataRate) of peak
 *   random reads     ≤ ranks·PCs × min(1/tRRD_S, 4/tFAW, banks/tRC) ACTs per tCK, and ≤ one ACT per
 *                      3 tCK on a shared command bus (ACT, RD, PRE) or 2 tCK on a row bus (ACT, PRE)
 *   all-bank refresh: streaming ≤ 1 − tRFC/tREFI of peak
 */
interface Jedec {
  tCK: number; // ps
  tRCD: number;
  CL: number;
  BL: number;
  dataRate: number; // transfers per tCK
  width: number; // bits per (pseudo-)channel data bus
  pcs: number; // pseudo-channels per channel
  tCCD_L: number;
  tRRD_S: number;
  tFAW: number;
  tRC: number;
  banks: number; // per rank / pseudo-channel
  tRFC: number;
  tREFI: number;
  rowBytes: number;
  sharedBus: boolean;
}

const J: Record<string, Jedec> = {
  // FACTS §4 / Ramulator 2 DDR4_2400R: 16-16-16, tRAS 39, tRC 55, BL8, tCCD_L 6, tRRD_S 4, tFAW 26 (x8), tRFC 350 ns, tREFI 7.8 µs.
  'DDR4-2400': { tCK: 833, tRCD: 16, CL: 16, BL: 8, dataRate: 2, width: 64, pcs: 1, tCCD_L: 6, tRRD_S: 4, tFAW: 26, tRC: 55, banks: 16, tRFC: 420, tREFI: 9364, rowBytes: 8192, sharedBus: true },
  // Ramulator 2 DDR4_2666V / DRAMsim3 DDR4_8Gb_x8_2666: 19-19-19, tRC 62, tCCD_L 7, tRRD_S 4, tFAW 28, tRFC 467, tREFI 10398.
  'DDR4-2666': { tCK: 750, tRCD: 19, CL: 19, BL: 8, dataRate: 2, width: 64, pcs: 1, tCCD_L: 7, tRRD_S: 4, tFAW: 28, tRC: 62, banks: 16, tRFC: 467, tREFI: 10398, rowBytes: 8192, sharedBus: true },
  // FACTS §4 DDR4-3200: 22-22-22-52, tCCD 4/8, tRRD 4/8, tFAW 34; tRC 74; DRAMsim3 tRFC 560, tREFI 12480.
  'DDR4-3200': { tCK: 625, tRCD: 22, CL: 22, BL: 8, dataRate: 2, width: 64, pcs: 1, tCCD_L: 8, tRRD_S: 4, tFAW: 34, tRC: 74, banks: 16, tRFC: 560, tREFI: 12480, rowBytes: 8192, sharedBus: true },
  // DDR5-4800B at 417 ps: CL 40, tRCD 39, tRAS 32 ns = 77, tRP 39, BL16 on a 32-bit sub-channel, tCCD_L 12, tRRD_S 8, tFAW 32, 8 BG × 4; tRFC 295 ns = 708, tREFI 3.9 µs = 9352.
  'DDR5-4800': { tCK: 417, tRCD: 39, CL: 40, BL: 16, dataRate: 2, width: 32, pcs: 1, tCCD_L: 12, tRRD_S: 8, tFAW: 32, tRC: 116, banks: 32, tRFC: 708, tREFI: 9352, rowBytes: 4096, sharedBus: true },
  // DRAMPower MICRON_6Gb_LPDDR4-3200 memspec at 1600 MHz: RCD 29, RL 28, RC 97, CCD 8, RRD 16, FAW 64, 8 banks, BL16 x16; RFCAB 448, REFIAB 6246.
  'LPDDR4-3200': { tCK: 625, tRCD: 29, CL: 28, BL: 16, dataRate: 2, width: 16, pcs: 1, tCCD_L: 8, tRRD_S: 16, tFAW: 64, tRC: 97, banks: 8, tRFC: 448, tREFI: 6246, rowBytes: 2048, sharedBus: true },
  // The same ns at 469 ps: tRCD 18 ns = 39, RL 36, tRC 60 ns = 129, tRRD 10 ns = 22, tFAW 40 ns = 86, tRFC 280 ns = 598, tREFI 3.904 µs = 8324.
  'LPDDR4-4266': { tCK: 469, tRCD: 39, CL: 36, BL: 16, dataRate: 2, width: 16, pcs: 1, tCCD_L: 8, tRRD_S: 22, tFAW: 86, tRC: 129, banks: 8, tRFC: 598, tREFI: 8324, rowBytes: 2048, sharedBus: true },
  // FACTS §4 LPDDR5-6400: tCK 1250 (WCK 4:1, 8 transfers per tCK), RL 17, tRCD 15, tRP 15, tRAS 34, tCCD 2/4, tRRD 4, tFAW 20 ns = 16, 4 BG × 4, BL16 x16; tRFC 280 ns = 224, tREFI 3124.
  'LPDDR5-6400': { tCK: 1250, tRCD: 15, CL: 17, BL: 16, dataRate: 8, width: 16, pcs: 1, tCCD_L: 4, tRRD_S: 4, tFAW: 16, tRC: 49, banks: 16, tRFC: 224, tREFI: 3124, rowBytes: 2048, sharedBus: true },
  // Ramulator 2 GDDR6 (tCK 570 → 571 ps at 14 Gb/s, 8 transfers per tCK): CL 24, tRCDRD 26, tRC 79, tRRD 7, tFAW 28, tCCD_L 3, BL16 x16; tRFC 210, tREFI 3333.
  'GDDR6-14': { tCK: 571, tRCD: 26, CL: 24, BL: 16, dataRate: 8, width: 16, pcs: 1, tCCD_L: 3, tRRD_S: 7, tFAW: 28, tRC: 79, banks: 16, tRFC: 210, tREFI: 3333, rowBytes: 2048, sharedBus: true },
  // The 14 Gb/s ns at 500 ps: tRCD 30, CL 28, tRC 91, tRRD 8, tFAW 32, tRFC 240, tREFI 3799.
  'GDDR6-16': { tCK: 500, tRCD: 30, CL: 28, BL: 16, dataRate: 8, width: 16, pcs: 1, tCCD_L: 3, tRRD_S: 8, tFAW: 32, tRC: 91, banks: 16, tRFC: 240, tREFI: 3799, rowBytes: 2048, sharedBus: true },
  // FACTS §4 HBM2 2.0: 1000 ps, 14-14-14-34, tCCD 2/4, tRRD 4, tFAW 15, BL4, 128-bit legacy channel, 2 KiB page (DRAMsim3); tRFC 350, tREFI 3900.
  'HBM2-2.0': { tCK: 1000, tRCD: 14, CL: 14, BL: 4, dataRate: 2, width: 128, pcs: 1, tCCD_L: 4, tRRD_S: 4, tFAW: 15, tRC: 48, banks: 16, tRFC: 350, tREFI: 3900, rowBytes: 2048, sharedBus: false },
  // Same timing, pseudo-channel mode: 2 × 64-bit pseudo-channels, 1 KiB pages.
  'HBM2-2.0-PC': { tCK: 1000, tRCD: 14, CL: 14, BL: 4, dataRate: 2, width: 64, pcs: 2, tCCD_L: 4, tRRD_S: 4, tFAW: 15, tRC: 48, banks: 16, tRFC: 350, tREFI: 3900, rowBytes: 1024, sharedBus: false },
  // HBM2 2.0's ns at 833 ps: 14 ns = 17, tRC 48 ns = 41 + 17 = 58, tRRD 4 ns = 5, tFAW 15 ns = 18, tRFC 350 ns = 421, tREFI 4681.
  'HBM2-2.4': { tCK: 833, tRCD: 17, CL: 17, BL: 4, dataRate: 2, width: 64, pcs: 2, tCCD_L: 4, tRRD_S: 5, tFAW: 18, tRC: 58, banks: 16, tRFC: 421, tREFI: 4681, rowBytes: 1024, sharedBus: false },
  // At 625 ps: 14 ns = 23, tRC 55 + 23 = 78, tRRD 7, tFAW 24, tRFC 560, tREFI 6240.
  'HBM2e-3.2': { tCK: 625, tRCD: 23, CL: 23, BL: 4, dataRate: 2, width: 64, pcs: 2, tCCD_L: 4, tRRD_S: 7, tFAW: 24, tRC: 78, banks: 16, tRFC: 560, tREFI: 6240, rowBytes: 1024, sharedBus: false },
  // FACTS §4 HBM3 6.4: 625 ps, CL 20, tRCD 31, tRP 26, tRAS 45, tCCD 2/4, tRRD 4, tFAW 24, BL8, 2 × 32-bit pseudo-channels; tREFI 3.9 µs = 6240; tRFC 350 ns = 560.
  'HBM3-6.4': { tCK: 625, tRCD: 31, CL: 20, BL: 8, dataRate: 4, width: 32, pcs: 2, tCCD_L: 4, tRRD_S: 4, tFAW: 24, tRC: 71, banks: 16, tRFC: 560, tREFI: 6240, rowBytes: 1024, sharedBus: false },
};

const NAMES = Object.keys(J);
const burstCycles = (j: Jedec): number => j.BL / j.dataRate;
const burstBytes = (j: Jedec): number => (j.width / 8) * j.BL;
const peak = (j: Jedec): number => (j.pcs * (j.width / 8) * j.dataRate * 1e12) / j.tCK;

function trace(addrs: Float64Array): DramTrace {
  return { length: addrs.length, addr: addrs, write: new Uint8Array(addrs.length), cycle: new Float64Array(addrs.length).fill(-1) };
}

/** Sequential bursts covering about 80 µs at peak (at least 10 refresh intervals of every standard). */
function sequential(j: Jedec): DramTrace {
  const n = Math.round((peak(j) * 80e-6) / burstBytes(j));
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = i * burstBytes(j);
  return trace(a);
}

/** mulberry32, seeded: uniformly random bursts over the first `bytes` of memory. */
function random(j: Jedec, n: number, bytes: number): DramTrace {
  let s = 7;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const bursts = Math.floor(bytes / burstBytes(j));
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.floor(rnd() * bursts) * burstBytes(j);
  return trace(a);
}

function run(name: string, t: DramTrace, extra: { mapping?: string; refresh?: DramRefreshMode } = {}): DramTraceRun {
  return runDramTrace({ standard: resolveDramStandard(name), channels: 1, ...extra }, t);
}

const efficiency = (r: DramTraceRun, j: Jedec): number => r.bytesPerSecond / peak(j);

describe.each(NAMES)('%s against its JEDEC closed forms', (name) => {
  const j = J[name]!;

  it('has the typed JEDEC numbers', () => {
    const s = resolveDramStandard(name);
    expect(s.timing).toMatchObject({ tCK: j.tCK, tRCD: j.tRCD, tCL: j.CL, tCCD_L: j.tCCD_L, tRRD_S: j.tRRD_S, tFAW: j.tFAW, tRC: j.tRC, tRFC: j.tRFC, tREFI: j.tREFI });
    const o = s.organization;
    expect({ BL: o.burstLength, width: o.busWidthBits, pcs: o.pseudoChannels, banks: o.bankGroups * o.banksPerGroup, dataRate: s.dataRate }).toEqual({ BL: j.BL, width: j.width, pcs: j.pcs, banks: j.banks, dataRate: j.dataRate });
    expect((o.columnsPerRow * o.busWidthBits) / 8).toBe(j.rowBytes);
  });

  it('unloaded read latency is exactly (tRCD + CL + BL/dataRate) × tCK', () => {
    const r = run(name, trace(new Float64Array([0])));
    expect(r.latencyPs.max).toBe((j.tRCD + j.CL + burstCycles(j)) * j.tCK);
  });

  it('streams sequential reads at 90–98% of peak with all-bank refresh, under 1 − tRFC/tREFI', () => {
    const r = run(name, sequential(j), { refresh: 'all-bank' });
    expect(r.peakBytesPerSecond).toBeCloseTo(peak(j), 0);
    const eff = efficiency(r, j);
    expect(eff).toBeGreaterThan(0.9); // an HBM preset at 25–50% (pseudo-channels or BL mis-set) fails here
    expect(eff).toBeLessThan(0.98);
    expect(eff).toBeLessThan(1 - j.tRFC / j.tREFI);
  });

  it('with its default refresh streams at ≥ 90% of peak, never above it', () => {
    const r = run(name, sequential(j));
    const eff = efficiency(r, j);
    expect(eff).toBeGreaterThan(0.9);
    expect(eff).toBeLessThanOrEqual(1);
    expect(r.rowHitRate).toBeGreaterThan(0.95); // a row is rowBytes / burst bytes hits but one
    expect(r.rowHitRate).toBeLessThan(1 - burstBytes(j) / j.rowBytes + 1e-9);
  });

  it('is tCCD_L-bound when consecutive bursts stay in one bank group: ≤ (BL/dataRate) / tCCD_L and close to it', () => {
    const bound = burstCycles(j) / Math.max(j.tCCD_L, burstCycles(j));
    const r = run(name, sequential(j), { mapping: 'BgRoBaCoCh' });
    const eff = efficiency(r, j);
    expect(eff).toBeLessThanOrEqual(bound + 1e-9);
    expect(eff).toBeGreaterThan(bound * 0.88); // refresh and row switches
  });

  it('random reads over 4 GiB (or the channel) miss the row (< 5%) and respect the tRRD / tFAW / tRC bound', () => {
    const s = resolveDramStandard(name);
    const o = s.organization;
    const capacity = o.ranks * o.pseudoChannels * o.bankGroups * o.banksPerGroup * o.rowsPerBank * j.rowBytes;
    const r = run(name, random(j, 12_000, Math.min(4 * 2 ** 30, capacity)));
    expect(r.rowHitRate).toBeLessThan(0.05);
    const acts = r.actions['dram.ch0']!['act']!;
    const perTck = acts / ((r.endPs - r.startPs) / j.tCK);
    const units = j.pcs;
    const bound = Math.min(units * Math.min(1 / j.tRRD_S, 4 / j.tFAW, j.banks / j.tRC), j.sharedBus ? 1 / 3 : 1 / 2, units / burstCycles(j));
    expect(perTck).toBeLessThanOrEqual(bound * 1.01); // edge effects of a finite run
    expect(perTck).toBeGreaterThan(bound * 0.8);
  });
});
