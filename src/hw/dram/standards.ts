/**
 * DRAM standard presets, in the shape Ramulator 2 uses: an organisation preset (how the channel is
 * built) plus a timing preset (JEDEC timing in clock cycles of tCK), with device currents and an
 * I/O energy for power/. Bandwidth and latency are never typed in: the channel model derives them.
 *
 * To add a standard: write an organisation and a timing constant (each number with its source) in
 * `presets/`, and one entry in `DRAM_STANDARDS`. See docs/dram.md.
 */
import { DDR4_2400R_TIMING, DDR4_2400_x8_POWER, DDR4_2666V_TIMING, DDR4_2666_x8_POWER, DDR4_3200AA_TIMING, DDR4_3200_x8_POWER, DDR4_8Gb_x8_ORG, ddr4Io } from './presets/ddr4.js';
import { DDR5_16Gb_x8_ORG, DDR5_4800B_TIMING, DDR5_4800_IO, DDR5_x8_POWER } from './presets/ddr5.js';
import { GDDR6_14_TIMING, GDDR6_16_TIMING, GDDR6_8Gb_x16_ORG, gddr6Io, gddr6Power } from './presets/gddr6.js';
import {
  HBM2E_16Gb_PC_ORG,
  HBM2E_3p2Gbps_TIMING,
  HBM2_2Gbps_TIMING,
  HBM2_2p4Gbps_TIMING,
  HBM2_8Gb_LEGACY_ORG,
  HBM2_8Gb_PC_ORG,
  HBM2_LEGACY_POWER,
  HBM3_16Gb_ORG,
  HBM3_6p4Gbps_TIMING,
  HBM_IO,
  hbmPseudoChannelPower,
} from './presets/hbm.js';
import { LPDDR4_3200_POWER, LPDDR4_3200_TIMING, LPDDR4_4266_POWER, LPDDR4_4266_TIMING, LPDDR4_8Gb_x16_ORG, LPDDR4_IO } from './presets/lpddr4.js';
import { LPDDR5_16Gb_x16_ORG, LPDDR5_6400_POWER, LPDDR5_6400_TIMING, LPDDR5_IO } from './presets/lpddr5.js';
import { DRAM_TIMING_KEYS, deriveTRTW, type DramOrganization, type DramStandard, type DramTiming } from './standard-types.js';

export * from './standard-types.js';
export { DDR4_8Gb_x8_ORG, DDR4_2400R_TIMING, DDR4_2400_x8_POWER } from './presets/ddr4.js';
export { HBM2_8Gb_LEGACY_ORG, HBM2_2Gbps_TIMING } from './presets/hbm.js';

/** Every preset by name. Add new standards here. */
export const DRAM_STANDARDS: Readonly<Record<string, DramStandard>> = {
  'DDR4-2400': {
    name: 'DDR4-2400',
    organization: DDR4_8Gb_x8_ORG,
    timing: DDR4_2400R_TIMING,
    dataRate: 2,
    defaultRefresh: 'all-bank',
    power: DDR4_2400_x8_POWER,
    io: ddr4Io(2400),
  },
  'DDR4-2666': {
    name: 'DDR4-2666',
    organization: DDR4_8Gb_x8_ORG,
    timing: DDR4_2666V_TIMING,
    dataRate: 2,
    defaultRefresh: 'all-bank',
    power: DDR4_2666_x8_POWER,
    io: ddr4Io(2666),
  },
  'DDR4-3200': {
    name: 'DDR4-3200',
    organization: DDR4_8Gb_x8_ORG,
    timing: DDR4_3200AA_TIMING,
    dataRate: 2,
    defaultRefresh: 'all-bank',
    power: DDR4_3200_x8_POWER,
    io: ddr4Io(3200),
  },
  'DDR5-4800': {
    name: 'DDR5-4800',
    organization: DDR5_16Gb_x8_ORG,
    timing: DDR5_4800B_TIMING,
    dataRate: 2,
    defaultRefresh: 'all-bank',
    power: DDR5_x8_POWER,
    io: DDR5_4800_IO,
  },
  'LPDDR4-3200': {
    name: 'LPDDR4-3200',
    organization: LPDDR4_8Gb_x16_ORG,
    timing: LPDDR4_3200_TIMING,
    dataRate: 2,
    defaultRefresh: 'per-bank', // JESD209-4 REFpb
    power: LPDDR4_3200_POWER,
    io: LPDDR4_IO,
  },
  'LPDDR4-4266': {
    name: 'LPDDR4-4266',
    organization: LPDDR4_8Gb_x16_ORG,
    timing: LPDDR4_4266_TIMING,
    dataRate: 2,
    defaultRefresh: 'per-bank',
    power: LPDDR4_4266_POWER,
    io: LPDDR4_IO,
  },
  'LPDDR5-6400': {
    name: 'LPDDR5-6400',
    organization: LPDDR5_16Gb_x16_ORG,
    timing: LPDDR5_6400_TIMING,
    dataRate: 8, // WCK 4:1, DDR on WCK
    defaultRefresh: 'per-bank', // JESD209-5 REFpb
    power: LPDDR5_6400_POWER,
    io: LPDDR5_IO,
  },
  'GDDR6-14': {
    name: 'GDDR6-14',
    organization: GDDR6_8Gb_x16_ORG,
    timing: GDDR6_14_TIMING,
    dataRate: 8, // 14 Gb/s per pin on a 1.75 GHz CK
    defaultRefresh: 'all-bank', // Ramulator 2 GDDR6 issues REFab
    power: gddr6Power(14),
    io: gddr6Io(14),
  },
  'GDDR6-16': {
    name: 'GDDR6-16',
    organization: GDDR6_8Gb_x16_ORG,
    timing: GDDR6_16_TIMING,
    dataRate: 8,
    defaultRefresh: 'all-bank',
    power: gddr6Power(16),
    io: gddr6Io(16),
  },
  'HBM2-2.0': {
    name: 'HBM2-2.0',
    organization: HBM2_8Gb_LEGACY_ORG,
    timing: HBM2_2Gbps_TIMING,
    dataRate: 2,
    defaultRefresh: 'all-bank', // legacy mode, as shipped designs use it
    power: HBM2_LEGACY_POWER,
    io: HBM_IO,
  },
  'HBM2-2.0-PC': {
    name: 'HBM2-2.0-PC',
    organization: HBM2_8Gb_PC_ORG,
    timing: HBM2_2Gbps_TIMING,
    dataRate: 2,
    defaultRefresh: 'per-bank', // JESD235 single-bank refresh (Ramulator 2 REFsb)
    power: hbmPseudoChannelPower(1, 1.2, '(2.0 Gb/s)'),
    io: HBM_IO,
  },
  'HBM2-2.4': {
    name: 'HBM2-2.4',
    organization: HBM2_8Gb_PC_ORG,
    timing: HBM2_2p4Gbps_TIMING,
    dataRate: 2,
    defaultRefresh: 'per-bank',
    power: hbmPseudoChannelPower(1.2, 1.2, '(2.4 / 2.0 Gb/s) [unconfirmed]'),
    io: HBM_IO,
  },
  'HBM2e-3.2': {
    name: 'HBM2e-3.2',
    organization: HBM2E_16Gb_PC_ORG,
    timing: HBM2E_3p2Gbps_TIMING,
    dataRate: 2,
    defaultRefresh: 'per-bank',
    power: hbmPseudoChannelPower(1.6, 1.2, '(3.2 / 2.0 Gb/s) [unconfirmed]'),
    io: HBM_IO,
  },
  'HBM3-6.4': {
    name: 'HBM3-6.4',
    organization: HBM3_16Gb_ORG,
    timing: HBM3_6p4Gbps_TIMING,
    dataRate: 4, // 6.4 Gb/s per pin on a 1.6 GHz CK
    defaultRefresh: 'per-bank', // FACTS gives tRFCpb for HBM3
    power: hbmPseudoChannelPower(1.6, 1.1, '(25.6 / 16 GB/s per pseudo-channel, VDD 1.1 V) [unconfirmed]'),
    io: HBM_IO,
  },
};

/** Timing overrides: any subset of `DramTiming`, by JEDEC name. */
export type DramTimingOverrides = Partial<Record<keyof DramTiming, number>>;

/** Organisation overrides: any subset of `DramOrganization` (e.g. `{ ranks: 2 }`). */
export type DramOrganizationOverrides = Partial<DramOrganization>;

/** Names of the `DramOrganization` fields, for validation and error messages. */
export const DRAM_ORGANIZATION_KEYS: readonly (keyof DramOrganization)[] = [
  'busWidthBits', 'burstLength', 'bankGroups', 'banksPerGroup', 'rowsPerBank', 'columnsPerRow', 'ranks', 'pseudoChannels',
  'separateRowColumnCommandBuses',
];

/**
 * The preset `name` with `timingOverrides` (and `organizationOverrides`) applied, as a fresh object.
 * When an override changes tRAS or tRP and leaves tRC alone, tRC is re-derived as tRAS + tRP; likewise
 * tRTW from tCL/tCWL, tRCDWR from tRCD (when the preset has one tRCD) and tREFIpb from tREFI.
 * Throws a plain Error naming the unknown standard, timing or organisation key (with the valid
 * ones) or the bad value.
 */
export function resolveDramStandard(
  name: string,
  timingOverrides: DramTimingOverrides = {},
  organizationOverrides: DramOrganizationOverrides = {},
): DramStandard {
  const preset = DRAM_STANDARDS[name];
  if (!preset) {
    throw new Error(`unknown DRAM standard "${name}"; valid standards: ${Object.keys(DRAM_STANDARDS).join(', ')}`);
  }
  const organization: DramOrganization = { ...preset.organization };
  for (const [key, value] of Object.entries(organizationOverrides)) {
    if (!(DRAM_ORGANIZATION_KEYS as readonly string[]).includes(key)) {
      throw new Error(`unknown DRAM organisation field "${key}" for ${name}; valid fields: ${DRAM_ORGANIZATION_KEYS.join(', ')}`);
    }
    if (value === undefined) continue;
    if (key === 'separateRowColumnCommandBuses') {
      if (typeof value !== 'boolean') throw new Error(`DRAM organisation ${key} of ${name} must be true or false, got ${String(value)}`);
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new Error(`DRAM organisation ${key} of ${name} must be a positive integer, got ${String(value)}`);
    }
    (organization as unknown as Record<string, number | boolean>)[key] = value;
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
    timing.tRTW = Math.max(0, deriveTRTW(timing.tCL, timing.tCWL, organization.burstLength, preset.dataRate));
  }
  if (!given.has('tRCDWR') && given.has('tRCD') && preset.timing.tRCDWR === preset.timing.tRCD) timing.tRCDWR = timing.tRCD;
  if (!given.has('tREFIpb') && given.has('tREFI') && timing.tRFCpb > 0) {
    timing.tREFIpb = Math.floor(timing.tREFI / (organization.bankGroups * organization.banksPerGroup));
  }
  return {
    name: preset.name,
    organization,
    timing,
    dataRate: preset.dataRate,
    defaultRefresh: preset.defaultRefresh,
    ...(preset.power ? { power: { ...preset.power, ...(preset.power.extraRails ? { extraRails: preset.power.extraRails.map((r) => ({ ...r })) } : {}) } } : {}),
    ...(preset.io ? { io: { ...preset.io } } : {}),
  };
}

/** Peak data bandwidth of one channel in bytes/s: pseudo-channels × bus bytes × transfers per second. */
export function channelPeakBytesPerSecond(std: DramStandard): number {
  const o = std.organization;
  return (o.pseudoChannels * (o.busWidthBits / 8) * std.dataRate * 1e12) / std.timing.tCK;
}

/** Bytes one channel holds: ranks × pseudo-channels × banks × rows × row size. */
export function channelCapacityBytes(org: DramOrganization): number {
  return org.ranks * org.pseudoChannels * org.bankGroups * org.banksPerGroup * org.rowsPerBank * org.columnsPerRow * (org.busWidthBits / 8);
}

/** The family of a standard preset: its name up to the speed grade (DDR4-2400 and DDR4-3200 → DDR4; HBM2-2.0-PC → HBM2). */
export function dramFamily(standard: string): string {
  return standard.split('-')[0]!;
}
