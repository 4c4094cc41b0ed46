/**
 * GDDR6 (JESD250): one x16 channel (a device has two), 4 bank groups × 4 banks, BL16. CK is a
 * quarter of the pin rate's WCK pair: 14 Gb/s → CK 1.75 GHz (571 ps), 16 Gb/s → 2 GHz (500 ps),
 * so 8 data transfers per tCK and a burst takes 2 tCK. Cycle counts come from Ramulator 2
 * `src/dram/impl/GDDR6.cpp` preset `GDDR6_2000_1350mV_double` (tCK_ps 570: nCL 24, nRCDRD 26,
 * nRCDWR 16, nRP 26, nRAS 53, nRC 79, nWR 26, nRTP 4, nCWL 6, nRRDS/L 7, nWTRS 9, nWTRL 11,
 * nFAW 28, nRFC 210, nRFCpb 105, nRREFD 14, nREFI 3333); 16 Gb/s converts their nanosecond
 * values at 500 ps. Ramulator 2's nCCDS 4 / nCCDL 6 would leave half the bus idle with a 2-tCK
 * burst, so tCCD is taken as 2 / 3 tCK [unconfirmed] (DRAMsim3 GDDR5 uses 2 / 3).
 */
import { deriveTRTW, nsToCycles, type DramIo, type DramOrganization, type DramPower, type DramTiming } from '../standard-types.js';

/** GDDR6 8 Gb x16 channel: Ramulator 2 `GDDR6_8Gb_x16` (2 channels × 4 BG × 4 banks, 2^14 rows, 2^10 columns). */
export const GDDR6_8Gb_x16_ORG: DramOrganization = {
  busWidthBits: 16, // JESD250: two x16 channels per device
  burstLength: 16, // JESD250 BL16
  bankGroups: 4, // Ramulator 2 GDDR6_8Gb_x16
  banksPerGroup: 4,
  rowsPerBank: 16384, // Ramulator 2 GDDR6_8Gb_x16: 1<<14
  columnsPerRow: 1024, // Ramulator 2 GDDR6_8Gb_x16: 1<<10 (2 KiB row)
  ranks: 1,
  pseudoChannels: 1,
  separateRowColumnCommandBuses: false, // JESD250: one CA bus, one command per CK
};

/** GDDR6 14 Gb/s: Ramulator 2 GDDR6_2000_1350mV_double cycle counts at tCK 571 ps. */
export const GDDR6_14_TIMING: DramTiming = {
  tCK: 571, // 1.75 GHz CK; Ramulator 2 tCK_ps 570
  tRCD: 26, // Ramulator 2 nRCDRD
  tRCDWR: 16, // Ramulator 2 nRCDWD
  tCL: 24, // Ramulator 2 nCL
  tCWL: 6, // Ramulator 2 nCWL
  tRP: 26, // Ramulator 2 nRP
  tRAS: 53, // Ramulator 2 nRAS
  tRC: 79, // Ramulator 2 nRC
  tCCD_S: 2, // [unconfirmed] BL16 / 8 (Ramulator 2 nCCDS 4)
  tCCD_L: 3, // [unconfirmed] (Ramulator 2 nCCDL 6; DRAMsim3 GDDR5 tCCD_L 3)
  tRRD_S: 7, // Ramulator 2 nRRDS
  tRRD_L: 7, // Ramulator 2 nRRDL
  tFAW: 28, // Ramulator 2 nFAW
  tWTR_S: 9, // Ramulator 2 nWTRS
  tWTR_L: 11, // Ramulator 2 nWTRL
  tWR: 26, // Ramulator 2 nWR
  tRTW: deriveTRTW(24, 6, 16, 8), // = 22
  tRTP: 4, // Ramulator 2 nRTP
  tRTRS: 2, // [unconfirmed]
  tRFC: 210, // Ramulator 2 nRFC (120 ns)
  tREFI: 3333, // Ramulator 2 nREFI (1.9 µs)
  tRFCpb: 105, // Ramulator 2 nRFCpb
  tREFIpb: Math.floor(3333 / 16), // = 208; tREFI / 16 banks
  tRREFD: 14, // Ramulator 2 nRREFD
  tXP: nsToCycles(7.5, 571), // = 14 [unconfirmed]
  tCKE: nsToCycles(7.5, 571), // = 14 [unconfirmed]
};

/** Converts a GDDR6-14 cycle count (at 570 ps, Ramulator 2's tCK) to cycles of 500 ps. */
const at16 = (cycles14: number): number => nsToCycles((cycles14 * 570) / 1000, 500);

/** GDDR6 16 Gb/s: the 14 Gb/s nanosecond values at tCK 500 ps [derived, unconfirmed]. */
export const GDDR6_16_TIMING: DramTiming = {
  tCK: 500, // 2 GHz CK
  tRCD: at16(26), // = 30
  tRCDWR: at16(16), // = 19
  tCL: at16(24), // = 28
  tCWL: at16(6), // = 7
  tRP: at16(26), // = 30
  tRAS: at16(53), // = 61
  tRC: at16(53) + at16(26), // = 91
  tCCD_S: 2,
  tCCD_L: 3,
  tRRD_S: at16(7), // = 8
  tRRD_L: at16(7),
  tFAW: at16(28), // = 32
  tWTR_S: at16(9), // = 11
  tWTR_L: at16(11), // = 13
  tWR: at16(26), // = 30
  tRTW: deriveTRTW(at16(24), at16(6), 16, 8), // = 25
  tRTP: at16(4), // = 5
  tRTRS: 2,
  tRFC: at16(210), // = 240
  tREFI: Math.floor((3333 * 570) / 500), // = 3799
  tRFCpb: at16(105), // = 120
  tREFIpb: Math.floor((3333 * 570) / 500 / 16), // = 237
  tRREFD: at16(14), // = 16
  tXP: nsToCycles(7.5, 500), // = 15
  tCKE: nsToCycles(7.5, 500),
};

/**
 * GDDR6 currents per x16 channel [unconfirmed]: no GDDR6 IDD table was found; DRAMsim3
 * `configs/GDDR5_8Gb_x32.ini` ("estimates": IDD0 75, IDD2N 45, IDD2P 30, IDD3N 55, IDD3P 40,
 * IDD4R 211, IDD4W 198, IDD5AB 286 for a x32 device at 8 Gb/s) halved per x16 channel, with the
 * read/write currents above IDD3N scaled by the pin rate (14/8), at GDDR6's VDD 1.35 V.
 */
export function gddr6Power(gbps: 14 | 16): DramPower {
  const k = gbps / 8;
  return {
    VDD: 1.35, // JESD250 VDD
    IDD0: 37.5,
    IDD2N: 22.5,
    IDD2P: 15,
    IDD3N: 27.5,
    IDD3P: 20,
    IDD4R: 27.5 + ((211 - 55) / 2) * k, // 164 at 14 Gb/s
    IDD4W: 27.5 + ((198 - 55) / 2) * k, // 152.6 at 14 Gb/s
    IDD5: 143,
    devicesPerRank: 1, // currents are per x16 channel
    source: `[unconfirmed] DRAMsim3 GDDR5_8Gb_x32 estimates per x16 channel, burst currents × ${gbps}/8, VDD 1.35 V`,
  };
}

/**
 * GDDR6 I/O [derived, unconfirmed]: POD135, ½·VDDQ²/(RON 40 Ω + ODT 60 Ω)·t_bit + ¼·2 pF·VDDQ²
 * at VDDQ 1.35 V: 14 Gb/s (71.4 ps/bit) 0.65 + 0.91 = 1.6 pJ/bit; 16 Gb/s 0.57 + 0.91 = 1.5.
 * (Micron quotes ≈7.5 pJ/bit for a whole GDDR6 access, FACTS.md §4 [unconfirmed].)
 */
export function gddr6Io(gbps: 14 | 16): DramIo {
  const pJ = gbps === 14 ? 1.6 : 1.5;
  return { readPJPerBit: pJ, writePJPerBit: pJ, source: `[derived, unconfirmed] POD135 termination ½·VDDQ²/(40+60 Ω)·t_bit + ¼·2 pF·VDDQ², ${gbps} Gb/s` };
}
