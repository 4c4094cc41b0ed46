import type { AcceleratorDesign } from '../design/schema.js';
import { Simulator } from '../engine/simulator.js';
import { Stats } from '../engine/stats.js';
import { resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { compile } from '../mapping/compile.js';
import { buildMachine, coresStreamSideBySide, type Machine } from '../mapping/machine.js';
import { DEFAULT_FAST_MODE, type FastModeOptions, type SimMode } from '../mapping/matvec-task.js';
import { layoutMemory } from '../mapping/memory-layout.js';
import type { PackingFormat } from '../hw/packing.js';
import { dramEnergy } from '../power/dram-energy.js';
import { onChipEnergyTable, type EnergyTable } from '../power/energy-table.js';
import { computePower } from '../power/power-model.js';
import { boardPowerModel, type StaticSource } from '../power/board-power.js';
import { clockedRegisterBits, implementationOf, implementationWarnings } from '../power/implementation.js';
import { contentHash } from '../util/hash.js';
import { bufferPhasePeriod, foldLayers, nearestPhaseLayer, steadyLayersAgree } from './layer-folding.js';
import { CharacterizedMemory } from '../hw/characterized-memory.js';
import { engineWeightOps } from '../hw/lut-engine.js';
import { placedOnHost } from '../mapping/host-placement.js';
import { profileWeightStream } from './stream-profile.js';
import { fastModeReader, streamsThroughDram } from './fast-mode-memory.js';
import { ActivityRecorder, type Timeline } from './timeline.js';
import { psToSeconds } from '../util/units.js';
import { TERNSIM_VERSION } from '../version.js';
import type { Workload } from '../workload/ops.js';
import type { MemoryPort } from '../hw/memory.js';
import type { BoundBy, Result, UnitUtilization } from './result.js';

/** Options of one simulation. */
export interface SimulateOptions {
  mode: SimMode;
  fast?: FastModeOptions;
  /** Records each op's span on its unit (see Timeline.toChromeTrace). */
  timeline?: Timeline;
}

/** Simulates one decode step of `workload` on `design` and returns its Result. Pure: no I/O. */
export function simulate(design: AcceleratorDesign, workload: Workload, options: SimulateOptions): Result {
  const fast = options.fast ?? DEFAULT_FAST_MODE;
  // Cores that split rows stream side by side, and how their streams meet refreshes differs from
  // layer to layer by more than fast mode's 0.5%: such designs are simulated in full.
  const fold = options.mode === 'fast' && !coresStreamSideBySide(design);
  let run = runStep(design, workload, options, fast, fold);
  let eventsProcessed = run.sim.eventsProcessed;
  if (run.folded && run.steadyLayerPs && !steadyLayersAgree(run.steadyLayerPs, fast.foldTolerance, run.phasePeriod)) {
    // The steady layers disagree (the stream meets refreshes at a different phase in each): their
    // average does not stand for the folded layers, so every layer is simulated.
    run = runStep(design, workload, options, fast, false);
    eventsProcessed += run.sim.eventsProcessed;
  }
  const { stats, machine, layout, folded, activity, simulatedPs } = run;
  const endPs = run.endPs;
  const actions = stats.actions();
  const busy = stats.busy();
  const implementation = implementationOf(design);
  const cycles = endPs / machine.clock.periodPs;
  actions['clock'] = { registerBitCycles: clockedRegisterBits(implementation) * cycles };
  const { table, extraStatic, burstBytes, channels, wordBytes } = memoryPowerModel(design);
  const board = boardPowerModel(design, implementation, extraStatic);
  const power = computePower({ table, actions, timePs: endPs, tokens: workload.batch, board });
  const seconds = psToSeconds(endPs);

  const units: Record<string, UnitUtilization> = {};
  for (const [name, ps] of Object.entries(busy)) if (!name.startsWith(`${machine.memory.name}.`)) units[name] = { busyFraction: ps / endPs };
  const memBusy = Object.entries(busy).filter(([n]) => n.startsWith(`${machine.memory.name}.`));
  const busUtilization =
    design.memory.type === 'sram'
      ? (busy[machine.memory.name] ?? 0) / endPs
      : channels > 0 && memBusy.length > 0
        ? memBusy.reduce((s, [, ps]) => s + ps, 0) / (channels * endPs)
        : null;
  const { bytesRead, bytesWritten } = memoryBytes(actions, machine.memory.name, burstBytes, wordBytes ?? 0);

  const tauPower = power.byComponent.find((c) => c.component === 'tau');
  const accs = engineWeightOps(design.tau, actions['tau']);
  return {
    ternsimVersion: TERNSIM_VERSION,
    mode: options.mode,
    design: { name: design.name, hash: contentHash(design), target: design.target.type },
    workload: { model: workload.model, phase: workload.phase, batch: workload.batch, layers: workload.layers, hash: workloadHash(workload) },
    tokensPerSecond: workload.batch / seconds,
    msPerToken: seconds * 1e3,
    timeToFirstTokenMs: workload.phase === 'prefill' ? seconds * 1e3 : null,
    stepTimePs: endPs,
    cycles,
    watts: power.watts,
    staticWatts: power.staticWatts,
    dynamicWatts: power.dynamicWatts,
    joulesPerToken: power.joulesPerToken,
    picojoulesPerAccumulate: accs > 0 && tauPower ? (tauPower.energyJ * 1e12) / accs : 0,
    tokensPerSecondPerWatt: workload.batch / seconds / power.watts,
    boundBy: boundBy(units, busUtilization, design.memory.type === 'sram'),
    units,
    memory: {
      weightBytes: folded ? layoutMemory(workload.ops, design.tau.packing as PackingFormat).weightBytes : layout.weightBytes,
      bytesRead,
      bytesWritten,
      achievedBytesPerSecond: bytesRead / seconds + bytesWritten / seconds,
      peakBytesPerSecond: Number.isFinite(machine.memory.peakBytesPerSecond) ? machine.memory.peakBytesPerSecond : null,
      busUtilization,
    },
    power: { byComponent: power.byComponent, staticSources: power.staticSources, junctionC: power.junctionC },
    implementation,
    compute: { peakOpsPerSecond: peakWeightOpsPerSecond(design), opsPerStep: accs + (actions['denseMac']?.['acc'] ?? 0) },
    activity: activity.activity(simulatedPs),
    actions,
    eventsProcessed,
    warnings: [...accumulatorWarnings(design, workload), ...hostPlacementWarnings(design, workload), ...power.warnings, ...implementationWarnings(implementation)],
  };
}

/** Content hashes of workloads seen (workloads are immutable; a sweep simulates the same one many times). */
const workloadHashes = new WeakMap<Workload, string>();

function workloadHash(w: Workload): string {
  let h = workloadHashes.get(w);
  if (h === undefined) workloadHashes.set(w, (h = contentHash(w)));
  return h;
}

/** One run of the step: the machine, its statistics and when the step ended (folded layers included). */
interface StepRun {
  sim: Simulator;
  stats: Stats;
  machine: Machine;
  layout: ReturnType<typeof layoutMemory>;
  folded: ReturnType<typeof foldLayers>;
  activity: ActivityRecorder;
  /** Time the simulated ops took (ps), and the step's time with the folded layers added. */
  simulatedPs: number;
  endPs: number;
  /** Time of each steady layer (ps), when folded. */
  steadyLayerPs: number[] | null;
  /** Layers in one period of the steady layers' time pattern (see bufferPhasePeriod). */
  phasePeriod: number;
}

/** One run of the step, with its decoder layers folded (steadySample) when `fold` and the workload allows. */
function runStep(design: AcceleratorDesign, workload: Workload, options: SimulateOptions, fast: FastModeOptions, fold: boolean): StepRun {
  const sim = new Simulator();
  const stats = new Stats();
  const characterized = options.mode === 'fast' && fast.characterizedMemory && streamsThroughDram(design);
  // Against a characterized memory the reader issues coalesced requests (fastModeReader).
  const machine = characterized
    ? buildMachine({ ...design, weightStream: fastModeReader(design) }, sim, stats, new CharacterizedMemory(sim, stats, profileWeightStream(design)), true)
    : buildMachine(design, sim, stats);
  const packing = design.tau.packing as PackingFormat;
  const sample = fold ? steadySample(design, workload, machine.memory, fast) : null;
  const folded = sample && sample.layers > 0 ? foldLayers(workload, sample.layers) : null;
  const simulated = folded ? folded.workload : workload;
  const layout = layoutMemory(simulated.ops, packing);
  const watch = folded ? new LayerWatch(simulated, folded.keptLayers, folded.steadyLayers, sim, stats) : null;
  const activity = new ActivityRecorder();
  const tasks = compile(simulated, {
    sim,
    stats,
    machine,
    layout,
    mode: options.mode,
    fast,
    onTaskDone: watch ? (i) => watch.taskDone(i) : undefined,
    onSpan: spanRecorder(activity, options.timeline ? timelineRecorder(options.timeline, machine) : undefined),
  });
  let endPs = -1;
  machine.issue.run(tasks, () => {
    endPs = sim.now;
  });
  sim.run();
  if (endPs < 0) throw new Error(`simulation of ${workload.model} on ${design.name} deadlocked at ${sim.now} ps with ${sim.pending} events pending`);
  machine.memory.finish(endPs);
  const simulatedPs = endPs;
  if (folded && watch) endPs += watch.unfold(folded.foldedLayers, sample?.layerHalves ?? null);
  return { sim, stats, machine, layout, folded, activity, simulatedPs, endPs, steadyLayerPs: watch ? watch.layerTimes() : null, phasePeriod: sample?.period ?? 1 };
}


/**
 * Records each op's span on its unit and, at each op's end, the weight stream's arrival rate since
 * the previous one (GB/s): memory activity next to the units it feeds.
 */
function timelineRecorder(timeline: Timeline, machine: Machine): (unit: string, opId: string, t0: number, t1: number) => void {
  let lastPs = 0;
  let lastBytes = 0;
  return (unit, opId, t0, t1) => {
    timeline.span(unit, opId, t0, t1);
    const bytes = machine.weightBuffer.positions.arrived;
    if (t1 > lastPs) {
      timeline.counter('weight stream GB/s', lastPs, ((bytes - lastBytes) / (t1 - lastPs)) * 1e3);
      lastPs = t1;
      lastBytes = bytes;
    }
  };
}

/** Records each span for the Result's activity bins, and passes it on to a timeline when there is one. */
function spanRecorder(activity: ActivityRecorder, next: ((unit: string, opId: string, t0: number, t1: number) => void) | undefined): (unit: string, opId: string, t0: number, t1: number) => void {
  return (unit, opId, t0, t1) => {
    activity.record(unit, t0, t1);
    next?.(unit, opId, t0, t1);
  };
}

/** Weights every adder of every core can take per second (one ternary accumulate each per cycle). */
function peakWeightOpsPerSecond(design: AcceleratorDesign): number {
  return design.tau.lanes * design.tau.weightsPerLane * design.cores.count * design.clock;
}

/** Op ids the design's host processor names that match no op of the workload (a typo, or a model without that op). */
function hostPlacementWarnings(design: AcceleratorDesign, workload: Workload): string[] {
  const host = design.hostProcessor;
  if (!host) return [];
  return host.ops
    .filter((id) => !workload.ops.some((op) => placedOnHost(op, { ...host, ops: [id] })))
    .map((id) => `hostProcessor.ops: ${JSON.stringify(id)} names no op of ${workload.model}, so it runs nothing there`);
}

/**
 * Accumulators too narrow for the worst case of a ternary row: int8 activations (−128 … 127)
 * summed with signs over dIn weights reach 128·dIn in magnitude, which needs
 * ⌈log2(128·dIn)⌉ + 1 signed bits; narrower accumulators saturate on such rows (same timing).
 */
function accumulatorWarnings(design: AcceleratorDesign, workload: Workload): string[] {
  let worst: { dIn: number; id: string } | null = null;
  for (const op of workload.ops) {
    if (op.kind !== 'matvec' || (op.weightDtype ?? 'ternary') !== 'ternary') continue;
    if (!worst || op.dIn > worst.dIn) worst = { dIn: op.dIn, id: op.id };
  }
  if (!worst) return [];
  const needed = Math.ceil(Math.log2(128 * worst.dIn)) + 1;
  const bits = design.tau.accumulatorBits;
  if (bits >= needed) return [];
  return [`tau.accumulatorBits ${bits} can saturate: a row of ${worst.id} (dIn ${worst.dIn}) sums to ±128·${worst.dIn} at worst, which needs ${needed} bits`];
}

/**
 * Most drift from a whole number of buffer halves a phase period may have (see bufferPhasePeriod).
 * Assumption, checked against cycle mode: 1/64 of a half per period keeps the 16 U280 sweep
 * variants and the shipped designs within 0.35%; 1.3B at 1.6 bits (0.06 of a half per 8 layers)
 * then folds no more, which cost speed, not accuracy.
 */
const MAX_PHASE_DRIFT = 1 / 64;

/**
 * A looser drift bound for streams whose phase period spans at least LONG_PERIOD_REFRESHES
 * refresh intervals (at peak bandwidth, a lower bound on its time), or meets no refresh stall:
 * each folded layer is unfolded as the steady layer nearest to it in phase, so drift costs only
 * where a folded layer's phase and its stand-in's straddle an op boundary. The bound matters
 * where refresh stalls fall differently in each layer: a sample spanning few intervals holds one
 * stall more or less than its share (~1.5% of a 16-channel U280 layer), which the folded layers
 * would repeat. Assumption, checked against cycle mode on the shipped U280 sweep (docs/fast-mode.md).
 */
const MAX_PHASE_DRIFT_LONG = 0.07;
/** Refresh intervals a phase period must span at peak bandwidth for MAX_PHASE_DRIFT_LONG (a sample of that many holds its share of stalls to within 1/128). */
const LONG_PERIOD_REFRESHES = 128;

/**
 * Steady layers fast mode simulates (`layers`, 0: none, every layer is simulated) and the period
 * of the layer-time pattern they span. At least `fast.steadyLayers`, more until they span about
 * `fast.steadyRefreshIntervals` refresh intervals, estimated from one layer's packed weight bytes
 * at the memory's peak bandwidth (an estimate that sizes the sample, not a result); whole
 * buffer-phase periods of a double-buffered stream (none when the phase does not repeat within
 * `fast.maxSteadyLayers` layers: the step is simulated whole); a multiple of the core count when
 * layers alternate between cores.
 */
function steadySample(design: AcceleratorDesign, workload: Workload, memory: MemoryPort, fast: FastModeOptions): { layers: number; period: number; layerHalves: number | null } {
  const packing = design.tau.packing as PackingFormat;
  const cores = design.cores.count;
  const layerBytes = workload.layers > 0 ? layoutMemory(workload.ops.filter((op) => op.layer === workload.layers - 1), packing).weightBytes : 0;
  const buffer = design.weightStream.buffer;
  // Each core's buffer meets one layer in `cores`: its phase advances by a layer's bytes per core round.
  const maxLayers = Math.floor(fast.maxSteadyLayers / cores);
  const half = Math.floor(buffer.capacity / 2);
  let phase = buffer.mode === 'double-buffer' && layerBytes > 0 ? bufferPhasePeriod(layerBytes, half, maxLayers, MAX_PHASE_DRIFT) : 1;
  if (phase === null && cores === 1) {
    const loose = bufferPhasePeriod(layerBytes, half, maxLayers, MAX_PHASE_DRIFT_LONG);
    if (loose !== null && spansManyRefreshes(memory, loose * layerBytes)) phase = loose;
  }
  if (phase === null) return { layers: 0, period: 1, layerHalves: null };
  const period = phase * cores;
  const wanted = Math.min(fast.maxSteadyLayers, Math.max(fast.steadyLayers, refreshSpanLayers(memory, layerBytes, fast)));
  // One core's layers follow each other through its buffer: each folded layer is unfolded as the steady layer nearest to it in phase.
  const layerHalves = buffer.mode === 'double-buffer' && cores === 1 && layerBytes > 0 ? layerBytes / half : null;
  // At least two periods where they fit: steadyLayersAgree compares periods with each other, and a
  // single one has nothing to compare with, so a pattern longer than the buffer's (e.g. a LUT
  // engine's column chunks meeting the request stream at a phase that repeats every 8 layers, while
  // the buffer's repeats every 4: tenet-style-u280 on mmfree-2.7b was 0.55% off with one period)
  // would stand unchecked.
  const minPeriods = period > 1 && 2 * period <= fast.maxSteadyLayers ? 2 : 1;
  return { layers: Math.max(Math.floor(wanted / period), Math.ceil(fast.steadyLayers / period), minPeriods) * period, period, layerHalves };
}

/** Whether `bytes` streamed at the memory's peak rate span LONG_PERIOD_REFRESHES refresh intervals, or the memory has no refresh stalls. */
function spansManyRefreshes(memory: MemoryPort, bytes: number): boolean {
  if (memory.refreshIntervalPs <= 0) return true;
  return Number.isFinite(memory.peakBytesPerSecond) && (bytes / memory.peakBytesPerSecond) * 1e12 >= LONG_PERIOD_REFRESHES * memory.refreshIntervalPs;
}

/** Layers that span about `fast.steadyRefreshIntervals` refresh intervals of `memory` at its peak rate (0 when it has no refresh stalls to average). */
function refreshSpanLayers(memory: MemoryPort, layerBytes: number, fast: FastModeOptions): number {
  if (memory.refreshIntervalPs <= 0 || !Number.isFinite(memory.peakBytesPerSecond) || layerBytes <= 0) return 0;
  const layerPs = (layerBytes / memory.peakBytesPerSecond) * 1e12;
  return Math.ceil((fast.steadyRefreshIntervals * memory.refreshIntervalPs) / layerPs);
}

/** Energy table (on-chip + memory), memory background power, and the burst size for byte counts. */
function memoryPowerModel(design: AcceleratorDesign): { table: EnergyTable; extraStatic: StaticSource[]; burstBytes: number; channels: number; wordBytes?: number } {
  const table = onChipEnergyTable(design);
  const m = design.memory;
  if (m.type === 'ideal') {
    const none = { pJ: 0, source: 'ideal memory (testbench stand-in): no energy model' };
    table['mem'] = { rd: none, wr: none, bytesRead: none, bytesWritten: none };
    return { table, extraStatic: [], burstBytes: 0, channels: 0 };
  }
  if (m.type === 'sram') return { table, extraStatic: [], burstBytes: 0, channels: 0, wordBytes: m.widthBits / 8 };
  const std = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
  const e = dramEnergy(std);
  table['dram'] = e.actions;
  const burstBytes = (std.organization.busWidthBits / 8) * std.organization.burstLength;
  const extraStatic = e.backgroundW.watts > 0 ? [{ name: 'dram', watts: e.backgroundW.watts * m.channels, source: `${m.channels} × ${e.backgroundW.source}` }] : [];
  // Each pseudo-channel has its own data bus.
  return { table, extraStatic, burstBytes, channels: m.channels * std.organization.pseudoChannels };
}

function memoryBytes(actions: Record<string, Record<string, number>>, memName: string, burstBytes: number, wordBytes: number): { bytesRead: number; bytesWritten: number } {
  let bytesRead = 0;
  let bytesWritten = 0;
  for (const [comp, acts] of Object.entries(actions)) {
    if (comp !== memName && !comp.startsWith(`${memName}.`)) continue;
    if (wordBytes > 0) {
      bytesRead += (acts['read'] ?? 0) * wordBytes;
      bytesWritten += (acts['write'] ?? 0) * wordBytes;
    } else if (burstBytes > 0) {
      bytesRead += (acts['rd'] ?? 0) * burstBytes;
      bytesWritten += (acts['wr'] ?? 0) * burstBytes;
    } else {
      bytesRead += acts['bytesRead'] ?? 0;
      bytesWritten += acts['bytesWritten'] ?? 0;
    }
  }
  return { bytesRead, bytesWritten };
}

/**
 * What bounds the step. A resource bounds it when it is (nearly) saturated: the DRAM data bus
 * busy ≥ 80% of the time (refresh alone caps it near 90–95%), the TAU array ≥ 90%, the vector or
 * norm unit ≥ 90%. Otherwise, if the TAU sat starved for weights for more than 5% of the step
 * while the bus had room, requests are too few or too serial to cover the memory latency
 * (dram-latency). Failing all of those, the busiest of the three.
 */
function boundBy(units: Record<string, UnitUtilization>, bus: number | null, onChip: boolean): BoundBy {
  const f = (n: string) => units[n]?.busyFraction ?? 0;
  const b = bus ?? 0;
  const sfu = Math.max(f('vector'), f('norm'));
  const bandwidth: BoundBy = onChip ? 'sram-bandwidth' : 'dram-bandwidth';
  if (b >= 0.8) return bandwidth;
  if (f('bus') >= 0.8) return 'interconnect';
  const compute = Math.max(f('tau'), f('denseMac'));
  if (compute >= 0.9) return 'compute';
  if (sfu >= 0.9) return 'sfu';
  if (f('tau.starved') * (1 - b) >= 0.05) return onChip ? 'sram-latency' : 'dram-latency';
  if (f('hostTransfer') >= 0.5) return 'host-link';
  const candidates: [BoundBy, number][] = [
    ['host-link', f('hostTransfer')],
    ['interconnect', f('bus')],
    [bandwidth, b],
    ['compute', compute],
    ['sfu', sfu],
  ];
  candidates.sort((x, y) => y[1] - x[1]);
  return candidates[0]![0];
}

/**
 * Records when the steady layers of a folded workload complete (all their ops done) and the
 * statistics at those moments, then adds the folded layers: each as a copy of the steady layer
 * whose weights meet the double buffer's halves at the nearest phase (see nearestPhaseLayer), or,
 * where the buffer sets no phase, of the steady layers' average.
 */
class LayerWatch {
  private readonly remaining: number[];
  private readonly layerOf: Int32Array;
  private readonly marks: { t: number; snap: Map<string, number> }[] = [];

  constructor(
    w: Workload,
    private readonly keptLayers: number,
    private readonly steadyLayers: number,
    private readonly sim: Simulator,
    private readonly stats: Stats,
  ) {
    this.remaining = new Array<number>(keptLayers).fill(0);
    this.layerOf = new Int32Array(w.ops.length);
    w.ops.forEach((op, i) => {
      this.layerOf[i] = op.layer;
      if (op.layer >= 0) this.remaining[op.layer]!++;
    });
  }

  taskDone(i: number): void {
    const l = this.layerOf[i]!;
    if (l < this.keptLayers - 1 - this.steadyLayers || --this.remaining[l]! > 0) return;
    this.marks.push({ t: this.sim.now, snap: this.stats.snapshot(['']) });
  }

  /** Time each steady layer took (ps), in order. */
  layerTimes(): number[] {
    return this.marks.slice(1).map((m, i) => m.t - this.marks[i]!.t);
  }

  /**
   * Adds the `n` folded layers' time and actions; returns the time to add (ps). With
   * `layerHalves` (one layer's weight bytes in double-buffer halves), folded layer j takes the
   * time and actions of the steady layer nearest to it in buffer phase; without, each takes the
   * steady layers' average.
   */
  unfold(n: number, layerHalves: number | null): number {
    const m = this.marks;
    if (m.length !== this.steadyLayers + 1) throw new Error('layer folding: steady-state layers did not complete');
    if (layerHalves === null) {
      this.stats.addDelta(m[0]!.snap, m[m.length - 1]!.snap, n / this.steadyLayers);
      return Math.round((n * (m[m.length - 1]!.t - m[0]!.t)) / this.steadyLayers);
    }
    const copies = new Array<number>(this.steadyLayers).fill(0);
    // Folded layer j (0-based after the last kept layer) is steadyLayers + j layers after the first steady one.
    for (let j = 0; j < n; j++) copies[nearestPhaseLayer(this.steadyLayers + j, this.steadyLayers, layerHalves)]!++;
    let ps = 0;
    copies.forEach((c, q) => {
      if (c === 0) return;
      this.stats.addDelta(m[q]!.snap, m[q + 1]!.snap, c);
      ps += c * (m[q + 1]!.t - m[q]!.t);
    });
    return ps;
  }
}
