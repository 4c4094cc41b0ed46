import type { AcceleratorDesign } from '../design/schema.js';
import { FPGA_BOARDS, type FpgaBoard } from '../hw/fpga/boards.js';
import { FPGA_DEVICES, type FpgaDevice, type FpgaResource, type MemoryBlockKind } from '../hw/fpga/devices.js';
import { dramFamily } from '../hw/dram/standards.js';
import { packingSpec, type PackingFormat } from '../hw/packing.js';
import { VECTOR_LANE } from './vector-lane.js';
import { decoderLuts, LUTRAM_SOURCE, lutStructure, muxLuts } from './lut-structure.js';

/** Resources one unit of a design takes. */
export interface UnitResources {
  unit: string;
  /** What was counted, in the field's words. */
  detail: string;
  use: Partial<Record<FpgaResource, number>>;
  source: string;
}

/** Use of one resource against the device's capacity. */
export interface ResourceUse {
  resource: FpgaResource;
  used: number;
  available: number;
  /** used / available. */
  fraction: number;
}

/** The resource estimate of an FPGA design. */
export interface FpgaResourceEstimate {
  device: FpgaDevice;
  board: FpgaBoard | null;
  units: UnitResources[];
  totals: ResourceUse[];
}

/** Logic cells of a 256-entry × 1-bit ROM in 6-input LUTs: four 64-entry LUTs and their 4:1 mux (assumption). */
const LOGIC_PER_ROM_BIT_256 = 5;
const ASSUMED = 'assumption: typical of a hand-written RTL block of this kind';
/** A weight or transfer reader (address generation, outstanding-request tracking). */
const READER = { logic: 1_500, register: 3_000 };
/** The issue unit, scoreboard and instruction memory's control logic. */
const CONTROL = { logic: 3_000, register: 5_000 };

/** Blocks of `kind` for an SRAM of `banks` banks of `bytes / banks` bytes and a `widthBits` port each. */
function blocksOf(kind: MemoryBlockKind, bytes: number, banks: number, widthBits: number): number {
  const perBank = Math.max(Math.ceil(widthBits / kind.maxWidthBits), Math.ceil((bytes * 8) / banks / kind.bits));
  return banks * perBank;
}

/** The block kind an SRAM goes in: the one that takes the smaller share of the device's blocks of that kind. */
function placeSram(device: FpgaDevice, bytes: number, banks: number, widthBits: number): Partial<Record<FpgaResource, number>> {
  let best: { r: FpgaResource; n: number; share: number } | null = null;
  for (const k of device.family.memoryBlocks) {
    const n = blocksOf(k, bytes, banks, widthBits);
    const share = n / (device.resources[k.resource] ?? 0);
    if (!best || share < best.share) best = { r: k.resource, n, share };
  }
  return best ? { [best.r]: best.n } : {};
}

const sramDetail = (bytes: number, banks: number, widthBits: number, copies = 1) => `${copies > 1 ? `${copies} × ` : ''}${banks} bank(s) of ${bytes / banks} B, ${widthBits}-bit port`;

function scaleUse(use: Partial<Record<FpgaResource, number>>, n: number): Partial<Record<FpgaResource, number>> {
  return Object.fromEntries(Object.entries(use).map(([k, v]) => [k, v * n]));
}

/** How `device`'s fabric builds logic: its logic resource, the resources of an adder of `bits`, and the source of both. */
function fabricOf(device: FpgaDevice): { L: 'ALM' | 'LUT'; adder: (bits: number) => number; fabric: string } {
  const fam = device.family;
  return { L: fam.logic, adder: (bits) => Math.ceil(bits / fam.adderBitsPerLogic), fabric: `${fam.source}; ${device.source}` };
}

/** The adder-tree TAU: a sign-select adder per weight slot, accumulators and pipeline registers, weight decode ROMs. */
function adderTreeResources(design: AcceleratorDesign, device: FpgaDevice): UnitResources[] {
  const { L, adder, fabric } = fabricOf(device);
  const t = design.tau;
  const slots = design.cores.count * t.lanes * t.weightsPerLane;
  const units: UnitResources[] = [
    { unit: 'tau.adders', detail: `${slots} sign-select adders of ${t.accumulatorBits} bits`, use: { [L]: slots * adder(t.accumulatorBits) }, source: fabric },
    ...accumulatorResources(design, device),
  ];
  const spec = packingSpec(t.packing as PackingFormat);
  if (spec.decodeRom) units.push(decodeRomResources(design, device, slots));
  if (spec.computesNonZerosOnly) units.push({ unit: 'tau.decode', detail: `${slots} prefix-count adders of 8 bits (bitmap compaction)`, use: { [L]: slots * adder(8) }, source: 'assumption: one 8-bit adder per weight slot' });
  return units;
}

/** Accumulators and pipeline registers of every core's array (either engine). */
function accumulatorResources(design: AcceleratorDesign, device: FpgaDevice): UnitResources[] {
  const t = design.tau;
  const cores = design.cores.count;
  const { fabric } = fabricOf(device);
  return [
    { unit: 'tau.accumulators', detail: `${cores} × ${t.accumulators} accumulators of ${t.accumulatorBits} bits in registers`, use: { register: cores * t.accumulators * t.accumulatorBits }, source: fabric },
    { unit: 'tau.pipeline', detail: `${cores} × ${t.lanes} lanes × ${t.pipelineDepth} stages × ${t.accumulatorBits} bits`, use: { register: cores * t.lanes * t.pipelineDepth * t.accumulatorBits }, source: fabric },
  ];
}

/** Base-3 byte decode ROMs, one per `weightsPerLookup` weights the array takes a cycle. */
function decodeRomResources(design: AcceleratorDesign, device: FpgaDevice, weightSlots: number): UnitResources {
  const rom = packingSpec(design.tau.packing as PackingFormat).decodeRom!;
  const roms = Math.ceil(weightSlots / rom.weightsPerLookup);
  const perRom = rom.bitsPerEntry * LOGIC_PER_ROM_BIT_256 * Math.ceil(rom.entries / 256);
  return { unit: 'tau.decode', detail: `${roms} decode ROMs of ${rom.entries} × ${rom.bitsPerEntry} bits in LUTs`, use: { [device.family.logic]: roms * perRom }, source: `assumption: ${LOGIC_PER_ROM_BIT_256} six-input LUTs per 256 × 1-bit ROM` };
}

/**
 * The LUT engine: an accumulate adder per lookup slot (add or subtract by the index's sign,
 * folded into the LUT before the carry chain like the TAU's sign select), table builders, the
 * tables in their storage (registers with a read multiplexer per slot, LUTRAM with a LUT per read
 * port per 64 × 1 bits, or block RAM with two ports a block), index decoders, and the
 * accumulators and pipeline registers.
 */
function lutEngineResources(design: AcceleratorDesign, device: FpgaDevice): UnitResources[] {
  const { L, adder, fabric } = fabricOf(device);
  const fam = device.family;
  const t = design.tau;
  const cores = design.cores.count;
  const s = lutStructure(design);
  const st = s.lut.storage;
  const units: UnitResources[] = [
    { unit: 'tau.adders', detail: `${s.slots} lookup-accumulate adders of ${t.accumulatorBits} bits`, use: { [L]: s.slots * adder(t.accumulatorBits) }, source: fabric },
    { unit: 'tau.builders', detail: `${cores} × ${s.lut.builders} table-build adders of ${s.entryBits} bits`, use: { [L]: cores * s.lut.builders * adder(s.entryBits) }, source: fabric },
    ...accumulatorResources(design, device),
  ];
  const tableDetail = `${cores} × ${s.copies} copies × ${st.groups} tables of ${s.entries} × ${s.entryBits} bits`;
  if (st.kind === 'registers') {
    units.push({ unit: 'tau.tables', detail: `${tableDetail} in registers`, use: { register: cores * s.tableBits }, source: fabric });
    units.push({ unit: 'tau.tableMux', detail: `${s.slots} read multiplexers of ${s.muxInputs}:1 × ${s.entryBits} bits`, use: { [L]: s.slots * s.entryBits * muxLuts(s.muxInputs) }, source: 'UG574: a LUT6 is a 4:1 multiplexer (assumption: a tree of them, no F7/F8 muxes)' });
  } else if (st.kind === 'lutram') {
    const luts = cores * s.copies * s.banks * Math.ceil(s.depthPerBank / 64) * s.entryBits * st.readPorts;
    units.push({ unit: 'tau.tables', detail: `${tableDetail} in LUTRAM, ${s.banks} bank(s) × ${st.readPorts} read port(s)`, use: { [L]: luts }, source: LUTRAM_SOURCE });
  } else {
    // Block RAM: two ports a block, so ⌈readPorts / 2⌉ replicas of each bank (one write port shared, assumption).
    const kind = fam.memoryBlocks.find((k) => k.resource === (st.kind === 'uram' ? 'URAM' : fam.memoryBlocks[0]!.resource)) ?? fam.memoryBlocks[0]!;
    const perBank = Math.max(Math.ceil(s.entryBits / kind.maxWidthBits), Math.ceil((s.depthPerBank * s.entryBits) / kind.bits));
    const blocks = cores * s.copies * s.banks * Math.ceil(st.readPorts / 2) * perBank;
    units.push({ unit: 'tau.tables', detail: `${tableDetail} in ${kind.resource}, ${s.banks} bank(s) × ${st.readPorts} read port(s)`, use: { [kind.resource]: blocks }, source: fabric });
  }
  if (s.indexDecoder) {
    const inputs = 2 * s.lut.group;
    units.push({ unit: 'tau.decode', detail: `${s.slots} index decoders of ${inputs} code bits → ${s.indexBits + 1} index and sign bits`, use: { [L]: s.slots * decoderLuts(inputs, s.indexBits + 1) }, source: 'assumption: one LUT6 per output bit up to 6 inputs, four beyond' });
  }
  if (t.packing === '1.6bit' && s.lut.group !== 5) units.push(decodeRomResources(design, device, s.slots * s.lut.group));
  return units;
}

/**
 * Estimates the FPGA resources of `design` unit by unit: the matmul engine (adder tree: an adder
 * of the accumulator width per weight slot, sign-select folded into the LUT in front of the carry
 * chain, accumulators and pipeline registers, weight decode ROMs; LUT engine: lutEngineResources), vector and norm lanes (one
 * DSP multiply, three adders, LUT tables in dual-ported block RAM), every SRAM in block RAM, the
 * readers and control, the memory controllers of the channels used, and the board's shell.
 */
export function fpgaResources(design: AcceleratorDesign): FpgaResourceEstimate {
  if (design.target.type !== 'fpga') throw new Error(`${design.name} is not an FPGA design`);
  const device = FPGA_DEVICES[design.target.device]!;
  const board = design.target.board ? FPGA_BOARDS[design.target.board]! : null;
  const fam = device.family;
  const L = fam.logic;
  const adder = (bits: number) => Math.ceil(bits / fam.adderBitsPerLogic);
  const cores = design.cores.count;
  const units: UnitResources[] = design.tau.engine === 'lut' ? lutEngineResources(design, device) : adderTreeResources(design, device);
  const fabric = `${fam.source}; ${device.source}`;
  for (const name of ['vector', 'norm'] as const) {
    const v = design[name];
    if (!v) continue;
    const smallest = fam.memoryBlocks[0]!;
    units.push({
      unit: name,
      detail: `${v.lanes} lanes × (${VECTOR_LANE.bits}-bit multiply in DSP, ${VECTOR_LANE.adders} adders, ${VECTOR_LANE.registerBits} register bits)`,
      use: { DSP: Math.ceil(v.lanes / fam.multipliesPerDsp), [L]: v.lanes * VECTOR_LANE.adders * adder(VECTOR_LANE.bits), register: v.lanes * VECTOR_LANE.registerBits },
      source: fabric,
    });
    if (v.nonlinear === 'lut') {
      units.push({ unit: `${name}.lut`, detail: `${v.lanes} lanes × ${VECTOR_LANE.tables} tables of ${VECTOR_LANE.table.entries} × ${VECTOR_LANE.table.bits} bits, two lanes per dual-port block`, use: { [smallest.resource]: Math.ceil((v.lanes * VECTOR_LANE.tables) / 2) * fam.tableBlocks }, source: fabric });
    }
  }
  const wb = design.weightStream.buffer;
  units.push({ unit: 'weightBuffer', detail: sramDetail(wb.capacity, wb.banks, wb.widthBits, cores), use: scaleUse(placeSram(device, wb.capacity, wb.banks, wb.widthBits), cores), source: fabric });
  const act = design.activationSram;
  units.push({ unit: 'activationSram', detail: sramDetail(act.capacity, act.banks, act.widthBits), use: placeSram(device, act.capacity, act.banks, act.widthBits), source: fabric });
  if (design.memory.type === 'sram') {
    const m = design.memory;
    units.push({ unit: 'weightSram', detail: sramDetail(m.capacity, m.banks, m.widthBits), use: placeSram(device, m.capacity, m.banks, m.widthBits), source: fabric });
  }
  const readers = cores + 1;
  units.push({ unit: 'readers', detail: `${cores} weight reader(s) and a transfer engine`, use: { [L]: readers * READER.logic, register: readers * READER.register }, source: ASSUMED });
  units.push({ unit: 'control', detail: 'issue unit, scoreboard, instruction memory control', use: { [L]: CONTROL.logic, register: CONTROL.register }, source: ASSUMED });
  const bm = board && design.memory.type === 'dram' ? boardMemoryFor(board, design.memory.standard) : undefined;
  if (bm && design.memory.type === 'dram') {
    units.push({ unit: 'memoryControllers', detail: `${design.memory.channels} channel(s) of ${bm.standard}`, use: scaleUse(bm.controllerPerChannel, design.memory.channels), source: bm.controllerSource });
  }
  if (board) units.push({ unit: 'shell', detail: `${board.name} shell / static region`, use: { ...board.shell.resources }, source: board.shell.source });

  const totals: ResourceUse[] = [];
  for (const [r, available] of Object.entries(device.resources) as [FpgaResource, number][]) {
    const used = units.reduce((s, u) => s + (u.use[r] ?? 0), 0);
    totals.push({ resource: r, used, available, fraction: used / available });
  }
  return { device, board, units, totals };
}

/** The board memory a DRAM standard belongs to: same standard name up to its speed grade (DDR4-2400 and DDR4-3200 are both DDR4; HBM2-2.0-PC and HBM2-2.0 both HBM2). */
export function boardMemoryFor(board: FpgaBoard, standard: string): FpgaBoard['memories'][number] | undefined {
  return board.memories.find((m) => dramFamily(m.standard) === dramFamily(standard));
}
