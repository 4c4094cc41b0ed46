/**
 * The shape of a DRAM standard, as Ramulator 2 splits it: an organisation preset (how one channel is
 * built), a timing preset (JEDEC timing in tCK cycles), device currents for power/ and an I/O
 * energy. The presets themselves live in `presets/*.ts`; `standards.ts` registers and resolves them.
 */

/** How one channel is organised: its ranks (or pseudo-channels), bank groups, banks, rows and columns. */
export interface DramOrganization {
  /**
   * Width in bits of one independently scheduled data bus: a DDR4 DIMM channel (64), a DDR5
   * sub-channel (32), an LPDDR4/5 or GDDR6 channel (16), an HBM2 legacy channel (128) or one
   * pseudo-channel of an HBM2 (64) or HBM3 (32) channel.
   */
  busWidthBits: number;
  /** Burst length BL: data-bus transfers per column command (DDR4: BL8; LPDDR4/5, GDDR6, DDR5: BL16; HBM2: BL4; HBM3: BL8). */
  burstLength: number;
  /** Bank groups per rank or pseudo-channel (1 when the standard has none, e.g. LPDDR4). */
  bankGroups: number;
  /** Banks in each bank group. */
  banksPerGroup: number;
  /** Rows in each bank. */
  rowsPerBank: number;
  /** Columns in each row, counted in transfers of `busWidthBits` (row size = columnsPerRow × busWidthBits / 8 bytes). */
  columnsPerRow: number;
  /** Ranks sharing the channel's data bus and command bus (each with its own banks, tRRD/tFAW windows; tRTRS between them). */
  ranks: number;
  /**
   * Pseudo-channels per channel (HBM2 pseudo-channel mode, HBM3: 2; otherwise 1). Each has its
   * own banks and its own data bus of `busWidthBits`; they share the channel's command buses.
   */
  pseudoChannels: number;
  /**
   * Whether row commands (ACT, PRE, REF) and column commands (RD, WR) travel on separate command
   * buses and so may issue in the same tCK (HBM: JESD235 row/column command interfaces). When
   * false one command bus carries one command per tCK (DDR4).
   */
  separateRowColumnCommandBuses: boolean;
}

/**
 * JEDEC timing of a standard. `tCK` is the command-clock period in integer picoseconds; every other
 * field is a whole number of tCK cycles (the names are the JEDEC ones). A field a standard does not
 * have is 0 (e.g. tRFCpb of DDR4: no per-bank refresh).
 */
export interface DramTiming {
  /** Command clock period, integer ps. */
  tCK: number;
  /** ACT to RD, same bank (tRCDRD where the standard splits it). */
  tRCD: number;
  /** ACT to WR, same bank (HBM, GDDR6: tRCDWR; elsewhere equal to tRCD). */
  tRCDWR: number;
  /** CAS (read) latency: RD to first data (LPDDR: RL). */
  tCL: number;
  /** CAS write latency: WR to first write data (LPDDR: WL). */
  tCWL: number;
  /** PRE to ACT, same bank. */
  tRP: number;
  /** ACT to PRE, same bank (minimum row-open time). */
  tRAS: number;
  /** ACT to ACT, same bank (tRAS + tRP in the presets). */
  tRC: number;
  /** Column command to column command, different bank groups (same rank / pseudo-channel). */
  tCCD_S: number;
  /** Column command to column command, same bank group. */
  tCCD_L: number;
  /** ACT to ACT, different bank groups (same rank / pseudo-channel). */
  tRRD_S: number;
  /** ACT to ACT, same bank group. */
  tRRD_L: number;
  /** Four-activate window: at most 4 ACTs per rank / pseudo-channel in any window of tFAW. */
  tFAW: number;
  /** End of write data to RD, different bank groups. */
  tWTR_S: number;
  /** End of write data to RD, same bank group. */
  tWTR_L: number;
  /** Write recovery: end of write data to PRE, same bank. */
  tWR: number;
  /** RD to WR, same rank: tCL + BL/dataRate + 2 − tCWL (derived; Ramulator 2, tWPRE = 1 tCK + 1 tCK bus turnaround). */
  tRTW: number;
  /** RD to PRE, same bank. */
  tRTP: number;
  /** Rank-to-rank switch: idle data-bus cycles between bursts of different ranks. */
  tRTRS: number;
  /** All-bank refresh cycle time: REF to the next ACT or REF. */
  tRFC: number;
  /** Average all-bank refresh interval. */
  tREFI: number;
  /** Per-bank refresh cycle time (REFpb / REFsb / REFSB); 0 when the standard has no per-bank refresh. */
  tRFCpb: number;
  /** Average per-bank refresh interval (tREFI / banks per rank); 0 without per-bank refresh. */
  tREFIpb: number;
  /** Per-bank refresh to per-bank refresh of another bank (LPDDR tpbR2pbR, HBM tRREFD); 0 without per-bank refresh. */
  tRREFD: number;
  /** Power-down exit to the next valid command. */
  tXP: number;
  /** Minimum power-down residency (CKE low pulse width, tCKE / tPD). */
  tCKE: number;
}

/** Names of the `DramTiming` fields, for validation and error messages. */
export const DRAM_TIMING_KEYS: readonly (keyof DramTiming)[] = [
  'tCK', 'tRCD', 'tRCDWR', 'tCL', 'tCWL', 'tRP', 'tRAS', 'tRC', 'tCCD_S', 'tCCD_L', 'tRRD_S', 'tRRD_L',
  'tFAW', 'tWTR_S', 'tWTR_L', 'tWR', 'tRTW', 'tRTP', 'tRTRS', 'tRFC', 'tREFI', 'tRFCpb', 'tREFIpb',
  'tRREFD', 'tXP', 'tCKE',
];

/** Currents (mA) of one supply rail of one device (names as in JEDEC IDD tables / DRAMPower memspecs). */
export interface DramRail {
  /** Rail voltage, V. */
  VDD: number;
  /** One-bank ACT-PRE current. */
  IDD0: number;
  /** Precharge standby current. */
  IDD2N: number;
  /** Precharge power-down current. */
  IDD2P: number;
  /** Active standby current. */
  IDD3N: number;
  /** Active power-down current. */
  IDD3P: number;
  /** Burst read current. */
  IDD4R: number;
  /** Burst write current. */
  IDD4W: number;
  /** All-bank refresh (burst) current during tRFC. */
  IDD5: number;
}

/**
 * Device currents for power/ (energy formulas as in DRAMPower / DRAMsim3). The top-level fields are
 * the main core rail (VDD of DDR4/GDDR6/HBM, VDD2 of LPDDR4/5); `extraRails` holds any other
 * (LPDDR VDD1). A rank (or channel, for HBM/LPDDR/GDDR6 where one device is one channel) has
 * `devicesPerRank` devices; with pseudo-channels the currents are those of one pseudo-channel.
 */
export interface DramPower extends DramRail {
  /** Devices that make up one rank (64-bit DIMM of x8 devices: 8). */
  devicesPerRank: number;
  /** Further supply rails of the same device (LPDDR4/5 VDD1), each counted like the main one. */
  extraRails?: DramRail[];
  /** Where the currents come from. */
  source: string;
}

/** Energy of moving one bit across the interface (driver, termination, wires), per direction. */
export interface DramIo {
  /** pJ per bit read (DRAM drives, controller terminates). */
  readPJPerBit: number;
  /** pJ per bit written (controller drives, DRAM terminates). */
  writePJPerBit: number;
  /** Where the figures come from. */
  source: string;
}

/** Refresh granularity: all-bank REF (REFab) or per-bank REF (REFpb / REFsb / REFSB). */
export type DramRefreshMode = 'all-bank' | 'per-bank';

/** A DRAM standard at one speed grade: organisation, timing, device currents and I/O energy. */
export interface DramStandard {
  /** Preset name, e.g. `DDR4-2400`. */
  name: string;
  /** Channel organisation. */
  organization: DramOrganization;
  /** JEDEC timing in tCK cycles. */
  timing: DramTiming;
  /** Data transfers per tCK on the data bus (2 for DDR; 4 for HBM3; 8 for LPDDR5 and GDDR6 with WCK). */
  dataRate: number;
  /** Refresh mode used unless the system configuration picks another. */
  defaultRefresh: DramRefreshMode;
  /** Device currents, when a cited source gives them. */
  power?: DramPower;
  /** Interface energy per bit. */
  io?: DramIo;
}

/** Derived RD-to-WR turnaround as Ramulator 2 uses it: tCL + tBurst + 2 − tCWL (cycles). */
export function deriveTRTW(tCL: number, tCWL: number, burstLength: number, dataRate: number): number {
  return tCL + burstLength / dataRate + 2 - tCWL;
}

/**
 * Cycles of `tCKps` needed to cover `ns` nanoseconds, rounded up as JEDEC does (with 1% of a cycle
 * of slack for rounded tCK values, like Ramulator 2's JEDEC_rounding).
 */
export function nsToCycles(ns: number, tCKps: number): number {
  return Math.ceil((ns * 1000) / tCKps - 0.01);
}
