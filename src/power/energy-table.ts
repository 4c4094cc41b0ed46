import type { AcceleratorDesign } from '../design/schema.js';
import { logicEnergyFactor, voltageEnergyFactor } from './node-scaling.js';
import { sramMacroCost } from './sram-macro.js';
import { VECTOR_LANE } from './vector-lane.js';
import { lutStructure } from './lut-structure.js';

/** Energy of one action and where the number comes from. */
export interface EnergyEntry {
  pJ: number;
  source: string;
}

/** Energy per action, by component then action (Accelergy's shape: action counts × this table). */
export type EnergyTable = Record<string, Record<string, EnergyEntry>>;


/** Energy of a PCIe link per bit moved, both ends' SerDes and controllers (assumption: PCIe 4.0 SerDes are published at about 5 pJ/bit; ~10 pJ/bit with the controllers). */
const HOST_LINK_PJ_PER_BIT = 10;
const HOST_LINK_SOURCE = 'assumption: PCIe 4.0 link, ~5 pJ/bit SerDes per end plus controllers';
const HOROWITZ = 'Horowitz ISSCC 2014, 45 nm 0.9 V (FACTS.md §2)';

/** Horowitz 45 nm figures (pJ) used below. */
const H45 = {
  add8: 0.03,
  add16: 0.05,
  add32: 0.1,
  mul8: 0.2,
} as const;

/** Integer adder energy at 45 nm for `bits`, piecewise linear between Horowitz's 8/16/32-bit points. */
function adderPJ45(bits: number): number {
  if (bits <= 8) return H45.add8 * (bits / 8);
  if (bits <= 16) return H45.add8 + ((H45.add16 - H45.add8) * (bits - 8)) / 8;
  if (bits <= 32) return H45.add16 + ((H45.add32 - H45.add16) * (bits - 16)) / 16;
  return H45.add32 * (bits / 32);
}

/**
 * 16-bit multiply at 45 nm: between Horowitz's 8-bit (0.2 pJ) and 32-bit (3.1 pJ) points,
 * assuming array-multiplier energy grows with the square of the width: 0.2 × (16/8)² = 0.8 pJ.
 */
const MUL16_45 = H45.mul8 * 4;

/** Clock energy of one register bit per cycle at 40 nm: Aladdin's register, 0.009 pJ (Accelergy plug-in, FACTS.md §2). */
const REGISTER_CLOCK_PJ_40 = 0.009;
/** Clock energy of one used FPGA register per cycle (assumption: about twice an ASIC register's at 40 nm, for the clock network). */
const FPGA_REGISTER_CLOCK_PJ = 0.02;

/** FPGA energies (FACTS.md §3, derived from Intel doc 683058 for Stratix 10 at 14 nm). */
const FPGA = {
  /** pJ per half-ALM per cycle (an adder bit is one half-ALM in arithmetic mode: assumption). */
  halfAlm: 0.072,
  /** pJ per M20K access on a 20-bit port. */
  m20k20bit: 3.2,
  /** pJ per pipelined DSP-block cycle (an 18×18 multiply). */
  dsp: 4.3,
  source: 'Intel doc 683058 Tables 1–2, derived in FACTS.md §3 (Stratix 10, 14 nm)',
} as const;

/** The energy functions of a design that the LUT engine's entries are built from. */
interface EnergyParts {
  addE: (bits: number) => EnergyEntry;
  accE: EnergyEntry;
  lutE: EnergyEntry;
  none: (why: string) => EnergyEntry;
  cacti: (bytes: number, widthBits: number, what: 'read' | 'write') => EnergyEntry;
}

/**
 * The LUT engine's actions: a lookup is a table read and an accumulate; a build an add of the
 * entry width; a table write one entry into one copy. A table read or write in registers or LUTRAM
 * is taken as one add of the entry width (a multiplexer or a LUT of that many bits toggling,
 * assumption); in block RAM or SRAM it is the memory's access (M20K figure on FPGAs, CACTI on ASICs).
 */
function lutEngineEnergy(design: AcceleratorDesign, { addE, accE, lutE, none, cacti }: EnergyParts): Record<string, EnergyEntry> {
  const s = lutStructure(design);
  const kind = s.lut.storage.kind;
  const fpga = design.target.type === 'fpga';
  const access = (what: 'read' | 'write'): EnergyEntry => {
    if (kind === 'registers' || kind === 'lutram') return { ...addE(s.entryBits), source: `${kind} ${what} of a ${s.entryBits}-bit entry ≈ one ${s.entryBits}-bit add (assumption); ${addE(s.entryBits).source}` };
    if (fpga) return { pJ: FPGA.m20k20bit * Math.ceil(s.entryBits / 20), source: `one block-RAM access of ${s.entryBits} bits; ${FPGA.source}` };
    return cacti((s.depthPerBank * s.entryBits) / 8, s.entryBits, what);
  };
  const read = access('read');
  return {
    lookup: { pJ: read.pJ + accE.pJ, source: `table read (${read.source}) + accumulate (${accE.source})` },
    skip: none('all-zero weight group with zero-skipping: lookup and adder gated (assumption: no energy)'),
    build: { ...addE(s.entryBits), source: `one ${s.entryBits}-bit add per table entry; ${addE(s.entryBits).source}` },
    tableWrite: access('write'),
    decode: lutE,
    copyOut: accE,
  };
}

/**
 * Builds the energy table of an accelerator design's on-chip components. ASIC energies are the
 * 45 nm figures scaled to the node and supply; FPGA energies use the Stratix 10 per-resource
 * figures (fabric, M20K, DSP). The datapath of vector units is 16-bit fixed point (assumption,
 * as in the paper's FPGA core). DRAM energies come from power/dram-energy.ts.
 */
export function onChipEnergyTable(design: AcceleratorDesign): EnergyTable {
  const fpga = design.target.type === 'fpga';
  const scale = fpga ? 1 : logicEnergyFactor(design.power.node) * voltageEnergyFactor(design.power.vdd);
  const asic = (pJ45: number, what: string): EnergyEntry => ({ pJ: pJ45 * scale, source: `${what}; ${HOROWITZ} × node ${design.power.node} nm factor (Stillmaker–Baas)` });
  const addE = (bits: number): EnergyEntry =>
    fpga ? { pJ: bits * FPGA.halfAlm, source: `${bits}-bit adder = ${bits} half-ALMs; ${FPGA.source}` } : asic(adderPJ45(bits), `${bits}-bit add`);
  const mulE: EnergyEntry = fpga ? { pJ: FPGA.dsp, source: `one DSP cycle; ${FPGA.source}` } : asic(MUL16_45, '16-bit multiply (quadratic in width from 8/32-bit)');
  const cacti = (bytes: number, widthBits: number, what: 'read' | 'write'): EnergyEntry => {
    const m = sramMacroCost(design.power.node, design.power.sramCell, bytes, widthBits);
    return { pJ: what === 'read' ? m.readPJ : m.writePJ, source: `${widthBits}-bit ${what} of a ${bytes}-byte macro: ${m.source}` };
  };
  const lutE: EnergyEntry = fpga ? { pJ: FPGA.m20k20bit, source: `one M20K read; ${FPGA.source}` } : cacti(VECTOR_LANE.table.bytes, VECTOR_LANE.table.bits, 'read');
  // A divide: a 16-step restoring divider, one 16-bit add/sub per step (assumption).
  const divE: EnergyEntry = { pJ: 16 * addE(16).pJ, source: `16 × 16-bit add (iterative divider, assumption); ${addE(16).source}` };
  const pwlE: EnergyEntry = { pJ: mulE.pJ + 2 * addE(16).pJ, source: 'piecewise linear: one multiply, one add, one compare (assumption)' };
  // An SRAM of `banks` equal macros: one bank's macro is accessed per word.
  const sram = (bytes: number, banks: number, widthBits: number, what: 'read' | 'write'): EnergyEntry =>
    fpga
      ? { pJ: FPGA.m20k20bit * Math.ceil(widthBits / 20), source: `${Math.ceil(widthBits / 20)} M20K access(es) per ${widthBits}-bit word; ${FPGA.source}` }
      : cacti(bytes / banks, widthBits, what);

  const vectorActions = (): Record<string, EnergyEntry> => ({
    add: addE(16),
    sub: addE(16),
    max: addE(16),
    abs: addE(16),
    mul: mulE,
    square: mulE,
    div: divE,
    rsqrt: lutE,
    sqrt: lutE,
    'exp.lut': lutE,
    'sigmoid.lut': lutE,
    'silu.lut': lutE,
    'exp.pwl': pwlE,
    'sigmoid.pwl': pwlE,
    'silu.pwl': pwlE,
  });
  const wb = design.weightStream.buffer;
  const act = design.activationSram;
  const none = (why: string): EnergyEntry => ({ pJ: 0, source: why });
  const m = design.memory;
  // A weight-stationary SRAM: each bank is its own macro of capacity / banks bytes.
  const weightSram: EnergyTable = m.type === 'sram' ? { weightSram: { read: sram(m.capacity, m.banks, m.widthBits, 'read'), write: sram(m.capacity, m.banks, m.widthBits, 'write'), conflictCycles: none('a bank-conflict stall: time, no access') } } : {};
  const perByte = (pJPerBit: number, source: string): EnergyEntry => ({ pJ: 8 * pJPerBit, source: `${pJPerBit} pJ/bit × 8; ${source}` });
  const host: EnergyTable = design.host
    ? {
        host: {
          rd: none('a host transfer: energy counted per byte'),
          wr: none('a host transfer: energy counted per byte'),
          bytesRead: perByte(HOST_LINK_PJ_PER_BIT, HOST_LINK_SOURCE),
          bytesWritten: perByte(HOST_LINK_PJ_PER_BIT, HOST_LINK_SOURCE),
        },
        hostTransfer: { bytes: none('counted on the host link') },
      }
    : {};
  const accE = addE(design.tau.accumulatorBits);
  const adderTree: Record<string, EnergyEntry> = {
    acc: { ...accE, source: `sign-select accumulate = one ${design.tau.accumulatorBits}-bit add (mux folded in, assumption); ${accE.source}` },
    skip: none('zero weight with zero-skipping: adder clock-gated (assumption: no energy)'),
    decode: lutE,
    copyOut: accE,
  };
  const table: EnergyTable = {
    tau: design.tau.engine === 'lut' ? lutEngineEnergy(design, { addE, accE, lutE, none, cacti }) : adderTree,
    vector: vectorActions(),
    norm: vectorActions(),
    // A dense matvec on the vector lanes: each weight a multiply and a 32-bit accumulate.
    denseMac: {
      acc: { pJ: mulE.pJ + addE(32).pJ, source: `multiply-accumulate = ${mulE.source} + ${addE(32).source}` },
      skip: none('no zero-skipping on dense weights'),
      decode: none('dense formats need no decode'),
      copyOut: addE(32),
    },
    weightBuffer: { read: sram(wb.capacity, wb.banks, wb.widthBits, 'read'), write: sram(wb.capacity, wb.banks, wb.widthBits, 'write') },
    activationSram: { read: sram(act.capacity, act.banks, act.widthBits, 'read'), write: sram(act.capacity, act.banks, act.widthBits, 'write') },
    clock: {
      registerBitCycles: fpga
        ? { pJ: FPGA_REGISTER_CLOCK_PJ, source: 'assumption: 0.02 pJ per used register per cycle for the FPGA clock network' }
        : { pJ: REGISTER_CLOCK_PJ_40 * (logicEnergyFactor(design.power.node) / logicEnergyFactor(40)) * voltageEnergyFactor(design.power.vdd), source: `Aladdin 40 nm register 0.009 pJ per cycle (FACTS.md §2) × node factor ${design.power.node} nm / 40 nm × (Vdd/0.8 V)²` },
    },
    issue: { issue: none('instruction issue: not modelled (small next to the datapath)') },
    loadStore: { bytes: none('on-chip transfer of load/store data: counted in SRAM and DRAM actions') },
    bus: { bytes: none('on-chip bus wires: not modelled (small next to SRAM and DRAM access energy)') },
  };
  const hp = design.hostProcessor;
  const hostCpu: EnergyTable = hp
    ? { hostCpu: { activePs: { pJ: hp.activePower, source: `${hp.name}: active power ${hp.activePower} W × time (1 W = 1 pJ/ps); the design's hostProcessor.activePower` } } }
    : {};
  return { ...table, ...weightSram, ...host, ...hostCpu };
}
