/**
 * DDR5-4800 (JESD79-5): one 32-bit sub-channel of four 16 Gb x8 devices (a DIMM has two). Ramulator 2
 * ships DDR5 presets only up to 3200 (`src/dram/impl/DDR5.cpp`), so the 4800B bin's nanosecond values
 * are converted here at tCK = 417 ps; values not confirmed against a cited preset are marked.
 */
import { deriveTRTW, nsToCycles, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';

/** DDR5 16 Gb x8 sub-channel: Ramulator 2 org preset `DDR5_16Gb_x8` (8 BG × 4 banks, 2^16 rows, 2^10 columns), 4 devices × x8. */
export const DDR5_16Gb_x8_ORG: DramOrganization = {
  busWidthBits: 32, // JESD79-5: two independent 32-bit sub-channels per DIMM (ECC bits not modelled)
  burstLength: 16, // JESD79-5 BL16 (Ramulator 2 DDR5 nBL = 8 tCK)
  bankGroups: 8, // Ramulator 2 DDR5_16Gb_x8
  banksPerGroup: 4, // Ramulator 2 DDR5_16Gb_x8
  rowsPerBank: 65536, // Ramulator 2 DDR5_16Gb_x8: 1<<16 rows
  columnsPerRow: 1024, // Ramulator 2 DDR5_16Gb_x8: 1<<10 columns; 4 devices → 4 KiB row per sub-channel
  ranks: 1,
  pseudoChannels: 1,
  separateRowColumnCommandBuses: false, // one CA bus per sub-channel
};

const CK = 417; // 2400 MHz → 416.7 ps, rounded to integer ps

/**
 * DDR5-4800B (40-39-39). The CL/tRCD/tRP triple, tRAS 32 ns, tRFC1 295 ns (16 Gb) and tREFI 3.9 µs
 * are the JESD79-5 values Ramulator 2 also tabulates (tRFC_TABLE, tREFI_BASE = 3900); the rest are
 * JESD79-5 minima as remembered [unconfirmed] and marked so.
 */
export const DDR5_4800B_TIMING: DramTiming = {
  tCK: CK,
  tRCD: 39, // JESD79-5 4800B tRCD 16 ns [unconfirmed bin]
  tRCDWR: 39,
  tCL: 40, // JESD79-5 4800B CL 40 [unconfirmed bin]
  tCWL: 38, // JESD79-5: CWL = CL − 2 (Ramulator 2 DDR5_3200AN: CL 24, CWL 22)
  tRP: 39, // JESD79-5 4800B tRP 16 ns [unconfirmed bin]
  tRAS: nsToCycles(32, CK), // = 77; 32 ns (Ramulator 2 DDR5_3200: nRAS 52 = 32 ns)
  tRC: 77 + 39, // tRAS + tRP
  tCCD_S: 8, // Ramulator 2 DDR5 nCCDS = 8 (= BL16 / 2)
  tCCD_L: 12, // max(8 nCK, 5 ns) [unconfirmed at 4800]
  tRRD_S: 8, // Ramulator 2 DDR5 nRRDS = 8
  tRRD_L: 12, // max(8 nCK, 5 ns) [unconfirmed at 4800]
  tFAW: 32, // x8: max(32 nCK, 13.3 ns) (Ramulator 2 nFAW table x8 @3200 = 32) [unconfirmed at 4800]
  tWTR_S: nsToCycles(2.5, CK), // = 6 [unconfirmed]
  tWTR_L: nsToCycles(10, CK), // = 24 [unconfirmed]
  tWR: nsToCycles(30, CK), // = 72; 30 ns (Ramulator 2 DDR5_3200 nWR 48 = 30 ns)
  tRTW: deriveTRTW(40, 38, 16, 2), // = 12
  tRTP: nsToCycles(7.5, CK), // = 18; 7.5 ns (Ramulator 2 DDR5_3200 nRTP 12 = 7.5 ns)
  tRTRS: 2, // [unconfirmed]
  tRFC: nsToCycles(295, CK), // = 708; Ramulator 2 DDR5 tRFC_TABLE 16 Gb: 295 ns
  tREFI: Math.floor((3900 * 1000) / CK), // = 9352; Ramulator 2 DDR5 tREFI_BASE = 3900 ns
  tRFCpb: 0, // same-bank refresh (REFsb, one bank in every bank group) is not modelled
  tREFIpb: 0,
  tRREFD: 0,
  tXP: nsToCycles(7.5, CK), // = 18 [unconfirmed]
  tCKE: nsToCycles(5, CK), // = 12 [unconfirmed]
};

/**
 * DDR5 x8 currents: Ramulator 2 `DDR5-RVRR.cpp` (and DDR5 power model) `current_presets` "Default"
 * with `voltage_presets` VDD 1.1 V (VPP rail not modelled). IDD2P/IDD3P are not in that preset: they
 * are scaled from the DDR4-2400 memspec ratios IDD2P/IDD2N = 0.44 and IDD3P/IDD3N = 0.51 [unconfirmed].
 */
export const DDR5_x8_POWER: DramPower = {
  VDD: 1.1, // Ramulator 2 DDR5 voltage_presets Default
  IDD0: 60, // Ramulator 2 DDR5 current_presets Default
  IDD2N: 50, // same
  IDD2P: 22, // [unconfirmed] 0.44 × IDD2N
  IDD3N: 55, // Ramulator 2 Default
  IDD3P: 28, // [unconfirmed] 0.51 × IDD3N
  IDD4R: 145, // Ramulator 2 Default
  IDD4W: 145, // Ramulator 2 Default
  IDD5: 362, // Ramulator 2 Default IDD5B
  devicesPerRank: 4, // 32-bit sub-channel of x8 devices
  source: 'Ramulator 2 DDR5 current_presets Default (VDD 1.1 V); IDD2P/IDD3P [unconfirmed]',
};

/**
 * DDR5 I/O energy [derived, unconfirmed]: as for DDR4 (½·VDDQ²/(34+48 Ω)·t_bit + ¼·2 pF·VDDQ²)
 * with VDDQ = 1.1 V (JESD79-5) and 208.3 ps per bit: 1.54 + 0.61 = 2.1 pJ/bit.
 */
export const DDR5_4800_IO: DramIo = {
  readPJPerBit: 2.1,
  writePJPerBit: 2.1,
  source: '[derived, unconfirmed] POD termination ½·VDDQ²/(34+48 Ω)·t_bit + ¼·2 pF·VDDQ², VDDQ 1.1 V, 4800 MT/s',
};
