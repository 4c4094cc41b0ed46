/**
 * HBM presets (JESD235 HBM2/HBM2e, JESD238 HBM3). Channel counts are per stack: HBM2/HBM2e have 8
 * channels of 128 bits (legacy mode) or 16 pseudo-channels of 64 bits (pseudo-channel mode: 2 per
 * channel, sharing its command buses); HBM3 has 16 channels of 2 × 32-bit pseudo-channels.
 * Sources per constant: FACTS.md §4 (HBM2 2.0 and HBM3 6.4 timing, which cite Ramulator 2 / DRAMsim3
 * presets and JESD235D), DRAMsim3 `configs/HBM2_8Gb_x128.ini` (tCWL, tWR, tRTP, tXP, tCKE, IDD),
 * Ramulator 2 `src/dram/impl/HBM2.cpp` (REFSB: nRFCSB 160, nRREFD 8). HBM2 2.4 and HBM2e 3.2 have no
 * preset in either tool (FACTS.md §4): their timing is HBM2 2.0's nanosecond values at the faster
 * clock [derived, unconfirmed].
 */
import { deriveTRTW, nsToCycles, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';

/**
 * One HBM2 legacy-mode channel (8 Gb dies, 8-high): 128-bit bus, BL4, 4 bank groups × 4 banks, 2 KiB
 * page. Sources: FACTS.md §4 (BL4, 4 BG × 4, 8 × 128 b per stack); DRAMsim3 `configs/HBM2_8Gb_x128.ini`
 * (rows 32768; columns 64, which DRAMsim3 doubles for HBM's 2n prefetch: 128 columns of 128 bits =
 * 2 KiB page; channel_size 1024 MB; BL 4; bankgroups 4; banks_per_group 4).
 */
export const HBM2_8Gb_LEGACY_ORG: DramOrganization = {
  busWidthBits: 128, // JESD235 legacy mode: 128 DQ per channel (DRAMsim3 bus_width = 128)
  burstLength: 4, // JESD235 legacy-mode BL4 (DRAMsim3 BL = 4)
  bankGroups: 4, // DRAMsim3 bankgroups = 4
  banksPerGroup: 4, // DRAMsim3 banks_per_group = 4
  rowsPerBank: 32768, // DRAMsim3 HBM2_8Gb_x128 rows
  columnsPerRow: 128, // DRAMsim3 columns 64 × 2 (prefetch): 2 KiB page; 1 GiB per channel (DRAMsim3 channel_size 1024)
  ranks: 1,
  pseudoChannels: 1,
  separateRowColumnCommandBuses: true, // JESD235: separate row and column command interfaces
};

/**
 * An HBM2 channel in pseudo-channel mode (8 Gb dies): two 64-bit pseudo-channels, each with 4 BG × 4
 * banks (FACTS.md §4 "4 BG × 4 per pseudo-ch.") and 1 KiB pages (JESD235 pseudo-channel mode: half
 * the legacy page), BL4; the channel's capacity is that of the legacy channel above (1 GiB).
 */
export const HBM2_8Gb_PC_ORG: DramOrganization = {
  busWidthBits: 64, // JESD235 pseudo-channel: 64 DQ
  burstLength: 4, // JESD235 pseudo-channel mode BL4
  bankGroups: 4, // FACTS
  banksPerGroup: 4, // FACTS
  rowsPerBank: 32768, // DRAMsim3 rows: 512 MiB per pseudo-channel / (16 banks × 1 KiB)
  columnsPerRow: 128, // 1 KiB page of 64-bit transfers
  ranks: 1,
  pseudoChannels: 2, // JESD235: 2 pseudo-channels per channel (16 × 64 b per stack)
  separateRowColumnCommandBuses: true,
};

/** HBM2e channel in pseudo-channel mode with 16 Gb dies: as HBM2 with twice the rows [unconfirmed]. */
export const HBM2E_16Gb_PC_ORG: DramOrganization = { ...HBM2_8Gb_PC_ORG, rowsPerBank: 65536 };

/**
 * An HBM3 channel: two 32-bit pseudo-channels (FACTS.md §4: 16 × 64 b per stack), BL8, 4 BG × 4
 * banks per pseudo-channel (FACTS), 1 KiB pages, 32768 rows (16 GiB per 8-high stack) [unconfirmed].
 */
export const HBM3_16Gb_ORG: DramOrganization = {
  busWidthBits: 32, // JESD238: 2 × 32-bit pseudo-channels per 64-bit channel
  burstLength: 8, // FACTS BL8
  bankGroups: 4, // FACTS
  banksPerGroup: 4, // FACTS
  rowsPerBank: 32768, // [unconfirmed]
  columnsPerRow: 256, // 1 KiB page of 32-bit transfers [unconfirmed]
  ranks: 1,
  pseudoChannels: 2,
  separateRowColumnCommandBuses: true, // JESD238: separate row and column command buses
};

/**
 * HBM2 2.0 Gb/s timing. Sources: FACTS.md §4 table (tCK, CL–tRCD–tRP–tRAS, tCCD_S/L, tRRD_S/L,
 * tFAW, tWTR_S/L, tRFC, tREFI), which cites the Ramulator 2 and DRAMsim3 presets and JESD235D;
 * fields FACTS does not give come from DRAMsim3 `configs/HBM2_8Gb_x128.ini` and Ramulator 2
 * `HBM2.cpp` as marked. Where the tools disagree (DRAMsim3 tCCD 1/2, tRRD_L 6, tFAW 30) FACTS wins.
 */
export const HBM2_2Gbps_TIMING: DramTiming = {
  tCK: 1000, // 1 GHz clock, 2 Gb/s per pin DDR (FACTS; DRAMsim3 tCK = 1 ns; Ramulator 2 tCK_ps = 1000)
  tRCD: 14, // FACTS; DRAMsim3 tRCDRD = 14
  tRCDWR: 14, // DRAMsim3 tRCDWR = 14
  tCL: 14, // FACTS; DRAMsim3 CL
  tCWL: 4, // DRAMsim3 CWL
  tRP: 14, // FACTS; DRAMsim3 tRP
  tRAS: 34, // FACTS; DRAMsim3 tRAS
  tRC: 48, // tRAS + tRP
  tCCD_S: 2, // FACTS (DRAMsim3 uses 1: the data bus, BL4/2 = 2 tCK, binds either way)
  tCCD_L: 4, // FACTS (DRAMsim3 uses 2)
  tRRD_S: 4, // FACTS; DRAMsim3 tRRD_S
  tRRD_L: 4, // FACTS (DRAMsim3 uses 6)
  tFAW: 15, // FACTS: 15 ns (Ramulator 2 HBM2_2Gbps nFAW = 15; DRAMsim3 uses 30)
  tWTR_S: 6, // FACTS; DRAMsim3 tWTR_S
  tWTR_L: 8, // FACTS; DRAMsim3 tWTR_L
  tWR: 16, // DRAMsim3 tWR
  tRTW: deriveTRTW(14, 4, 4, 2), // = 14, derived as Ramulator 2 does
  tRTP: 4, // DRAMsim3 tRTP_S
  tRTRS: 0, // one rank: no rank switching
  tRFC: 350, // FACTS: 350 ns (Ramulator 2 HBM2 tRFC table, 8 Gb)
  tREFI: 3900, // FACTS: 3.9 µs (Ramulator 2 nREFI = 3900; DRAMsim3 tREFI = 3900)
  tRFCpb: 160, // Ramulator 2 HBM2_2Gbps nRFCSB = 160 (single-bank refresh REFSB)
  tREFIpb: Math.floor(3900 / 16), // = 243: tREFI / 16 banks
  tRREFD: 8, // Ramulator 2 HBM2_2Gbps nRREFD
  tXP: 8, // DRAMsim3 tXP
  tCKE: 8, // DRAMsim3 tCKE
};

/** HBM2 2.0 Gb/s nanosecond values (1 ns per cycle above) at another clock [derived, unconfirmed]. */
function hbm2At(tCK: number): DramTiming {
  const c = (cyclesAt1ns: number): number => nsToCycles(cyclesAt1ns, tCK);
  const t = HBM2_2Gbps_TIMING;
  return {
    tCK,
    tRCD: c(t.tRCD),
    tRCDWR: c(t.tRCDWR),
    tCL: c(t.tCL),
    tCWL: c(t.tCWL),
    tRP: c(t.tRP),
    tRAS: c(t.tRAS),
    tRC: c(t.tRAS) + c(t.tRP),
    tCCD_S: 2, // BL4 / 2: the burst
    tCCD_L: 4,
    tRRD_S: c(t.tRRD_S),
    tRRD_L: c(t.tRRD_L),
    tFAW: c(t.tFAW),
    tWTR_S: c(t.tWTR_S),
    tWTR_L: c(t.tWTR_L),
    tWR: c(t.tWR),
    tRTW: deriveTRTW(c(t.tCL), c(t.tCWL), 4, 2),
    tRTP: c(t.tRTP),
    tRTRS: 0,
    tRFC: c(t.tRFC),
    tREFI: Math.floor((t.tREFI * 1000) / tCK),
    tRFCpb: c(t.tRFCpb),
    tREFIpb: Math.floor((t.tREFI * 1000) / tCK / 16),
    tRREFD: c(t.tRREFD),
    tXP: c(t.tXP),
    tCKE: c(t.tCKE),
  };
}

/** HBM2 2.4 Gb/s: 1.2 GHz clock (833 ps) [derived, unconfirmed]. */
export const HBM2_2p4Gbps_TIMING: DramTiming = hbm2At(833);

/** HBM2e 3.2 Gb/s (A100 80 GB: ≈3.2 Gb/s/pin, FACTS.md §4): 1.6 GHz clock (625 ps) [derived, unconfirmed]. */
export const HBM2E_3p2Gbps_TIMING: DramTiming = hbm2At(625);

/**
 * HBM3 6.4 Gb/s: 1.6 GHz command clock (625 ps), 4 data transfers per tCK. FACTS.md §4 gives tCK,
 * CL 20, tRCD 31, tRP 26, tRAS 45, tCCD 2/4, tRRD 4/5, tFAW 24, tWTR 7/10, tRFCpb 200 ns, tREFI 3.9 µs;
 * the rest are [unconfirmed] estimates as marked.
 */
export const HBM3_6p4Gbps_TIMING: DramTiming = {
  tCK: 625, // FACTS
  tRCD: 31, // FACTS
  tRCDWR: 31, // [unconfirmed] = tRCD
  tCL: 20, // FACTS
  tCWL: 8, // [unconfirmed]
  tRP: 26, // FACTS
  tRAS: 45, // FACTS
  tRC: 71, // tRAS + tRP
  tCCD_S: 2, // FACTS (= BL8 / 4)
  tCCD_L: 4, // FACTS
  tRRD_S: 4, // FACTS
  tRRD_L: 5, // FACTS
  tFAW: 24, // FACTS
  tWTR_S: 7, // FACTS
  tWTR_L: 10, // FACTS
  tWR: nsToCycles(16, 625), // = 26 [unconfirmed] (HBM2 16 ns)
  tRTW: deriveTRTW(20, 8, 8, 4), // = 16
  tRTP: nsToCycles(5, 625), // = 8 [unconfirmed]
  tRTRS: 0,
  tRFC: nsToCycles(350, 625), // = 560 [unconfirmed] (HBM2 8 Gb value)
  tREFI: 6240, // FACTS 3.9 µs
  tRFCpb: nsToCycles(200, 625), // = 320; FACTS tRFCpb 200 ns
  tREFIpb: 6240 / 16, // = 390: tREFI / 16 banks
  tRREFD: nsToCycles(8, 625), // = 13 [unconfirmed] (HBM2 nRREFD 8 ns)
  tXP: nsToCycles(8, 625), // = 13 [unconfirmed]
  tCKE: nsToCycles(8, 625), // = 13 [unconfirmed]
};

/** HBM2 8 Gb currents per 128-bit legacy channel (one device): DRAMsim3 `configs/HBM2_8Gb_x128.ini` [power]. */
export const HBM2_LEGACY_POWER: DramPower = {
  VDD: 1.2, // DRAMsim3 VDD
  IDD0: 65, // DRAMsim3 IDD0
  IDD2N: 40, // DRAMsim3 IDD2N
  IDD2P: 28, // DRAMsim3 IDD2P
  IDD3N: 55, // DRAMsim3 IDD3N
  IDD3P: 40, // DRAMsim3 IDD3P
  IDD4R: 390, // DRAMsim3 IDD4R
  IDD4W: 500, // DRAMsim3 IDD4W
  IDD5: 250, // DRAMsim3 IDD5AB
  devicesPerRank: 1, // DRAMsim3 device_width 128 = bus_width: one device per channel
  source: 'DRAMsim3 configs/HBM2_8Gb_x128.ini',
};

/**
 * Currents of one pseudo-channel [derived]: half of a legacy channel's (two pseudo-channels share
 * the channel's arrays and background), with the burst currents above IDD3N scaled by `rateFactor`
 * (pseudo-channel bandwidth / HBM2 2.0's 16 GB/s: the same core energy per bit), at `vdd`.
 */
export function hbmPseudoChannelPower(rateFactor: number, vdd: number, note: string): DramPower {
  const p = HBM2_LEGACY_POWER;
  const half = (x: number): number => x / 2;
  return {
    VDD: vdd,
    IDD0: half(p.IDD0),
    IDD2N: half(p.IDD2N),
    IDD2P: half(p.IDD2P),
    IDD3N: half(p.IDD3N),
    IDD3P: half(p.IDD3P),
    IDD4R: half(p.IDD3N) + half(p.IDD4R - p.IDD3N) * rateFactor,
    IDD4W: half(p.IDD3N) + half(p.IDD4W - p.IDD3N) * rateFactor,
    IDD5: half(p.IDD5),
    devicesPerRank: 1,
    source: `DRAMsim3 HBM2_8Gb_x128 currents per pseudo-channel (÷2), burst currents × ${rateFactor} ${note}`,
  };
}

/**
 * HBM I/O: O'Connor et al. MICRO'17 (FGDRAM) break HBM2's 3.97 pJ/bit into 1.21 activation,
 * 2.54 on-die data movement and 0.22 I/O (the breakdown as copied in a public energy model; the
 * paper's figure itself was not read) — used for HBM2/HBM2e, and for HBM3 [unconfirmed].
 */
export const HBM_IO: DramIo = {
  readPJPerBit: 0.22,
  writePJPerBit: 0.22,
  source: "O'Connor MICRO'17 HBM2 breakdown: I/O 0.22 of 3.97 pJ/bit (secondary copy) [unconfirmed for HBM2e/HBM3]",
};
