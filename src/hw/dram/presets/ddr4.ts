/**
 * DDR4 (JESD79-4) presets: one 64-bit rank of eight 8 Gb x8 devices at 2400, 2666 and 3200 MT/s.
 * Sources per constant: FACTS.md §4 (which cites the Ramulator 2 and DRAMsim3 presets and JESD79-4),
 * Ramulator 2 `src/dram/impl/DDR4.cpp` (timing presets DDR4_2400R / DDR4_2666V / DDR4_3200AA and
 * its JESD79-4 x8 tables for nRRDS / nRRDL / nFAW) and DRAMsim3 `configs/DDR4_8Gb_x8_{2400,2666,3200}.ini`.
 */
import { deriveTRTW, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';

/**
 * DDR4 8 Gb x8 rank: Ramulator 2 org preset `DDR4_8Gb_x8` (4 BG × 4 banks, 2^16 rows, 2^10
 * columns per device) and DRAMsim3 `DDR4_8Gb_x8_2400.ini` (same), eight devices on a 64-bit bus.
 * Row size per rank = 1024 columns × 8 bytes = 8 KiB.
 */
export const DDR4_8Gb_x8_ORG: DramOrganization = {
  busWidthBits: 64, // JESD79-4 DIMM channel: 8 devices × x8
  burstLength: 8, // JESD79-4 BL8 (Ramulator 2 nBL = 4 tCK)
  bankGroups: 4, // JESD79-4 x8: 4 bank groups
  banksPerGroup: 4, // JESD79-4 x8: 4 banks per group
  rowsPerBank: 65536, // 8 Gb x8: 64K rows (Ramulator 2 DDR4_8Gb_x8; DRAMsim3 rows = 65536)
  columnsPerRow: 1024, // 8 Gb x8: 1K columns, 1 KB page per device (JESD79-4 addressing table)
  ranks: 1, // one rank per channel by default (override `ranks` for dual-rank DIMMs)
  pseudoChannels: 1,
  separateRowColumnCommandBuses: false, // one CA bus: one command per tCK
};

/**
 * DDR4-2400 16-16-16 (speed bin 2400R). Sources: FACTS.md §4 table; Ramulator 2 `DDR4_2400R` and
 * its JESD79-4 tables for x8 (tRRD_S/L, tFAW); DRAMsim3 `configs/DDR4_8Gb_x8_2400.ini`.
 */
export const DDR4_2400R_TIMING: DramTiming = {
  tCK: 833, // 1200 MHz clock, 2400 MT/s (Ramulator 2 tCK_ps = 833; DRAMsim3 tCK = 0.833 ns)
  tRCD: 16, // Ramulator 2 DDR4_2400R nRCD; DRAMsim3 tRCD
  tRCDWR: 16, // DDR4 has one tRCD
  tCL: 16, // Ramulator 2 nCL; DRAMsim3 CL
  tCWL: 12, // Ramulator 2 nCWL = 12 (JESD79-4 CWL set 1 at 2400; DRAMsim3 uses 16, set 2)
  tRP: 16, // Ramulator 2 nRP; DRAMsim3 tRP
  tRAS: 39, // Ramulator 2 nRAS; DRAMsim3 tRAS (32 ns)
  tRC: 55, // Ramulator 2 nRC = tRAS + tRP
  tCCD_S: 4, // Ramulator 2 nCCDS; DRAMsim3 tCCD_S
  tCCD_L: 6, // Ramulator 2 nCCDL; DRAMsim3 tCCD_L
  tRRD_S: 4, // Ramulator 2 JESD79-4 table nRRDS (x8, 2400); DRAMsim3 tRRD_S
  tRRD_L: 6, // Ramulator 2 nRRDL (x8, 2400); DRAMsim3 tRRD_L
  tFAW: 26, // Ramulator 2 nFAW (x8, 2400, 21 ns); DRAMsim3 tFAW
  tWTR_S: 3, // Ramulator 2 nWTRS; DRAMsim3 tWTR_S
  tWTR_L: 9, // Ramulator 2 nWTRL; DRAMsim3 tWTR_L
  tWR: 18, // Ramulator 2 nWR (15 ns)
  tRTW: deriveTRTW(16, 12, 8, 2), // = 10, derived as Ramulator 2 does (RD→WR, tWPRE = 1 tCK)
  tRTP: 9, // Ramulator 2 nRTP (7.5 ns)
  tRTRS: 2, // DRAMsim3 DDR4_8Gb_x8_2400.ini tRTRS
  tRFC: 420, // 350 ns for 8 Gb (JESD79-4 tRFC1; DRAMsim3 tRFC = 420 "350ns"; Ramulator 2 rounds to 421)
  tREFI: 9364, // 7.8 µs (JESD79-4, 0–85 °C); Ramulator 2 JEDEC_rounding and DRAMsim3 both give 9364
  tRFCpb: 0, // DDR4 has no per-bank refresh
  tREFIpb: 0,
  tRREFD: 0,
  tXP: 8, // DRAMsim3 tXP = max(4 nCK, 6 ns)
  tCKE: 6, // DRAMsim3 tCKE = max(3 nCK, 5 ns)
};

/** DDR4-2666 19-19-19 (bin 2666V). Sources: Ramulator 2 `DDR4_2666V` + x8 tables; DRAMsim3 `DDR4_8Gb_x8_2666.ini`. */
export const DDR4_2666V_TIMING: DramTiming = {
  tCK: 750, // 1333 MHz; Ramulator 2 tCK_ps = 750; DRAMsim3 tCK = 0.75
  tRCD: 19, // Ramulator 2 DDR4_2666V nRCD; DRAMsim3 tRCD
  tRCDWR: 19,
  tCL: 19, // Ramulator 2 nCL; DRAMsim3 CL
  tCWL: 14, // Ramulator 2 nCWL; DRAMsim3 CWL
  tRP: 19, // Ramulator 2 nRP; DRAMsim3 tRP
  tRAS: 43, // Ramulator 2 nRAS; DRAMsim3 tRAS
  tRC: 62, // Ramulator 2 nRC
  tCCD_S: 4, // Ramulator 2 nCCDS; DRAMsim3 tCCD_S
  tCCD_L: 7, // Ramulator 2 nCCDL; DRAMsim3 tCCD_L
  tRRD_S: 4, // Ramulator 2 nRRDS table (x8, 2666); DRAMsim3 tRRD_S
  tRRD_L: 7, // Ramulator 2 nRRDL table (x8, 2666); DRAMsim3 tRRD_L
  tFAW: 28, // Ramulator 2 nFAW table (x8, 2666); DRAMsim3 tFAW
  tWTR_S: 4, // Ramulator 2 nWTRS; DRAMsim3 tWTR_S
  tWTR_L: 10, // Ramulator 2 nWTRL; DRAMsim3 tWTR_L
  tWR: 20, // Ramulator 2 nWR; DRAMsim3 tWR
  tRTW: deriveTRTW(19, 14, 8, 2), // = 9
  tRTP: 10, // Ramulator 2 nRTP; DRAMsim3 tRTP
  tRTRS: 1, // DRAMsim3 tRTRS
  tRFC: 467, // 350 ns (JESD79-4 tRFC1, 8 Gb); DRAMsim3 tRFC = 467
  tREFI: 10398, // 7.8 µs; DRAMsim3 tREFI
  tRFCpb: 0,
  tREFIpb: 0,
  tRREFD: 0,
  tXP: 8, // DRAMsim3 tXP
  tCKE: 7, // DRAMsim3 tCKE
};

/** DDR4-3200 22-22-22 (bin 3200AA). Sources: FACTS.md §4; Ramulator 2 `DDR4_3200AA` + x8 tables; DRAMsim3 `DDR4_8Gb_x8_3200.ini`. */
export const DDR4_3200AA_TIMING: DramTiming = {
  tCK: 625, // 1600 MHz (FACTS; Ramulator 2 tCK_ps = 625)
  tRCD: 22, // FACTS; Ramulator 2 nRCD; DRAMsim3 tRCD
  tRCDWR: 22,
  tCL: 22, // FACTS; Ramulator 2 nCL; DRAMsim3 CL
  tCWL: 16, // Ramulator 2 nCWL; DRAMsim3 CWL
  tRP: 22, // FACTS; Ramulator 2 nRP; DRAMsim3 tRP
  tRAS: 52, // FACTS; Ramulator 2 nRAS; DRAMsim3 tRAS
  tRC: 74, // Ramulator 2 nRC
  tCCD_S: 4, // FACTS; Ramulator 2 nCCDS
  tCCD_L: 8, // FACTS; Ramulator 2 nCCDL; DRAMsim3 tCCD_L
  tRRD_S: 4, // FACTS; Ramulator 2 nRRDS table (x8, 3200)
  tRRD_L: 8, // FACTS; Ramulator 2 nRRDL table (x8, 3200)
  tFAW: 34, // FACTS; Ramulator 2 nFAW table (x8, 3200); DRAMsim3 tFAW
  tWTR_S: 4, // FACTS; Ramulator 2 nWTRS
  tWTR_L: 12, // FACTS; Ramulator 2 nWTRL
  tWR: 24, // Ramulator 2 nWR; DRAMsim3 tWR
  tRTW: deriveTRTW(22, 16, 8, 2), // = 12
  tRTP: 12, // Ramulator 2 nRTP; DRAMsim3 tRTP
  tRTRS: 1, // DRAMsim3 tRTRS
  tRFC: 560, // 350 ns (FACTS "same"; DRAMsim3 tRFC = 560)
  tREFI: 12480, // 7.8 µs (DRAMsim3 tREFI)
  tRFCpb: 0,
  tREFIpb: 0,
  tRREFD: 0,
  tXP: 10, // DRAMsim3 tXP
  tCKE: 8, // DRAMsim3 tCKE
};

/**
 * Device currents of a Micron 4 Gb DDR4-2400 x8 (DRAMPower memspec `MICRON_4Gb_DDR4-2400_8bit_A`,
 * via FACTS.md §4; IDD2P/IDD3P from the same memspec). They are for the 4 Gb part: the closest
 * cited figures for the 8 Gb organisation above.
 */
export const DDR4_2400_x8_POWER: DramPower = {
  VDD: 1.2, // JESD79-4 VDD
  IDD0: 60.75, // DRAMPower memspec, Micron 4 Gb DDR4-2400 x8
  IDD2N: 38.25, // same source
  IDD2P: 17, // same source (idd2p)
  IDD3N: 44, // same source
  IDD3P: 22.5, // same source (idd3p)
  IDD4R: 184.5, // same source
  IDD4W: 168.75, // same source
  IDD5: 118, // same source (idd5B)
  devicesPerRank: 8, // 64-bit rank of x8 devices
  source: 'DRAMPower memspec MICRON_4Gb_DDR4-2400_8bit_A (FACTS.md §4)',
};

/** DDR4-2666 8 Gb x8 currents: DRAMsim3 `configs/DDR4_8Gb_x8_2666.ini` [power]. */
export const DDR4_2666_x8_POWER: DramPower = {
  VDD: 1.2, // DRAMsim3 VDD
  IDD0: 51, // DRAMsim3 IDD0
  IDD2N: 35, // DRAMsim3 IDD2N
  IDD2P: 25, // DRAMsim3 IDD2P
  IDD3N: 46, // DRAMsim3 IDD3N
  IDD3P: 39, // DRAMsim3 IDD3P
  IDD4R: 146, // DRAMsim3 IDD4R
  IDD4W: 132, // DRAMsim3 IDD4W
  IDD5: 250, // DRAMsim3 IDD5AB
  devicesPerRank: 8,
  source: 'DRAMsim3 configs/DDR4_8Gb_x8_2666.ini',
};

/** DDR4-3200 8 Gb x8 currents: DRAMsim3 `configs/DDR4_8Gb_x8_3200.ini` [power]. */
export const DDR4_3200_x8_POWER: DramPower = {
  VDD: 1.2, // DRAMsim3 VDD
  IDD0: 57, // DRAMsim3 IDD0
  IDD2N: 37, // DRAMsim3 IDD2N
  IDD2P: 25, // DRAMsim3 IDD2P
  IDD3N: 52, // DRAMsim3 IDD3N
  IDD3P: 43, // DRAMsim3 IDD3P
  IDD4R: 168, // DRAMsim3 IDD4R
  IDD4W: 150, // DRAMsim3 IDD4W
  IDD5: 250, // DRAMsim3 IDD5AB
  devicesPerRank: 8,
  source: 'DRAMsim3 configs/DDR4_8Gb_x8_3200.ini',
};

/**
 * DDR4 I/O energy [derived, unconfirmed]: POD termination of a DQ driven low, ½ of the bits,
 * VDDQ² / (RON 34 Ω + RTT 48 Ω) × bit time, plus ¼ · C · VDDQ² for C = 2 pF of pin and trace
 * (half the bits toggle, half of those charge the line), VDDQ = 1.2 V (JESD79-4). At 2400 MT/s
 * (416.7 ps per bit): 3.66 + 0.72 = 4.4 pJ/bit; at 2666: 3.29 + 0.72 = 4.0; at 3200: 2.74 + 0.72 = 3.5.
 */
export function ddr4Io(mtPerS: 2400 | 2666 | 3200): DramIo {
  const pJ = { 2400: 4.4, 2666: 4.0, 3200: 3.5 }[mtPerS];
  return {
    readPJPerBit: pJ,
    writePJPerBit: pJ,
    source: `[derived, unconfirmed] POD termination ½·VDDQ²/(34+48 Ω)·t_bit + ¼·2 pF·VDDQ², VDDQ 1.2 V, ${mtPerS} MT/s`,
  };
}
