/**
 * LPDDR4 (JESD209-4): one x16 channel (a die has two), 8 banks without bank groups, BL16. Timing
 * and currents at 3200 MT/s come from the DRAMPower memspec `MICRON_6Gb_LPDDR4-3200_32bit_A`
 * (clkMhz 1600: RCD 29, RL 28, WL 14, RPpb 29, RAS 68, RC 97, RRD 16, FAW 64, CCD 8, WTR 16,
 * WR 29, RTP 12, RFCab 448, RFCpb 224, REFIab 6246, REFIpb 780, XP 12, CKE 12). 4266 MT/s uses the
 * same nanosecond values at tCK = 469 ps with the JEDEC RL/WL of that bin [unconfirmed].
 */
import { deriveTRTW, nsToCycles, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';

/** LPDDR4 8 Gb x16 channel: 8 banks, 64K rows, 1K columns of 16 bits (2 KiB row) (JESD209-4 8 Gb per-channel addressing). */
export const LPDDR4_8Gb_x16_ORG: DramOrganization = {
  busWidthBits: 16, // JESD209-4: x16 channel (DRAMPower memspec width 16)
  burstLength: 16, // JESD209-4 BL16 (memspec burstLength 16)
  bankGroups: 1, // LPDDR4 has no bank groups
  banksPerGroup: 8, // memspec nbrOfBanks 8
  rowsPerBank: 65536, // 8 Gb per channel (the memspec's 6 Gb part has 49152)
  columnsPerRow: 1024, // memspec nbrOfColumns 1024
  ranks: 1,
  pseudoChannels: 1,
  separateRowColumnCommandBuses: false, // one 6-bit CA bus
};

/** LPDDR4-3200: DRAMPower memspec MICRON_6Gb_LPDDR4-3200_32bit_A (cycles of 625 ps). */
export const LPDDR4_3200_TIMING: DramTiming = {
  tCK: 625, // memspec clkMhz 1600
  tRCD: 29, // memspec RCD
  tRCDWR: 29,
  tCL: 28, // memspec RL
  tCWL: 14, // memspec WL
  tRP: 29, // memspec RPPB (PREA uses the same here; RPAB = 34)
  tRAS: 68, // memspec RAS
  tRC: 97, // memspec RC
  tCCD_S: 8, // memspec CCD (= BL16 / 2)
  tCCD_L: 8, // no bank groups: same as tCCD_S
  tRRD_S: 16, // memspec RRD (10 ns)
  tRRD_L: 16,
  tFAW: 64, // memspec FAW (40 ns)
  tWTR_S: 16, // memspec WTR (10 ns)
  tWTR_L: 16,
  tWR: 29, // memspec WR (18 ns)
  tRTW: deriveTRTW(28, 14, 16, 2), // = 24
  tRTP: 12, // memspec RTP (7.5 ns)
  tRTRS: 2, // [unconfirmed]
  tRFC: 448, // memspec RFCAB (280 ns)
  tREFI: 6246, // memspec REFIAB (3.9 µs)
  tRFCpb: 224, // memspec RFCPB (140 ns)
  tREFIpb: 780, // memspec REFIPB (tREFI / 8)
  tRREFD: nsToCycles(90, 625), // = 144; tpbR2pbR 90 ns (Ramulator 2 LPDDR5 tPBR2PBR table, 8 Gb) [unconfirmed for LPDDR4]
  tXP: 12, // memspec XP
  tCKE: 12, // memspec CKE
};

const CK4266 = 469; // 2133 MHz → 468.8 ps

/** LPDDR4-4266: the 3200 memspec's nanosecond values at 469 ps; RL 36 / WL 18 (JESD209-4 set A) [unconfirmed]. */
export const LPDDR4_4266_TIMING: DramTiming = {
  tCK: CK4266,
  tRCD: nsToCycles(18, CK4266), // = 39
  tRCDWR: nsToCycles(18, CK4266),
  tCL: 36, // JESD209-4 RL at 4266 (DBI off) [unconfirmed]
  tCWL: 18, // JESD209-4 WL set A at 4266 [unconfirmed]
  tRP: nsToCycles(18, CK4266), // = 39
  tRAS: nsToCycles(42, CK4266), // = 90
  tRC: nsToCycles(42, CK4266) + nsToCycles(18, CK4266), // = 129
  tCCD_S: 8, // BL16 / 2
  tCCD_L: 8,
  tRRD_S: nsToCycles(10, CK4266), // = 22
  tRRD_L: nsToCycles(10, CK4266),
  tFAW: nsToCycles(40, CK4266), // = 86
  tWTR_S: nsToCycles(10, CK4266), // = 22
  tWTR_L: nsToCycles(10, CK4266),
  tWR: nsToCycles(18, CK4266), // = 39
  tRTW: deriveTRTW(36, 18, 16, 2), // = 28
  tRTP: nsToCycles(7.5, CK4266), // = 16
  tRTRS: 2, // [unconfirmed]
  tRFC: nsToCycles(280, CK4266), // = 598
  tREFI: Math.floor(3904000 / CK4266), // = 8324 (3.904 µs)
  tRFCpb: nsToCycles(140, CK4266), // = 299
  tREFIpb: Math.floor(3904000 / CK4266 / 8), // = 1040
  tRREFD: nsToCycles(90, CK4266), // = 192 [unconfirmed]
  tXP: nsToCycles(7.5, CK4266), // = 16
  tCKE: nsToCycles(7.5, CK4266), // = 16
};

/**
 * LPDDR4 currents per x16 channel die: DRAMPower memspec MICRON_6Gb_LPDDR4-3200_32bit_A, VDD2 = 1.1 V
 * (main rail: idd02 45, idd2n2 27, idd2p2 3, idd3n2 30, idd3p2 9, idd4r2 275, idd4w2 210, idd52 90)
 * and VDD1 = 1.8 V (idd0 3.5, idd2n 2, idd2p 1.2, idd3n 2.25, idd3p 1.2, idd4r 2.25, idd4w 2.25, idd5 10).
 */
export const LPDDR4_3200_POWER: DramPower = {
  VDD: 1.1, IDD0: 45, IDD2N: 27, IDD2P: 3, IDD3N: 30, IDD3P: 9, IDD4R: 275, IDD4W: 210, IDD5: 90,
  extraRails: [{ VDD: 1.8, IDD0: 3.5, IDD2N: 2, IDD2P: 1.2, IDD3N: 2.25, IDD3P: 1.2, IDD4R: 2.25, IDD4W: 2.25, IDD5: 10 }],
  devicesPerRank: 1,
  source: 'DRAMPower memspec MICRON_6Gb_LPDDR4-3200_32bit_A (VDD2 1.1 V + VDD1 1.8 V)',
};

/**
 * LPDDR4-4266 currents [unconfirmed]: the 3200 memspec with the read/write burst currents above
 * IDD3N scaled by 4266/3200 (the same energy per bit at a higher rate): IDD4R 30 + 245 × 1.333 = 357,
 * IDD4W 30 + 180 × 1.333 = 270.
 */
export const LPDDR4_4266_POWER: DramPower = {
  ...LPDDR4_3200_POWER,
  IDD4R: 357,
  IDD4W: 270,
  source: '[unconfirmed] MICRON_6Gb_LPDDR4-3200 memspec, IDD4R/IDD4W − IDD3N scaled by 4266/3200',
};

/**
 * LPDDR4 I/O energy from the same memspec's VDDQ (1.1 V) burst currents: read idd4rq 150 mA,
 * write idd4wq 55 mA over 16 pins × 3.2 Gb/s: 1.1 × 0.150 / 51.2e9 = 3.2 pJ/bit read,
 * 1.1 × 0.055 / 51.2e9 = 1.2 pJ/bit write (used at 4266 too [unconfirmed]).
 */
export const LPDDR4_IO: DramIo = {
  readPJPerBit: 3.2,
  writePJPerBit: 1.2,
  source: 'DRAMPower memspec MICRON_6Gb_LPDDR4-3200: VDDQ·IDD4RQ (150 mA) and VDDQ·IDD4WQ (55 mA) per 51.2 Gb/s',
};
