import type { AcceleratorDesign } from '../design/schema.js';
import { decodesPerGroup, tableEntries, tableEntryBits, type LutConfig } from '../hw/lut-engine.js';
import type { PackingFormat } from '../hw/packing.js';

/**
 * The structure of a LUT engine that its area, FPGA resources and energy follow from: how many
 * lookup slots (an accumulate adder each), builders, table bits in which geometry, read
 * multiplexers and index decoders. Derived from the design file only.
 */
export interface LutStructure {
  lut: LutConfig;
  /** Lookup slots of all cores (lanes × lookups per lane × cores), each an accumulate adder. */
  slots: number;
  lookupsPerLane: number;
  entries: number;
  entryBits: number;
  /** Table memory of one core: copies × banks of `depthPerBank` entries of `entryBits`. */
  copies: number;
  banks: number;
  depthPerBank: number;
  /** Table bits of one core (all copies). */
  tableBits: number;
  /** Inputs of each lookup slot's read multiplexer when tables sit in registers (the groups its slot serves × entries). */
  muxInputs: number;
  /** Whether each lookup slot has an index decoder (a 2G-input function forming the table address). */
  indexDecoder: boolean;
  /** Index bits (address of an entry within its group's table). */
  indexBits: number;
}

/** The LUT engine's structure in `design` (which must have `tau.engine: lut`). */
export function lutStructure(design: AcceleratorDesign): LutStructure {
  const t = design.tau;
  const lut = t.lut as LutConfig;
  const lookupsPerLane = t.weightsPerLane / lut.group;
  const entries = tableEntries(lut.group, lut.symmetric);
  const entryBits = tableEntryBits(lut.group);
  const { copies, banks, groups } = lut.storage;
  const depthPerBank = Math.ceil((groups * entries) / banks);
  return {
    lut,
    slots: design.cores.count * t.lanes * lookupsPerLane,
    lookupsPerLane,
    entries,
    entryBits,
    copies,
    banks,
    depthPerBank,
    tableBits: copies * groups * entries * entryBits,
    // Slot s of a lane serves groups s, s + lookupsPerLane, ...: its multiplexer picks among their entries.
    muxInputs: Math.ceil(groups / lookupsPerLane) * entries,
    indexDecoder: decodesPerGroup(t.packing as PackingFormat, lut) > 0,
    indexBits: Math.ceil(Math.log2(entries)),
  };
}

/**
 * Six-input LUTs of an N:1 multiplexer of one bit: a LUT6 is a 4:1 multiplexer, so a tree takes
 * ⌈(N − 1)/3⌉ of them (UG574: a LUT6 implements a 4:1 MUX; assumption: no F7/F8 muxes counted).
 */
export function muxLuts(inputs: number): number {
  return Math.max(0, Math.ceil((inputs - 1) / 3));
}

/**
 * Six-input LUTs of an index decoder (any function) of `inputs` inputs and `outputs` outputs: one
 * LUT6 per output up to 6 inputs; beyond, Shannon expansion: 2^(inputs − 6) LUT6 cofactors and
 * their multiplexer tree per output (assumption: no logic sharing).
 */
export function decoderLuts(inputs: number, outputs: number): number {
  if (inputs <= 6) return outputs;
  const cofactors = 2 ** (inputs - 6);
  return outputs * (cofactors + muxLuts(cofactors));
}

/** Source note for the LUTRAM figures. */
export const LUTRAM_SOURCE = 'UG574 "Distributed RAM": a SLICEM LUT6 is a 64 × 1 RAM with one write port; RAM64X1D adds a read port with a second LUT (assumption: one LUT per read port per 64 × 1 bits)';
