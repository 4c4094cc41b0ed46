/**
 * LPDDR5-6400 (JESD209-5B) in bank-group mode: one x16 channel, 4 bank groups × 4 banks, BL16,
 * CK = 800 MHz (tCK 1250 ps) with WCK at 4:1, so 8 data transfers per tCK and a 16-beat burst
 * takes 2 tCK. Sources: FACTS.md §4 (RL 17, tRCD/tRP 15, tRAS 34, tCCD 2/4, tRRD 4, tFAW 20 ns,
 * tWTR 5/10, tRFCab 280 ns, tREFI 3.9 µs, 12.8 GB/s) and Ramulator 2 `src/dram/impl/LPDDR5.cpp`
 * (`LPDDR5_6400`: nCWL 11, nWR 28, nRTP 4; tRFCpb 140 ns, tPBR2PBR 90 ns tables for 16 Gb).
 */
import { deriveTRTW, nsToCycles, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';
import { LPDDR4_3200_POWER } from './lpddr4.js';

/** LPDDR5 16 Gb x16 channel: Ramulator 2 org preset `LPDDR5_16Gb_x16` (4 BG × 4 banks, 2^16 rows, 2^10 columns). */
export const LPDDR5_16Gb_x16_ORG: DramOrganization = {
  busWidthBits: 16, // JESD209-5: x16 channel
  burstLength: 16, // FACTS BL16 (bank-group mode)
  bankGroups: 4, // FACTS 4 BG × 4; Ramulator 2 LPDDR5_16Gb_x16
  banksPerGroup: 4,
  rowsPerBank: 65536, // Ramulator 2 LPDDR5_16Gb_x16: 1<<16
  columnsPerRow: 1024, // Ramulator 2 LPDDR5_16Gb_x16: 1<<10 (2 KiB row)
  ranks: 1,
  pseudoChannels: 1,
  separateRowColumnCommandBuses: false,
};

/** LPDDR5-6400 timing in cycles of CK = 1250 ps. */
export const LPDDR5_6400_TIMING: DramTiming = {
  tCK: 1250, // FACTS (WCK 4:1); Ramulator 2 tCK_ps = 1250
  tRCD: 15, // FACTS; Ramulator 2 nRCD
  tRCDWR: 15,
  tCL: 17, // FACTS RL17 (Ramulator 2 uses nCL 20)
  tCWL: 11, // Ramulator 2 nCWL
  tRP: 15, // FACTS; Ramulator 2 nRPpb
  tRAS: 34, // FACTS; Ramulator 2 nRAS
  tRC: 34 + 15, // tRAS + tRPpb (Ramulator 2's nRC 30 is below its own nRAS, not used)
  tCCD_S: 2, // FACTS (= BL16 / 8 transfers per tCK)
  tCCD_L: 4, // FACTS; Ramulator 2 nCCD
  tRRD_S: 4, // FACTS; Ramulator 2 nRRD
  tRRD_L: 4, // FACTS
  tFAW: 16, // FACTS 20 ns; Ramulator 2 nFAW
  tWTR_S: 5, // FACTS; Ramulator 2 nWTRS
  tWTR_L: 10, // FACTS; Ramulator 2 nWTRL
  tWR: 28, // Ramulator 2 nWR
  tRTW: deriveTRTW(17, 11, 16, 8), // = 10
  tRTP: 4, // Ramulator 2 nRTP
  tRTRS: 2, // Ramulator 2 LPDDR5 nCS = 2 (rank switch)
  tRFC: nsToCycles(280, 1250), // = 224; FACTS 280 ns (16 Gb); Ramulator 2 tRFCab table
  tREFI: Math.floor(3906000 / 1250), // = 3124; Ramulator 2 tREFI_BASE 3906 ns (FACTS 3.9 µs)
  tRFCpb: nsToCycles(140, 1250), // = 112; Ramulator 2 tRFCpb table, 16 Gb
  tREFIpb: Math.floor(3906000 / 1250 / 16), // = 195; tREFI / 16 banks
  tRREFD: nsToCycles(90, 1250), // = 72; Ramulator 2 tPBR2PBR table, 16 Gb
  tXP: nsToCycles(7.5, 1250), // = 6 [unconfirmed]
  tCKE: nsToCycles(7.5, 1250), // = 6 [unconfirmed]
};

/**
 * LPDDR5 currents [unconfirmed]: no cited LPDDR5 memspec was found (DRAMPower's lpddr5.json is a
 * test fixture). The LPDDR4-3200 Micron memspec currents with VDD2 = 1.05 V (LPDDR5 VDD2H) and the
 * read/write burst currents above IDD3N doubled (twice the data rate at about the same energy per
 * bit): IDD4R 30 + 2 × 245 = 520, IDD4W 30 + 2 × 180 = 390.
 */
export const LPDDR5_6400_POWER: DramPower = {
  ...LPDDR4_3200_POWER,
  VDD: 1.05,
  IDD4R: 520,
  IDD4W: 390,
  source: '[unconfirmed] MICRON_6Gb_LPDDR4-3200 memspec currents, VDD2 1.05 V, IDD4R/IDD4W − IDD3N × 2',
};

/**
 * LPDDR5 I/O [derived, unconfirmed]: the LPDDR4 VDDQ-current figures (3.2 / 1.2 pJ/bit at 1.1 V)
 * scaled by (0.5 V / 1.1 V)² for LPDDR5's 0.5 V VDDQ: 0.66 and 0.24 pJ/bit.
 */
export const LPDDR5_IO: DramIo = {
  readPJPerBit: 0.66,
  writePJPerBit: 0.24,
  source: '[derived, unconfirmed] LPDDR4 memspec VDDQ figures × (0.5 V / 1.1 V)²',
};
