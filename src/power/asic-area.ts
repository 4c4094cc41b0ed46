import type { AcceleratorDesign } from '../design/schema.js';
import { adderCost, LOGIC_CELL_SOURCE, multiplierCost, registerCost, sumCosts, type LogicCost } from './logic-cells.js';
import { sramMacroCost } from './sram-macro.js';
import { VECTOR_LANE } from './vector-lane.js';
import { packingSpec, type PackingFormat } from '../hw/packing.js';
import { lutStructure } from './lut-structure.js';

/** Area and leakage of one unit of a design, with where the numbers come from. */
export interface UnitArea {
  unit: string;
  /** What was counted, in the field's words (e.g. "4096 lanes × 8 adders of 20 bits"). */
  detail: string;
  areaMm2: number;
  leakageW: number;
  /** Register bits in the unit (clocked every cycle). */
  registerBits?: number;
  source: string;
}

/** An ASIC's die: units, total area and leakage. */
export interface AsicArea {
  nodeNm: number;
  units: UnitArea[];
  areaMm2: number;
  leakageW: number;
}


/** SRAM made of `banks` equal macros. */
function banked(design: AcceleratorDesign, unit: string, capacity: number, banks: number, widthBits: number, copies = 1): UnitArea {
  const m = sramMacroCost(design.power.node, design.power.sramCell, capacity / banks, widthBits);
  const n = banks * copies;
  return {
    unit,
    detail: `${n} × ${capacity / banks} B macro(s), ${widthBits}-bit port`,
    areaMm2: n * m.areaMm2,
    leakageW: n * m.leakageW,
    source: m.source,
  };
}

function logic(unit: string, detail: string, c: LogicCost): UnitArea {
  return { unit, detail, areaMm2: c.areaMm2, leakageW: c.leakageW, source: LOGIC_CELL_SOURCE };
}

/** Vector-unit lanes: a multiplier, an adder, a divider's adder and registers, and LUT ROMs (or a PWL's extra adder). */
function vectorLanes(design: AcceleratorDesign, unit: 'vector' | 'norm'): UnitArea[] {
  const v = design[unit];
  if (!v) return [];
  const node = design.power.node;
  const L = VECTOR_LANE;
  const lane = sumCosts([1, multiplierCost(L.bits, node)], [L.adders, adderCost(L.bits, node)], [L.registerBits, registerCost(1, node)]);
  const out: UnitArea[] = [{ ...logic(unit, `${v.lanes} lanes × (${L.bits}-bit multiplier, ${L.adders} adders, ${L.registerBits} register bits)`, sumCosts([v.lanes, lane])), registerBits: v.lanes * L.registerBits }];
  if (v.nonlinear === 'lut') out.push({ ...banked(design, `${unit}.lut`, L.table.bytes, 1, L.table.bits, v.lanes * L.tables), detail: `${v.lanes} lanes × ${L.tables} LUTs of ${L.table.entries} × ${L.table.bits} bits` });
  return out;
}

/** Accumulators and pipeline registers of every core's array (either engine). */
function accumulatorArea(design: AcceleratorDesign): UnitArea[] {
  const node = design.power.node;
  const t = design.tau;
  const cores = design.cores.count;
  const accBits = t.accumulatorBits;
  return [
    { ...logic('tau.accumulators', `${cores} × ${t.accumulators} accumulators of ${accBits} bits`, sumCosts([cores * t.accumulators * accBits, registerCost(1, node)])), registerBits: cores * t.accumulators * accBits },
    { ...logic('tau.pipeline', `${cores} × ${t.lanes} lanes × ${t.pipelineDepth} stages × ${accBits} bits`, sumCosts([cores * t.lanes * t.pipelineDepth * accBits, registerCost(1, node)])), registerBits: cores * t.lanes * t.pipelineDepth * accBits },
  ];
}

/** The adder-tree TAU: sign-select adders, accumulators, pipeline, weight decode. */
function adderTreeArea(design: AcceleratorDesign): UnitArea[] {
  const node = design.power.node;
  const t = design.tau;
  const cores = design.cores.count;
  const adders = t.lanes * t.weightsPerLane;
  const accBits = t.accumulatorBits;
  const units: UnitArea[] = [
    logic('tau.adders', `${cores} core(s) × ${t.lanes} lanes × ${t.weightsPerLane} sign-select adders of ${accBits} bits`, sumCosts([cores * adders, adderCost(accBits, node)])),
    ...accumulatorArea(design),
  ];
  const rom = packingSpec(t.packing as PackingFormat).decodeRom;
  if (rom) {
    const decoders = Math.ceil(adders / rom.weightsPerLookup);
    units.push({ ...banked(design, 'tau.decode', (rom.entries * rom.bitsPerEntry) / 8, 1, rom.bitsPerEntry, cores * decoders), detail: `${cores} × ${decoders} decode ROMs of ${rom.entries} × ${rom.bitsPerEntry} bits` });
  }
  if (packingSpec(t.packing as PackingFormat).computesNonZerosOnly) {
    // The zero-run decoder's prefix count over the mask: one 8-bit adder per weight slot (assumption).
    units.push(logic('tau.decode', `${cores} × ${adders} prefix-count adders of 8 bits (bitmap compaction, assumption)`, sumCosts([cores * adders, adderCost(8, node)])));
  }
  return units;
}

/**
 * The LUT engine: lookup-accumulate adders, table builders, the tables (flip-flops with a read
 * multiplexer per slot, counted as (N − 1) two-input multiplexers of entry width, each taken as a
 * quarter of a one-bit adder per bit (assumption); or SRAM macros from CACTI, one per bank, copy
 * and read-port pair), index decoders (assumption: a 2G-input decoder ≈ an 8-bit adder), the
 * accumulators and pipeline.
 */
function lutEngineArea(design: AcceleratorDesign): UnitArea[] {
  const node = design.power.node;
  const t = design.tau;
  const cores = design.cores.count;
  const s = lutStructure(design);
  const st = s.lut.storage;
  const units: UnitArea[] = [
    logic('tau.adders', `${s.slots} lookup-accumulate adders of ${t.accumulatorBits} bits`, sumCosts([s.slots, adderCost(t.accumulatorBits, node)])),
    logic('tau.builders', `${cores} × ${s.lut.builders} table-build adders of ${s.entryBits} bits`, sumCosts([cores * s.lut.builders, adderCost(s.entryBits, node)])),
    ...accumulatorArea(design),
  ];
  const tableDetail = `${cores} × ${s.copies} copies × ${st.groups} tables of ${s.entries} × ${s.entryBits} bits`;
  if (st.kind === 'registers') {
    units.push({ ...logic('tau.tables', `${tableDetail} in flip-flops`, sumCosts([cores * s.tableBits, registerCost(1, node)])), registerBits: cores * s.tableBits });
    units.push(logic('tau.tableMux', `${s.slots} read multiplexers of ${s.muxInputs}:1 × ${s.entryBits} bits`, sumCosts([s.slots * (s.muxInputs - 1) * s.entryBits, adderCost(0.25, node)])));
  } else {
    const bytes = (s.depthPerBank * s.entryBits) / 8;
    const macros = s.copies * s.banks * Math.ceil(st.readPorts / 2);
    units.push({ ...banked(design, 'tau.tables', bytes, 1, s.entryBits, cores * macros), detail: `${tableDetail} in ${cores * macros} SRAM macros of ${s.depthPerBank} × ${s.entryBits} bits (dual-port, assumption)` });
  }
  if (s.indexDecoder) units.push(logic('tau.decode', `${s.slots} index decoders (assumption: each ≈ an 8-bit adder)`, sumCosts([s.slots, adderCost(8, node)])));
  return units;
}

/**
 * Area and leakage of an ASIC design by unit: the TAU arrays (adders, accumulators, pipeline
 * registers, weight decode), vector and norm lanes, and every SRAM (weight buffer per core,
 * activation SRAM, weight-stationary memory), from Aladdin logic cells and the CACTI sweep at the
 * design's node. Memory and host PHYs are added by the caller (power/memory-phy.ts); control and
 * issue logic are not counted (small next to the arrays).
 */
export function asicArea(design: AcceleratorDesign): AsicArea {
  const node = design.power.node;
  const units: UnitArea[] = design.tau.engine === 'lut' ? lutEngineArea(design) : adderTreeArea(design);
  units.push(...vectorLanes(design, 'vector'), ...vectorLanes(design, 'norm'));
  const wb = design.weightStream.buffer;
  units.push(banked(design, 'weightBuffer', wb.capacity, wb.banks, wb.widthBits, design.cores.count));
  const act = design.activationSram;
  units.push(banked(design, 'activationSram', act.capacity, act.banks, act.widthBits));
  if (design.memory.type === 'sram') units.push(banked(design, 'weightSram', design.memory.capacity, design.memory.banks, design.memory.widthBits));
  return {
    nodeNm: node,
    units,
    areaMm2: units.reduce((s, u) => s + u.areaMm2, 0),
    leakageW: units.reduce((s, u) => s + u.leakageW, 0),
  };
}
