import type { ClockDomain } from '../engine/clock.js';
import type { Counter, Stats } from '../engine/stats.js';
import type { Simulator } from '../engine/simulator.js';
import { packedRowBytes, type PackingFormat } from './packing.js';
import type { StreamBuffer } from './sram-buffer.js';
import { TauArray, type PassGate, type TauConfig } from './tau.js';
import type { TauPass } from './ternary-engine.js';

/** Where a LUT engine keeps its tables: flip-flops (a mux per reader), FPGA distributed RAM, block RAM, UltraRAM, or SRAM macros (ASIC). */
export type TableStorage = 'registers' | 'lutram' | 'bram' | 'uram' | 'sram';

/** All table storage kinds, for validation. */
export const TABLE_STORAGES: readonly TableStorage[] = ['registers', 'lutram', 'bram', 'uram', 'sram'];

/** The table memory of a LUT engine. */
export interface LutTableStorage {
  kind: TableStorage;
  /** Activation groups (each one table, per token of the batch) one table set holds; a longer input is processed in column chunks. */
  groups: number;
  /** Replicas of the table set; the lanes share them evenly (each copy is written with the same entries). */
  copies: number;
  /** Read ports of each bank of a copy (registers: one mux per reader, never a conflict). */
  readPorts: number;
  /** Banks of a copy; consecutive groups' tables lie in consecutive banks, each bank with one write port. */
  banks: number;
}

/** The LUT-specific part of a LUT engine (T-MAC / TeLLMe TLMM / Slim-Llama S-LUT style). */
export interface LutConfig {
  /** Activations per group G: each table holds the signed sums of one group's G activations for every weight pattern. */
  group: number;
  /** Store only the (3^G − 1)/2 patterns whose first non-zero weight is +1; the sign of the index negates the looked-up sum. */
  symmetric: boolean;
  /** Adders building table entries per cycle. */
  builders: number;
  /** Pipeline cycles from a chunk's last entry computed to its table readable. */
  buildLatency: number;
  /** Activations the builders take in a cycle (TeLLMe feeds them one a cycle); absent: as many as the builders can use. */
  activationsPerCycle?: number;
  /** Table sets: with 2, the tables of the next column chunk are built while the current one is looked up. */
  tableBuffers: 1 | 2;
  storage: LutTableStorage;
  /** Dynamic N:M activation sparsity (TENET): only n of every m activations are kept, so only their weights are looked up. */
  activationSparsity?: { n: number; m: number };
}

/** A LUT engine: the TAU's lanes, accumulators and packing, plus the table machinery; `weightsPerLane` is G × lookups per lane per cycle. */
export interface LutEngineConfig extends TauConfig {
  lut: LutConfig;
}

/** Entries of one group's table: 3^G weight patterns, or (3^G − 1)/2 with symmetry (the zero pattern needs no entry). */
export function tableEntries(group: number, symmetric: boolean): number {
  const patterns = 3 ** group;
  return symmetric ? (patterns - 1) / 2 : patterns;
}

/**
 * Adds (or negations) to build one group's table, each entry from an earlier one plus or minus
 * one activation: symmetric, the (3^G − 1)/2 entries less the G single activations (copies);
 * full, all 3^G − 1 non-zero patterns less the G positive single activations.
 */
export function buildAddsPerGroup(group: number, symmetric: boolean): number {
  return symmetric ? tableEntries(group, true) - group : 3 ** group - 1 - group;
}

/** Bits of a table entry: a signed sum of G int8 activations (|sum| ≤ 128·G). */
export function tableEntryBits(group: number): number {
  return 8 + Math.ceil(Math.log2(group));
}

/** Activations of a row of `dIn` kept under N:M sparsity (all without). */
export function keptActivations(dIn: number, sparsity: LutConfig['activationSparsity']): number {
  if (!sparsity) return dIn;
  return Math.floor(dIn / sparsity.m) * sparsity.n + Math.min(dIn % sparsity.m, sparsity.n);
}

/** Table lookups per token for one output row of `dIn` weights: one per group of kept activations. */
export function lookupsPerRow(dIn: number, lut: LutConfig): number {
  return Math.ceil(keptActivations(dIn, lut.activationSparsity) / lut.group);
}

/**
 * Cycles one round of lookups takes (every lane doing its lookups per lane once) when the lanes
 * sharing a table copy read it at once: the ceil(lanes / copies) lanes on a copy each read the
 * same ceil(lookupsPerLane / banks) groups' bank, which serves readPorts reads a cycle.
 * Registers give every reader its own multiplexer: one cycle.
 */
export function lookupRoundCycles(lanes: number, lookupsPerLane: number, storage: LutTableStorage): number {
  if (storage.kind === 'registers') return 1;
  const lanesPerCopy = Math.ceil(lanes / storage.copies);
  const groupsPerBank = Math.ceil(lookupsPerLane / storage.banks);
  return Math.ceil((lanesPerCopy * groupsPerBank) / storage.readPorts);
}

/**
 * Cycles to build `tables` group-tables: the builders' adds, the banks' one write a cycle, or the
 * activations' input rate, whichever is slowest, then the pipeline latency.
 */
export function tableBuildCycles(tables: number, lut: LutConfig): number {
  const adds = Math.ceil((tables * buildAddsPerGroup(lut.group, lut.symmetric)) / lut.builders);
  const writes = lut.storage.kind === 'registers' ? 0 : Math.ceil((tables * tableEntries(lut.group, lut.symmetric)) / lut.storage.banks);
  const inputs = lut.activationsPerCycle ? Math.ceil((tables * lut.group) / lut.activationsPerCycle) : 0;
  return Math.max(adds, writes, inputs) + lut.buildLatency;
}

/**
 * Index decodes per weight group the format costs a LUT engine: none for index codes (`tl1`,
 * `tl2`) and for base-3 bytes addressing a full table of five (the byte is the index); one to
 * fold a base-3 byte onto a symmetric table (a subtract); one to form the index from 2-bit codes
 * (a 2G-input function); and, for base-3 bytes with G ≠ 5, a byte decode too (counted per byte).
 */
export function decodesPerGroup(packing: PackingFormat, lut: LutConfig): number {
  if (packing === 'tl1' || packing === 'tl2') return 0;
  if (packing === '1.6bit' && lut.group === 5) return lut.symmetric ? 1 : 0;
  return 1;
}

/**
 * The LUT-based ternary matmul engine (T-MAC, TeLLMe's TLMM, Slim-Llama's S-LUT): for each group
 * of G activations it builds a table of the signed sums of every weight pattern, then each lane
 * looks up one entry per weight group and accumulates it — G weights per lookup instead of one
 * per adder. Modelled cycle by cycle on the TAU's stream contract:
 *
 * - tables: a pass needs the tables of its input's ⌈kept/G⌉ groups for every token of the batch;
 *   when the table set holds fewer, the weights stream in column chunks (the layout is
 *   chunk-major) and each chunk's tables are built before its lookups (with two table sets, while
 *   the previous chunk is looked up). A table set holding the whole input is built once per matvec;
 * - lookups: lanes × lookups per lane each cycle, stretched by table-port conflicts
 *   (`lookupRoundCycles`) and limited by the weight buffer's read bandwidth;
 * - actions: `lookup` (a table read and an accumulate), `skip` (an all-zero weight group with
 *   zero-skipping), `build` (an entry add), `tableWrite` (an entry written, per copy), `decode`,
 *   `copyOut`; busy time of the builders as `<name>.build`.
 */
export class LutEngine extends TauArray {
  private readonly lookup: Counter;
  private readonly build: Counter;
  private readonly tableWrite: Counter;
  private readonly buildBusy: Counter;
  /** Effective lookups per cycle after table-port conflicts. */
  readonly lookupsPerCycle: number;

  constructor(sim: Simulator, clock: ClockDomain, override readonly config: LutEngineConfig, stats: Stats, name = 'tau') {
    super(sim, clock, config, stats, name);
    const lut = config.lut;
    const perLane = config.weightsPerLane / lut.group;
    this.lookupsPerCycle = (config.lanes * perLane) / lookupRoundCycles(config.lanes, perLane, lut.storage);
    this.lookup = stats.counter(name, 'lookup');
    this.build = stats.counter(name, 'build');
    this.tableWrite = stats.counter(name, 'tableWrite');
    this.buildBusy = stats.busyCounter(`${name}.build`);
  }

  /** Lookups (per token) that `bytes` of packed rows of `dIn` feed. */
  private lookupsIn(bytes: number, dIn: number, zeroFraction: number): number {
    return (bytes * lookupsPerRow(dIn, this.config.lut)) / packedRowBytes(this.config.packing, dIn, zeroFraction);
  }

  override countActions(bytes: number, dIn: number, batch: number, zeroFraction: number): void {
    const lut = this.config.lut;
    const groups = this.lookupsIn(bytes, dIn, zeroFraction);
    const lookups = groups * batch;
    if (this.config.zeroSkipping) {
      // A group whose G weights are all zero (probability z^G for independent weights) needs no lookup.
      const zeroShare = zeroFraction ** lut.group;
      this.lookup.value += lookups * (1 - zeroShare);
      this.skip.value += lookups * zeroShare;
    } else {
      this.lookup.value += lookups;
    }
    // Index formation is per weight group, shared by the batch; base-3 bytes regrouped also decode per byte.
    this.decode.value += groups * decodesPerGroup(this.config.packing as PackingFormat, lut) + (this.config.packing === '1.6bit' && lut.group !== 5 ? bytes : 0);
  }

  override stepCycles(bytes: number, pass: Pick<TauPass, 'dIn' | 'batch' | 'zeroFraction'>, source: StreamBuffer): number {
    const perByte = (this.lookupsIn(1, pass.dIn, pass.zeroFraction)) * pass.batch;
    const perCycle = Math.min(this.lookupsPerCycle, source.readBytesPerCycle * perByte);
    return Math.max(1, Math.ceil((bytes * perByte) / perCycle - 1e-9));
  }

  /** Counts the building of `tables` group-tables (adds, and entries written into every copy) and the builders' busy time. */
  private countBuild(tables: number, cycles: number): void {
    const lut = this.config.lut;
    this.build.value += tables * buildAddsPerGroup(lut.group, lut.symmetric);
    this.tableWrite.value += tables * tableEntries(lut.group, lut.symmetric) * lut.storage.copies;
    this.buildBusy.value += cycles * this.clock.periodPs;
  }

  protected override passGate(pass: TauPass): PassGate | null {
    const lut = this.config.lut;
    const tables = lookupsPerRow(pass.dIn, lut) * pass.batch;
    const chunks = Math.ceil(tables / lut.storage.groups);
    // A table set holding the whole input serves every pass of the matvec.
    if (chunks === 1 && pass.firstOfMatvec === false) return null;
    const chunkTables = (k: number): number => (k < chunks - 1 ? lut.storage.groups : tables - lut.storage.groups * (chunks - 1));
    // Chunk k's weights start at pass offset floor(bytes·k/chunks) (chunk-major layout).
    const bounds = Array.from({ length: chunks - 1 }, (_, i) => Math.floor((pass.bytes * (i + 1)) / chunks));
    const ready: number[] = [];
    const lookStart: number[] = [];
    const period = this.clock.periodPs;
    const chunkAt = (consumed: number): number => {
      let k = 0;
      while (k < bounds.length && bounds[k]! <= consumed) k++;
      return k;
    };
    return {
      readyAt: (consumed, now) => {
        const k = chunkAt(consumed);
        if (lookStart[k] !== undefined) return now;
        if (ready[k] === undefined) {
          // With two table sets, chunk k's build began once chunk k−1's tables were built and its
          // lookups had started (its set was then free); with one, when chunk k−1's lookups ended.
          const start = k === 0 || lut.tableBuffers === 1 ? now : Math.max(ready[k - 1]!, lookStart[k - 1]!);
          const cycles = tableBuildCycles(chunkTables(k), lut);
          ready[k] = start + cycles * period;
          this.countBuild(chunkTables(k), cycles);
        }
        if (ready[k]! <= now) lookStart[k] = now;
        return ready[k]!;
      },
      bytesToGate: (consumed) => {
        const next = bounds.find((b) => b > consumed);
        return next !== undefined ? next - consumed : Infinity;
      },
      uniform: bounds.length === 0,
    };
  }
}

/**
 * Weight operations a matmul engine performed, from its actions: the adder tree's accumulations
 * and skips, or a LUT engine's lookups and skips times G weights each.
 */
export function engineWeightOps(tau: { engine?: string; lut?: { group: number } }, actions: Record<string, number> | undefined): number {
  if (!actions) return 0;
  if (tau.engine === 'lut' && tau.lut) return ((actions['lookup'] ?? 0) + (actions['skip'] ?? 0)) * tau.lut.group;
  return (actions['acc'] ?? 0) + (actions['skip'] ?? 0);
}
