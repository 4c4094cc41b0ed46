/**
 * DRAM standard presets, in the shape Ramulator 2 uses: an organisation preset (how the channel is
 * built) plus a timing preset (JEDEC timing in clock cycles of tCK). Bandwidth and latency are never
 * typed in: the channel model derives them from these numbers.
 *
 * To add a standard (DDR5, LPDDR5, GDDR6, HBM3, ...): write one organisation constant, one timing
 * constant (each number with its source) and one entry in `DRAM_STANDARDS`. Standards whose
 * command protocol differs (per-bank refresh, WCK clocking, pseudo-channels) need a matching
 * option in the channel model first; see docs/dram.md.
 */

/** How one channel is organised (one rank of devices driving one data bus). */
export interface DramOrganization {
  /** Width of the channel's data bus in bits (DDR4 DIMM: 64; HBM2 legacy channel: 128). */
  busWidthBits: number;
  /** Burst length BL: data-bus transfers per column command (DDR4: BL8; HBM2: BL4). */
  burstLength: number;
  /** Bank groups per rank. */
  bankGroups: number;
  /** Banks in each bank group. */
  banksPerGroup: number;
  /** Rows in each bank. */
  rowsPerBank: number;
  /** Columns in each row, counted in transfers of `busWidthBits` (row size = columnsPerRow × busWidthBits / 8 bytes). */
  columnsPerRow: number;
  /** Ranks sharing the channel. Only 1 is modelled today. */
  ranks: number;
  /**
   * Whether row commands (ACT, PRE, REF) and column commands (RD, WR) travel on separate command
   * buses and so may issue in the same tCK (HBM: JESD235 row/column command interfaces). When
   * false one command bus carries one command per tCK (DDR4).
   */
  separateRowColumnCommandBuses: boolean;
}

/**
 * JEDEC timing of a standard. `tCK` is the command-clock period in integer picoseconds; every other
 * field is a whole number of tCK cycles (the names are the JEDEC ones).
 */
export interface DramTiming {
  /** Command clock period, integer ps. */
  tCK: number;
  /** ACT to RD/WR, same bank. */
  tRCD: number;
  /** CAS (read) latency: RD to first data. */
  tCL: number;
  /** CAS write latency: WR to first write data. */
  tCWL: number;
  /** PRE to ACT, same bank. */
  tRP: number;
  /** ACT to PRE, same bank (minimum row-open time). */
  tRAS: number;
  /** ACT to ACT, same bank (tRAS + tRP in the presets). */
  tRC: number;
  /** Column command to column command, different bank groups. */
  tCCD_S: number;
  /** Column command to column command, same bank group. */
  tCCD_L: number;
  /** ACT to ACT, different bank groups. */
  tRRD_S: number;
  /** ACT to ACT, same bank group. */
  tRRD_L: number;
  /** Four-activate window: at most 4 ACTs in any window of tFAW. */
  tFAW: number;
  /** End of write data to RD, different bank groups. */
  tWTR_S: number;
  /** End of write data to RD, same bank group. */
  tWTR_L: number;
  /** Write recovery: end of write data to PRE, same bank. */
  tWR: number;
  /** RD to WR, any bank: tCL + BL/dataRate + 2 − tCWL (derived; Ramulator 2 DDR4/HBM2, tWPRE = 1 tCK + 1 tCK bus turnaround). */
  tRTW: number;
  /** RD to PRE, same bank. */
  tRTP: number;
  /** All-bank refresh cycle time: REF to the next ACT or REF. */
  tRFC: number;
  /** Average refresh interval. */
  tREFI: number;
}

/** Names of the `DramTiming` fields, for validation and error messages. */
export const DRAM_TIMING_KEYS: readonly (keyof DramTiming)[] = [
  'tCK', 'tRCD', 'tCL', 'tCWL', 'tRP', 'tRAS', 'tRC', 'tCCD_S', 'tCCD_L', 'tRRD_S', 'tRRD_L',
  'tFAW', 'tWTR_S', 'tWTR_L', 'tWR', 'tRTW', 'tRTP', 'tRFC', 'tREFI',
];

/**
 * IDD currents (mA) and supply voltage of one device, for power/ (energy formulas as in
 * DRAMPower / DRAMsim3). Currents are per device; a rank has `devicesPerRank` devices.
 */
export interface DramPower {
  /** Core supply voltage, V. */
  VDD: number;
  /** One-bank ACT-PRE current, mA. */
  IDD0: number;
  /** Precharge standby current, mA. */
  IDD2N: number;
  /** Active standby current, mA. */
  IDD3N: number;
  /** Burst read current, mA. */
  IDD4R: number;
  /** Burst write current, mA. */
  IDD4W: number;
  /** Refresh (burst) current, mA. */
  IDD5: number;
  /** Devices that make up one rank (64-bit DIMM of x8 devices: 8). */
  devicesPerRank: number;
}

/** A DRAM standard at one speed grade: organisation, timing, and (where known) device currents. */
export interface DramStandard {
  /** Preset name, e.g. `DDR4-2400`. */
  name: string;
  /** Channel organisation. */
  organization: DramOrganization;
  /** JEDEC timing in tCK cycles. */
  timing: DramTiming;
  /** Data transfers per tCK on the data bus (2 for double data rate). */
  dataRate: number;
  /** Device currents, when a cited source gives them. */
  power?: DramPower;
}

/** Derived RD-to-WR turnaround as Ramulator 2 uses it: tCL + tBurst + 2 − tCWL (cycles). */
export function deriveTRTW(tCL: number, tCWL: number, burstLength: number, dataRate: number): number {
  return tCL + burstLength / dataRate + 2 - tCWL;
}

// ---------------------------------------------------------------------------------------------
// DDR4-2400 (JESD79-4). One 64-bit rank of eight 8 Gb x8 devices.
// ---------------------------------------------------------------------------------------------

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
  ranks: 1,
  separateRowColumnCommandBuses: false, // one CA bus: one command per tCK
};

/**
 * DDR4-2400 16-16-16 (speed bin 2400R). Sources: FACTS.md §4 table; Ramulator 2
 * `src/dram/impl/DDR4.cpp` timing preset `DDR4_2400R` and its JESD79-4 tables for x8
 * (tRRD_S/L, tFAW); DRAMsim3 `configs/DDR4_8Gb_x8_2400.ini`.
 */
export const DDR4_2400R_TIMING: DramTiming = {
  tCK: 833, // 1200 MHz clock, 2400 MT/s (Ramulator 2 tCK_ps = 833; DRAMsim3 tCK = 0.833 ns)
  tRCD: 16, // Ramulator 2 DDR4_2400R nRCD; DRAMsim3 tRCD
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
  tRFC: 420, // 350 ns for 8 Gb (JESD79-4 tRFC1; DRAMsim3 tRFC = 420 "350ns"; Ramulator 2 rounds to 421)
  tREFI: 9364, // 7.8 µs (JESD79-4, 0–85 °C); Ramulator 2 JEDEC_rounding and DRAMsim3 both give 9364
};

/**
 * Device currents of a Micron 4 Gb DDR4-2400 x8 (DRAMPower memspec, via FACTS.md §4). They are
 * for the 4 Gb part: the closest cited figures for the 8 Gb organisation above.
 */
export const DDR4_2400_x8_POWER: DramPower = {
  VDD: 1.2, // JESD79-4 VDD
  IDD0: 60.75, // DRAMPower memspec, Micron 4 Gb DDR4-2400 x8
  IDD2N: 38.25, // same source
  IDD3N: 44, // same source
  IDD4R: 184.5, // same source
  IDD4W: 168.75, // same source
  IDD5: 118, // same source
  devicesPerRank: 8, // 64-bit rank of x8 devices
};

// ---------------------------------------------------------------------------------------------
// HBM2 at 2.0 Gb/s per pin (JESD235), legacy mode: 8 channels of 128 bits per stack.
// ---------------------------------------------------------------------------------------------

/**
 * One HBM2 legacy-mode channel (8 Gb dies): 128-bit bus, BL4, 4 bank groups × 4 banks.
 * Sources: FACTS.md §4 (BL4, 4 BG × 4, 8 × 128 b per stack); DRAMsim3 `configs/HBM2_8Gb_x128.ini`
 * (rows 32768, columns 64 of 128 bits = 1 KiB row, BL 4, bankgroups 4, banks_per_group 4).
 */
export const HBM2_8Gb_LEGACY_ORG: DramOrganization = {
  busWidthBits: 128, // JESD235 legacy mode: 128 DQ per channel (DRAMsim3 bus_width = 128)
  burstLength: 4, // JESD235 legacy-mode BL4 (DRAMsim3 BL = 4)
  bankGroups: 4, // DRAMsim3 bankgroups = 4
  banksPerGroup: 4, // DRAMsim3 banks_per_group = 4
  rowsPerBank: 32768, // DRAMsim3 HBM2_8Gb_x128 rows
  columnsPerRow: 64, // DRAMsim3 HBM2_8Gb_x128 columns (of 128 bits): 1 KiB row
  ranks: 1,
  separateRowColumnCommandBuses: true, // JESD235: separate row and column command interfaces
};

/**
 * HBM2 2.0 Gb/s timing. Sources: FACTS.md §4 table (tCK, CL–tRCD–tRP–tRAS, tCCD_S/L, tRRD_S/L,
 * tFAW, tWTR_S/L, tRFC, tREFI), which cites the Ramulator 2 and DRAMsim3 presets and JESD235D;
 * fields FACTS does not give come from DRAMsim3 `configs/HBM2_8Gb_x128.ini` as marked.
 */
export const HBM2_2Gbps_TIMING: DramTiming = {
  tCK: 1000, // 1 GHz clock, 2 Gb/s per pin DDR (FACTS; DRAMsim3 tCK = 1 ns; Ramulator 2 tCK_ps = 1000)
  tRCD: 14, // FACTS; DRAMsim3 tRCDRD = tRCDWR = 14
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
  tRFC: 350, // FACTS: 350 ns (Ramulator 2 HBM2 tRFC table, 8 Gb)
  tREFI: 3900, // FACTS: 3.9 µs (Ramulator 2 nREFI = 3900; DRAMsim3 tREFI = 3900)
};

/** Every preset by name. Add new standards here. */
export const DRAM_STANDARDS: Readonly<Record<string, DramStandard>> = {
  'DDR4-2400': {
    name: 'DDR4-2400',
    organization: DDR4_8Gb_x8_ORG,
    timing: DDR4_2400R_TIMING,
    dataRate: 2,
    power: DDR4_2400_x8_POWER,
  },
  'HBM2-2.0': {
    name: 'HBM2-2.0',
    organization: HBM2_8Gb_LEGACY_ORG,
    timing: HBM2_2Gbps_TIMING,
    dataRate: 2,
  },
};

/** Timing overrides: any subset of `DramTiming`, by JEDEC name. */
export type DramTimingOverrides = Partial<Record<keyof DramTiming, number>>;

/**
 * The preset `name` with `timingOverrides` applied, as a fresh object. When an override changes
 * tRAS or tRP and leaves tRC alone, tRC is re-derived as tRAS + tRP; likewise tRTW from tCL/tCWL.
 * Throws a plain Error naming the unknown standard or timing key (with the valid ones) or the bad value.
 */
export function resolveDramStandard(name: string, timingOverrides: DramTimingOverrides = {}): DramStandard {
  const preset = DRAM_STANDARDS[name];
  if (!preset) {
    throw new Error(`unknown DRAM standard "${name}"; valid standards: ${Object.keys(DRAM_STANDARDS).join(', ')}`);
  }
  const timing: DramTiming = { ...preset.timing };
  const given = new Set<string>();
  for (const [key, value] of Object.entries(timingOverrides)) {
    if (!(DRAM_TIMING_KEYS as readonly string[]).includes(key)) {
      throw new Error(`unknown DRAM timing "${key}" for ${name}; valid timings: ${DRAM_TIMING_KEYS.join(', ')}`);
    }
    if (value === undefined) continue;
    const min = key === 'tCK' ? 1 : 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new Error(`DRAM timing ${key} of ${name} must be an integer ≥ ${min} (${key === 'tCK' ? 'ps' : 'tCK cycles'}), got ${String(value)}`);
    }
    timing[key as keyof DramTiming] = value;
    given.add(key);
  }
  if (!given.has('tRC') && (given.has('tRAS') || given.has('tRP'))) timing.tRC = timing.tRAS + timing.tRP;
  if (!given.has('tRTW') && (given.has('tCL') || given.has('tCWL'))) {
    timing.tRTW = Math.max(0, deriveTRTW(timing.tCL, timing.tCWL, preset.organization.burstLength, preset.dataRate));
  }
  return {
    name: preset.name,
    organization: { ...preset.organization },
    timing,
    dataRate: preset.dataRate,
    ...(preset.power ? { power: { ...preset.power } } : {}),
  };
}
