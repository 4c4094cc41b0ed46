import type { FpgaResource } from './devices.js';

/**
 * FPGA boards: which device, which memories (all powered whether a design uses them or not), what
 * the shell (static region) takes, the thermal path and the board's power overheads. Figures name
 * their source; assumptions say so.
 */

/** One memory system on a board. */
export interface BoardMemory {
  /** The DRAM standard preset that describes it (src/hw/dram/standards.ts). */
  standard: string;
  /** Channels of that preset on the board (an HBM -PC preset's channel is two pseudo-channels). */
  channels: number;
  /** Highest data rate per pin the board runs (Gb/s). */
  maxGbpsPerPin: number;
  /** Fabric resources of the controller logic per channel a design uses. */
  controllerPerChannel: Partial<Record<FpgaResource, number>>;
  controllerSource: string;
  source: string;
}

/** Board power overheads outside the FPGA and DRAM devices (W unless noted). */
export interface BoardOverheads {
  /** Efficiency of the voltage regulators from the board input to the rails (0–1). */
  vrmEfficiency: number;
  /** Idle power of one memory channel's PHY and controller (I/O termination, PLLs, calibration). */
  memoryPhyPerChannel: number;
  /** PCIe hard IP and transceivers. */
  pcie: number;
  /** Fans on the board (12 V, outside the VRMs). */
  fans: number;
  /** Everything else: board management controller, clocks, flash, a processor system where there is one. */
  other: number;
  /** Dynamic power of the shell (PCIe DMA, interconnect, management) while idle. */
  shellDynamic: number;
  sources: Record<keyof Omit<BoardOverheads, 'sources'>, string>;
}

/** One board. */
export interface FpgaBoard {
  id: string;
  name: string;
  device: string;
  memories: BoardMemory[];
  /** Resources the shell / static region / base platform takes. */
  shell: { resources: Partial<Record<FpgaResource, number>>; source: string };
  /** Junction temperature = inlet air + θJA × FPGA power. */
  thermal: { ambientC: number; thetaJaCPerW: number; source: string };
  overheads: BoardOverheads;
  /** Board power limit (W). */
  maxBoardW: number;
  source: string;
}

const PASSIVE = 'passively cooled card: fans belong to the host server';

/** Overheads shared by the passively cooled PCIe accelerator cards (D5005, U280, U55C); each sets its memory PHYs. */
const PCIE_CARD: Omit<BoardOverheads, 'memoryPhyPerChannel'> = {
  vrmEfficiency: 0.88,
  pcie: 2,
  fans: 0,
  other: 1.5,
  shellDynamic: 1,
  sources: {
    vrmEfficiency: 'assumption: 85–90% typical of board VRMs',
    memoryPhyPerChannel: '',
    pcie: 'assumption: PCIe Gen3 x16 hard IP and transceivers, 2–4 W',
    fans: PASSIVE,
    other: 'assumption: board management controller, clocks, flash',
    shellDynamic: 'assumption: shell DMA and interconnect clocks while idle',
  },
};

/** The Alveo U280 (the U55C is the same card with HBM2e and no DDR4). */
const ALVEO_U280: FpgaBoard = {
  id: 'alveo-u280',
  name: 'AMD Alveo U280',
  device: 'xcu280',
  memories: [
    { standard: 'HBM2-2.0-PC', channels: 16, maxGbpsPerPin: 1.8, controllerPerChannel: { LUT: 600, register: 1_200 }, controllerSource: 'assumption: an AXI port adapter per pseudo-channel (two a channel); the HBM controller and switch are hard (PG276)', source: 'FACTS.md §5: HBM2 8 GB, 32 pseudo-channels (16 channels of two), 460 GB/s = 2048 bits × 1.8 Gb/s' },
    { standard: 'DDR4-2400', channels: 2, maxGbpsPerPin: 2.4, controllerPerChannel: { LUT: 9_000, register: 12_000, BRAM36: 25 }, controllerSource: 'assumption: a soft DDR4 memory controller (MIG) per channel', source: 'FACTS.md §5: + 2 × DDR4' },
  ],
  shell: {
    resources: { LUT: 107_629, register: 136_086, BRAM36: 195.5, DSP: 4 },
    source: 'platform xilinx_u280_gen3x16_xdma_1_202211_1 reserved ("fixed") resources: 107,629 LUT, 136,086 FF, 195.5 BRAM36, 4 DSP',
  },
  thermal: { ambientC: 35, thetaJaCPerW: 0.3, source: 'assumption: 35 °C inlet, 0.3 °C/W full-height passive heatsink' },
  overheads: {
    ...PCIE_CARD,
    memoryPhyPerChannel: 0.125,
    sources: {
      ...PCIE_CARD.sources,
      memoryPhyPerChannel: 'assumption: ~1 W idle per HBM2 stack PHY and controller, 8 channels (16 pseudo-channels) a stack; the DDR4 channels taken the same',
      other: 'assumption: card management controller (CMC), satellite controller, clocks',
      shellDynamic: 'assumption: XDMA shell and HBM switch clocks while idle',
    },
  },
  maxBoardW: 225,
  source: 'AMD Alveo U280 data sheet DS963; FACTS.md §5',
};

/** The board library, by id (the `target.board` of a design). */
export const FPGA_BOARDS: Record<string, FpgaBoard> = {
  'pac-d5005': {
    id: 'pac-d5005',
    name: 'Intel FPGA PAC D5005',
    device: 'stratix10-sx2800',
    memories: [{ standard: 'DDR4-2400', channels: 4, maxGbpsPerPin: 2.4, controllerPerChannel: { ALM: 3_500, register: 7_000 }, controllerSource: 'assumption: 2–5k ALMs of soft adapter logic around the hard DDR4 controller in the I/O bank (Intel 683741 §3.4)', source: 'FACTS.md §5: 4 × DDR4 (32 GB), 76.8 GB/s at DDR4-2400' }],
    shell: {
      resources: { ALM: 140_000, M20K: 820, register: 280_000 },
      source: 'assumption: the FIM "blue bitstream" takes ~15% of ALMs and ~7% of M20K (not published; the paper counts it in "%ALM Total")',
    },
    thermal: { ambientC: 35, thetaJaCPerW: 0.5, source: 'assumption: 35 °C inlet (D5005 data sheet 683568 §8.1 allows 30–50 °C at 14–33 CFM); 0.5 °C/W passive heatsink' },
    overheads: {
      ...PCIE_CARD,
      memoryPhyPerChannel: 0.5,
      sources: {
        ...PCIE_CARD.sources,
        memoryPhyPerChannel: 'assumption: ~0.5 W idle per DDR4 x64 EMIF (PHY, PLL, termination); the FIM calibrates all four',
        other: 'assumption: MAX 10 board management controller, clocks, flash',
        shellDynamic: 'assumption: FIM PCIe DMA and interconnect clocks while idle',
      },
    },
    maxBoardW: 215,
    source: 'Intel PAC D5005 data sheet 683568; FACTS.md §5',
  },
  'alveo-u280': ALVEO_U280,
  'alveo-u55c': {
    ...ALVEO_U280,
    id: 'alveo-u55c',
    name: 'AMD Alveo U55C',
    device: 'xcu55c',
    memories: [{ ...ALVEO_U280.memories[0]!, standard: 'HBM2e-3.2', source: 'FACTS.md §5: HBM2e 16 GB, 32 pseudo-channels (16 channels of two), 460 GB/s = 2048 bits × 1.8 Gb/s' }],
    shell: { ...ALVEO_U280.shell, source: `assumption: as the U280 (same fabric and shell family): ${ALVEO_U280.shell.source}` },
    maxBoardW: 150,
    source: 'AMD Alveo U55C data sheet DS978; FACTS.md §5: the U280 without its DDR4, HBM2e instead of HBM2; overheads assumed the same',
  },
  kv260: {
    id: 'kv260',
    name: 'AMD Kria KV260 Vision AI Starter Kit',
    device: 'xck26',
    memories: [{ standard: 'DDR4-2400', channels: 1, maxGbpsPerPin: 2.4, controllerPerChannel: { LUT: 1_500, register: 3_000 }, controllerSource: 'assumption: AXI interconnect to the hard DDR4 controller of the processing system', source: 'FACTS.md §5: DDR4-2400 64-bit, 19.2 GB/s (4 GB)' }],
    shell: {
      resources: { LUT: 14_410, register: 28_820, BRAM36: 43.5, URAM: 1, DSP: 47 },
      source: 'Kria apps NLP SmartVision 2022.1 base platform: 14,410 LUT, 43.5 BRAM36, 1 URAM, 47 DSP (FF assumed 2 per LUT)',
    },
    thermal: { ambientC: 30, thetaJaCPerW: 2.5, source: 'assumption: 30 °C room, 2.5 °C/W small fan-cooled heatsink' },
    overheads: {
      vrmEfficiency: 0.85,
      memoryPhyPerChannel: 0.4,
      pcie: 0,
      fans: 1,
      other: 5.45,
      shellDynamic: 0.3,
      sources: {
        vrmEfficiency: 'assumption: 12 V → rails, 85%',
        memoryPhyPerChannel: 'assumption: PS DDR4 controller and PHY idle',
        pcie: 'no PCIe endpoint (a standalone board)',
        fans: 'assumption: the kit\'s 12 V heatsink fan, ~1 W',
        other: 'fitted: processing system (quad A53 under Linux) and carrier (Ethernet, USB, clocks) so that the idle board reads the 9.15 W measured at the 12 V input (simfero.eu, "What one inference costs in watts", 2026)',
        shellDynamic: 'assumption: base platform clocks while idle',
      },
    },
    maxBoardW: 36,
    source: 'AMD Kria KV260 user guide UG1089; FACTS.md §5',
  },
};
