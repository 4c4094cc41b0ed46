import { ClockDomain } from '../engine/clock.js';
import type { Simulator } from '../engine/simulator.js';
import type { Stats } from '../engine/stats.js';
import { DelayedMemoryPort } from '../hw/delayed-memory.js';
import { DramSystem } from '../hw/dram/dram-system.js';
import { watermarkWriteQueue } from '../hw/dram/channel.js';
import { resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { IdealMemory } from '../hw/ideal-memory.js';
import { HostLink } from '../hw/host-link.js';
import { SramMemory } from '../hw/sram-memory.js';
import { OnChipBus } from '../hw/on-chip-bus.js';
import { IssueUnit } from '../hw/issue-unit.js';
import type { MemoryPort } from '../hw/memory.js';
import { StreamBuffer } from '../hw/sram-buffer.js';
import { StreamReader } from '../hw/stream-reader.js';
import { TauArray, type TauConfig } from '../hw/tau.js';
import { LutEngine, type LutConfig } from '../hw/lut-engine.js';
import { TransferEngine } from '../hw/transfer-engine.js';
import type { VectorUnitConfig } from '../hw/vector-unit.js';
import type { DenseFormat, PackingFormat } from '../hw/packing.js';
import type { AcceleratorDesign } from '../design/schema.js';
import { periodPsFromHz } from '../util/units.js';

/** One core: a TAU array with its own weight buffer, weight reader and weight port. */
export interface Core {
  index: number;
  tau: TauArray;
  weightBuffer: StreamBuffer;
  weightReader: StreamReader;
  /** The unit name a matvec on this core holds for its weight port. */
  weightPort: string;
}

/** Whether `design`'s cores split every matvec's rows and so stream side by side through one memory. */
export function coresStreamSideBySide(design: AcceleratorDesign): boolean {
  return design.cores.count > 1 && design.cores.partition === 'rows';
}

/** The component instances of one accelerator design inside one simulation. */
export interface Machine {
  design: AcceleratorDesign;
  clock: ClockDomain;
  memory: MemoryPort;
  /** Core 0's weight buffer and reader (the only ones of a single-core design). */
  weightBuffer: StreamBuffer;
  weightReader: StreamReader;
  /** Every core; core 0's TAU, buffer and reader are also `tau`, `weightBuffer`, `weightReader`. */
  cores: Core[];
  loadStore: TransferEngine;
  /** Transfers to and from the host over its link (embedding rows in, logits out), when the design has a host. */
  host: TransferEngine | null;
  tau: TauArray;
  /**
   * The array that runs a dense (bf16/fp16/int8/int4) matvec: the vector unit's lanes as
   * multiply-accumulators, one weight per lane per cycle, fed by the same weight stream.
   */
  denseMac: (format: DenseFormat) => TauArray;
  vector: VectorUnitConfig;
  /** The unit that runs RMSNorm and quantization: `norm` when the design has one, else `vector`. */
  normUnit: { name: string; config: VectorUnitConfig };
  issue: IssueUnit;
  /** Unit names that tasks hold: the weight port and the load/store port are one when shared. */
  ports: { weights: string; loadStore: string };
}

/** The core clock of `design`. */
export function coreClock(design: AcceleratorDesign): ClockDomain {
  return new ClockDomain('core', periodPsFromHz(design.clock));
}

/**
 * Instantiates the hardware of `design` on a simulator. `offChip`, when given, stands in for the
 * design's off-chip memory path (fast mode's characterized memory); by default it is built from
 * the design (`buildOffChipMemory`). `announceArrivals` (fast mode): the weight readers announce
 * their responses' arrivals to the buffers ahead (StreamBuffer.arriveAt), and they and the
 * load/store unit take response times at issue where the memory knows them.
 */
export function buildMachine(design: AcceleratorDesign, sim: Simulator, stats: Stats, offChip?: MemoryPort, announceArrivals = false): Machine {
  const clock = coreClock(design);
  offChip ??= buildOffChipMemory(design, sim, stats, clock);
  const memory = design.interconnect ? new OnChipBus(sim, clock, offChip, design.interconnect.bytesPerCycle, stats) : offChip;
  const buf = design.weightStream.buffer;
  const ports = design.sharedMemoryPort ? { weights: 'memPort', loadStore: 'memPort' } : { weights: 'weightPort', loadStore: 'loadStorePort' };
  // Core k > 0 names its parts `tau.core<k>`, `weightBuffer.core<k>`: the energy tables' families.
  const cores: Core[] = Array.from({ length: design.cores.count }, (_, index) => {
    const suffix = index === 0 ? '' : `.core${index}`;
    const weightBuffer = new StreamBuffer(
      { capacityBytes: buf.capacity, banks: buf.banks, widthBits: buf.widthBits, latencyCycles: buf.latencyCycles },
      buf.mode,
      stats,
      `weightBuffer${suffix}`,
      announceArrivals ? sim : undefined,
    );
    const weightReader = new StreamReader(sim, clock, memory, weightBuffer, announceArrivals ? { ...design.weightStream, announceArrivals } : design.weightStream);
    const tau = matmulEngine(design, sim, clock, stats, `tau${suffix}`);
    return { index, tau, weightBuffer, weightReader, weightPort: index === 0 || design.sharedMemoryPort ? ports.weights : `${ports.weights}${suffix}` };
  });
  const { tau, weightBuffer, weightReader } = cores[0]!;
  const loadStore = new TransferEngine(sim, clock, memory, design.transfer, stats, 'loadStore', announceArrivals);
  const issue = new IssueUnit(sim, clock, design.issue, stats);
  const normUnit = design.norm ? { name: 'norm', config: design.norm } : { name: 'vector', config: design.vector };
  const h = design.host;
  const host = h
    ? new TransferEngine(sim, clock, new HostLink(sim, { bytesPerSecond: h.bandwidth, latencyPs: h.latency }, stats), { requestBytes: h.requestBytes, maxOutstanding: h.maxOutstanding, reissueCycles: 0 }, stats, 'hostTransfer')
    : null;
  const macs = new Map<DenseFormat, TauArray>();
  const denseMac = (format: DenseFormat): TauArray => {
    let a = macs.get(format);
    if (!a) {
      const v = design.vector;
      // A MAC lane: a multiply then an accumulate, pipelined (the vector unit's mul + add latencies).
      const config = { lanes: v.lanes, weightsPerLane: 1, accumulatorBits: 32, accumulators: design.tau.accumulators, pipelineDepth: v.latency.mul + v.latency.add, copyOutPerCycle: v.lanes, packing: format, zeroSkipping: false };
      a = new TauArray(sim, clock, config, stats, 'denseMac');
      macs.set(format, a);
    }
    return a;
  };
  return { design, clock, memory, weightBuffer, weightReader, cores, loadStore, host, tau, denseMac, vector: design.vector, normUnit, issue, ports };
}

/** The design's ternary matmul engine: an adder-tree TAU array or a LUT engine (the one place that tells them apart). */
function matmulEngine(design: AcceleratorDesign, sim: Simulator, clock: ClockDomain, stats: Stats, name: string): TauArray {
  const { engine, lut, ...rest } = design.tau;
  const config: TauConfig = { ...rest, packing: design.tau.packing as PackingFormat };
  return engine === 'lut' && lut ? new LutEngine(sim, clock, { ...config, lut: lut as LutConfig }, stats, name) : new TauArray(sim, clock, config, stats, name);
}

/**
 * The off-chip memory path of `design` as its cores' ports see it, the on-chip bus excluded: an
 * ideal memory, an SRAM, or a DRAM system behind the controller's latency.
 */
export function buildOffChipMemory(design: AcceleratorDesign, sim: Simulator, stats: Stats, clock: ClockDomain): MemoryPort {
  const m = design.memory;
  if (m.type === 'ideal') return new IdealMemory(sim, stats, clock.cycles(m.latencyCycles), 'mem');
  if (m.type === 'sram') return new SramMemory(sim, clock, { capacityBytes: m.capacity, banks: m.banks, widthBits: m.widthBits, latencyCycles: m.latencyCycles }, stats);
  const standard = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
  const dram = new DramSystem(
    sim,
    stats,
    {
      standard,
      channels: m.channels,
      mapping: m.mapping,
      pagePolicy: m.pagePolicy,
      queueDepth: m.queueDepth,
      ...(m.channelInterleave !== undefined ? { channelInterleaveBytes: m.channelInterleave } : {}),
      ...(m.refresh !== undefined ? { refresh: m.refresh } : {}),
      ...(m.writeQueueDepth !== undefined ? { writeQueue: watermarkWriteQueue(m.writeQueueDepth) } : {}),
    },
    'dram',
  );
  if (m.controllerLatency === 0) return dram;
  const half = Math.round(m.controllerLatency / 2);
  return new DelayedMemoryPort(sim, dram, half, m.controllerLatency - half);
}
