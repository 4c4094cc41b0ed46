/**
 * FPGA devices: resource capacities, how the fabric builds arithmetic, static power against
 * junction temperature, and an fmax assumption. Each figure names its source; assumptions say so.
 */

/** Logic, register, memory-block and DSP resources a device has (and a design uses). */
export type FpgaResource = 'ALM' | 'LUT' | 'register' | 'M20K' | 'BRAM36' | 'URAM' | 'DSP';

/** A block-RAM kind: capacity in bits and widest port in bits. */
export interface MemoryBlockKind {
  resource: FpgaResource;
  bits: number;
  maxWidthBits: number;
}

/** Architecture family: how logic maps to resources. */
export interface FpgaFamily {
  name: string;
  /** The logic resource (ALM for Intel, LUT for AMD). */
  logic: 'ALM' | 'LUT';
  /** Adder bits per logic resource (Stratix 10 ALM: 2; UltraScale+ LUT with CARRY8: 1). */
  adderBitsPerLogic: number;
  /** Block-RAM kinds the placer may use, in order of preference for small memories. */
  memoryBlocks: MemoryBlockKind[];
  /** Blocks of the first memory kind one 256 × 16 function table takes (a Xilinx BRAM18 is half a BRAM36). */
  tableBlocks: number;
  /** Multiplies of up to 18 bits one DSP block does per cycle. */
  multipliesPerDsp: number;
  /** Fabric clock a placed-and-routed pipelined datapath reaches (assumption). */
  fmaxHz: number;
  source: string;
}

/** Intel Stratix 10 (14 nm). */
const STRATIX10: FpgaFamily = {
  name: 'Intel Stratix 10',
  logic: 'ALM',
  adderBitsPerLogic: 2,
  memoryBlocks: [{ resource: 'M20K', bits: 20 * 1024, maxWidthBits: 40 }],
  tableBlocks: 1,
  multipliesPerDsp: 2,
  fmaxHz: 400e6,
  source:
    'Intel 683699 §3.2.1: an ALM is two ALUTs, a two-bit full adder and four registers; M20K 20 Kbit, 512 × 40 widest, one per table; DSP two 18 × 19 multipliers; fmax 400 MHz is an assumption (Intel\'s power examples use 312–468 MHz average clocks, 683058)',
};

/** AMD UltraScale+ (16 nm). */
const ULTRASCALE_PLUS: FpgaFamily = {
  name: 'AMD UltraScale+',
  logic: 'LUT',
  adderBitsPerLogic: 1,
  memoryBlocks: [
    { resource: 'BRAM36', bits: 36 * 1024, maxWidthBits: 72 },
    { resource: 'URAM', bits: 288 * 1024, maxWidthBits: 72 },
  ],
  tableBlocks: 0.5,
  multipliesPerDsp: 1,
  fmaxHz: 450e6,
  source:
    'UG574 "Carry Logic": CARRY8, one LUT per adder bit; BRAM36 36 Kbit (72-bit port), URAM 288 Kbit (72-bit); a 256 × 16 table in a BRAM18, half a BRAM36; DSP48E2 one 27 × 18 multiply; fmax 450 MHz: the U280 HBM AXI port clock (PG276), an assumption for the fabric',
};

/** Static power of a device: P(Tj) = reference W × 2^((Tj − reference °C) / doubling °C). */
export interface StaticPowerModel {
  referenceW: number;
  referenceC: number;
  doublingC: number;
  source: string;
}

/** One FPGA device. */
export interface FpgaDevice {
  id: string;
  name: string;
  nodeNm: number;
  family: FpgaFamily;
  resources: Partial<Record<FpgaResource, number>>;
  staticPower: StaticPowerModel;
  /** Highest junction temperature the device may run at (°C). */
  maxJunctionC: number;
  source: string;
}

const LEAKAGE_DOUBLING = 'leakage doubles about every 30 °C (assumption, typical of FinFET parts)';

/** The XCU280; the U55C's XCU55C is the same fabric. */
const XCU280: FpgaDevice = {
  id: 'xcu280',
  name: 'AMD XCU280 (Alveo U280, = XCVU37P)',
  nodeNm: 16,
  family: ULTRASCALE_PLUS,
  resources: { LUT: 1_303_680, register: 2_607_360, BRAM36: 2_016, URAM: 960, DSP: 9_024 },
  staticPower: {
    referenceW: 16,
    referenceC: 85,
    doublingC: 30,
    source: `fitted: 16 W static at Tj 85 °C, so that an Alveo U55C (same die class) has the 14.75 W static board power of the mean of the two idle readings, 14.50 and 15.04 W, of PC2 Paderborn (wiki "Power and Energy Measurements of FPGAs", xilinx_power, shell loaded); ${LEAKAGE_DOUBLING}`,
  },
  maxJunctionC: 100,
  source: 'AMD UltraScale+ product table (XCVU37P = XCU280/XCU55C): 1,303,680 LUT, 2,607,360 FF, 2,016 BRAM36, 960 URAM, 9,024 DSP (FACTS.md §5)',
};

/** The device library, by id (the `target.device` of a design). */
export const FPGA_DEVICES: Record<string, FpgaDevice> = {
  'stratix10-sx2800': {
    id: 'stratix10-sx2800',
    name: 'Intel Stratix 10 SX 2800 (1SX280HN2F43E2VG)',
    nodeNm: 14,
    family: STRATIX10,
    resources: { ALM: 933_120, register: 3_732_480, M20K: 11_721, DSP: 5_760 },
    staticPower: {
      referenceW: 10,
      referenceC: 85,
      doublingC: 30,
      source: `assumption: 10 W typical-process static at Tj 85 °C (Intel 683058 §1.2 gives 2 W for the M20Ks and 2.5–4 W for the DSPs of an SG280 at 100 °C; the core-logic share is not published); ${LEAKAGE_DOUBLING}`,
    },
    maxJunctionC: 100,
    source: 'Quartus fitter report of a 1SX280 (933,120 ALMs, 11,721 M20K, 5,760 DSP); Intel 683674 Table 10 (3,732,480 registers, 4 per ALM)',
  },
  xcu280: XCU280,
  xcu55c: {
    ...XCU280,
    id: 'xcu55c',
    name: 'AMD XCU55C (Alveo U55C, = XCVU47P)',
    source: `FACTS.md §5: the U280's fabric ([unconfirmed] BRAM/URAM); ${XCU280.source}`,
  },
  xck26: {
    id: 'xck26',
    name: 'AMD XCK26 (Kria K26 SOM, = XCZU5EV)',
    nodeNm: 16,
    family: { ...ULTRASCALE_PLUS, fmaxHz: 300e6, source: `${ULTRASCALE_PLUS.source}; fmax 300 MHz for the K26's commercial speed grade (assumption: the DPU reference designs clock at 300 MHz)` },
    resources: { LUT: 117_120, register: 234_240, BRAM36: 144, URAM: 64, DSP: 1_248 },
    staticPower: {
      referenceW: 1.2,
      referenceC: 85,
      doublingC: 30,
      source: `assumption: 1.2 W programmable-logic static at Tj 85 °C for a ZU5EV-class die (about 1/10 of the U280's logic); ${LEAKAGE_DOUBLING}`,
    },
    maxJunctionC: 100,
    source: 'Kria apps docs resource table: 117,120 LUT, 144 BRAM36, 64 URAM, 1,248 DSP; 234,240 FF = 14,640 CLBs × 16 (FACTS.md §5)',
  },
};

/** Static power of `device` at junction temperature `tjC`. */
export function deviceStaticPower(device: FpgaDevice, tjC: number): number {
  const s = device.staticPower;
  return s.referenceW * 2 ** ((tjC - s.referenceC) / s.doublingC);
}
