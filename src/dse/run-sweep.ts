import type { Design } from '../design/parse-design.js';
import type { Result } from '../sim/result.js';
import type { StreamProfile } from '../hw/characterized-memory.js';
import type { ModelSpec } from '../workload/model-spec.js';
import { designPoint, shardOf, type SweepPoint } from './design-point.js';
import { nsga2 } from './nsga2.js';
import { prunedRow, simulatedRow } from './point-outcome.js';
import { gridIndices, latinHypercubeIndices, randomIndices } from './samplers.js';
import { specWorkloads } from './simulate-task.js';
import { storedPoint, type PointStore, type StoredPoint } from './stored-point.js';
import type { SweepSpec } from './sweep-spec.js';

/** What a worker needs to simulate one point (plain data: it crosses a thread boundary). */
export interface SimulationTask {
  design: Design;
  /** The model's label in results, and how to build it. */
  model: string;
  modelSpec: ModelSpec;
  batch: number;
  phase: 'decode' | 'prefill';
  context?: number;
  promptTokens?: number;
  mode: 'fast' | 'cycle';
  /** The design's memory profile when already measured (fast mode's characterized memory; see seedProfile). */
  profile?: StreamProfile;
}

/** Runs one simulation (in a worker pool, or in this thread). */
export type Evaluate = (task: SimulationTask) => Promise<Result>;

/** How a sweep runs: the slice it takes, how many points it keeps in flight, and hooks for progress and stopping. */
export interface SweepOptions {
  /** Take only the points whose key falls in shard `index` (0-based) of `count`. */
  shard?: { index: number; count: number };
  /** Points in flight at once (a worker pool queues those beyond its threads: SweepEvaluator.inFlight). */
  jobs: number;
  /** Called after each point is settled (stored, found in the store, or outside the shard). */
  onPoint?: (point: StoredPoint | null, done: number, total: number) => void;
  /** Asked before each new point: true stops the sweep after the points in flight finish. */
  shouldStop?: () => boolean;
}

/** What a sweep did. */
export interface SweepSummary {
  total: number;
  /** Already in the store (an earlier or interrupted run of the same sweep). */
  reused: number;
  simulated: number;
  infeasible: number;
  pruned: number;
  failed: number;
  /** Points that belong to other shards. */
  otherShards: number;
  stopped: boolean;
}

/** The task of a sweep point. */
export function taskOf(spec: SweepSpec, point: SweepPoint): SimulationTask {
  return { design: point.design!, model: point.model, modelSpec: spec.modelSpecs[point.model] ?? { zoo: point.model }, batch: spec.batch, phase: spec.phase, context: spec.context, promptTokens: spec.promptTokens, mode: spec.mode };
}

/**
 * Runs a sweep: generates its points (grid, random or Latin hypercube lazily; NSGA-II one
 * generation at a time), skips those already in `store`, prunes the infeasible ones cheaply
 * (reason stored), simulates the rest with at most `jobs` in flight, and writes every point to
 * the store the moment it settles. A point whose simulation throws is stored as failed with the
 * error and the sweep goes on.
 */
export async function runSweep(spec: SweepSpec, baseRaw: Record<string, unknown>, store: PointStore, evaluate: Evaluate, options: SweepOptions): Promise<SweepSummary> {
  const workloadOf = specWorkloads(spec);
  const sum: SweepSummary = { total: 0, reused: 0, simulated: 0, infeasible: 0, pruned: 0, failed: 0, otherShards: 0, stopped: false };
  const sizes = spec.parameters.map((p) => p.values.length);
  const s = spec.sampler;
  let done = 0;

  // A point drawn twice while its first draw is still in flight waits for that one.
  const pending = new Map<string, Promise<StoredPoint | null>>();
  const settle = (point: SweepPoint): Promise<StoredPoint | null> => {
    const p = pending.get(point.key) ?? settleOnce(point).finally(() => pending.delete(point.key));
    pending.set(point.key, p);
    return p;
  };

  /** Settles one point; resolves to its stored row (null outside the shard). */
  const settleOnce = async (point: SweepPoint): Promise<StoredPoint | null> => {
    if (options.shard && shardOf(point.key, options.shard.count) !== options.shard.index) {
      sum.otherShards++;
      return null;
    }
    const have = store.get(point.key);
    if (have) {
      sum.reused++;
      return have;
    }
    let row = prunedRow(spec, point, workloadOf);
    if (row !== null) {
      sum.pruned++;
    } else {
      try {
        row = simulatedRow(spec.name, spec.constraints, point, await evaluate(taskOf(spec, point)));
        if (row.status === 'infeasible') sum.infeasible++;
        else sum.simulated++;
      } catch (e) {
        row = storedPoint(spec.name, point, 'failed', e instanceof Error ? e.message : String(e), null);
        sum.failed++;
      }
    }
    store.put(row);
    return row;
  };

  /**
   * Settles points from `points` with at most `jobs` in flight, stopping early when asked; with
   * `collect`, returns the rows in order (a generation of NSGA-II), else nothing, so a sweep of any
   * size holds only the points in flight.
   */
  const drain = async (points: Iterable<SweepPoint>, collect = false): Promise<(StoredPoint | null)[]> => {
    const out: (StoredPoint | null)[] = [];
    const inFlight = new Set<Promise<void>>();
    // The first error that is not a point's own (the store failing: a full disk): no new point
    // starts, the ones in flight finish, then it is thrown (never left as an unhandled rejection).
    let failure: { error: unknown } | null = null;
    let i = 0;
    for (const point of points) {
      if (failure) break;
      if (options.shouldStop?.()) {
        sum.stopped = true;
        break;
      }
      const slot = i++;
      const p: Promise<void> = settle(point)
        .then((row) => {
          if (collect) out[slot] = row;
          options.onPoint?.(row, ++done, sum.total);
        })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= options.jobs) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw (failure as { error: unknown }).error;
    return out;
  };

  const models = spec.models;
  if (s.type === 'nsga2') {
    if (options.shard) throw new Error('an nsga2 sweep cannot be sharded: each generation depends on the one before');
    sum.total = s.population * s.generations * models.length;
    const goals = spec.objectives.map((o) => o.goal);
    for (const model of models) {
      if (sum.stopped) break;
      await nsga2(sizes, goals, s, async (genomes) => {
        const rows = await drain(genomes.map((g) => designPoint(spec, baseRaw, g, model)), true);
        return genomes.map((_, i) => objectivesOf(spec, rows[i] ?? null));
      });
    }
    return sum;
  }
  const perModel = s.type === 'grid' ? sizes.reduce((a, b) => a * b, 1) : s.points;
  sum.total = perModel * models.length;
  await drain(sweepPoints(spec, baseRaw));
  return sum;
}

/** The value-index vectors of a grid, random or Latin-hypercube sweep, lazily (an nsga2 sweep has no fixed list). */
export function sweepIndices(spec: SweepSpec): Generator<number[]> {
  const sizes = spec.parameters.map((p) => p.values.length);
  const s = spec.sampler;
  if (s.type === 'nsga2') throw new Error('an nsga2 sweep has no fixed list of points');
  return s.type === 'grid' ? gridIndices(sizes) : s.type === 'random' ? randomIndices(sizes, s.points, s.seed) : latinHypercubeIndices(sizes, s.points, s.seed);
}

/** The points of a grid, random or Latin-hypercube sweep in order, each assignment on each model (a repeated draw repeats). */
export function* sweepPoints(spec: SweepSpec, baseRaw: Record<string, unknown>): Generator<SweepPoint> {
  for (const idx of sweepIndices(spec)) for (const model of spec.models) yield designPoint(spec, baseRaw, idx, model);
}

/** The sweep's distinct points (by key), for counting and checking coverage; keeps a set of the keys seen. */
export function* distinctSweepPoints(spec: SweepSpec, baseRaw: Record<string, unknown>): Generator<SweepPoint> {
  const seen = new Set<string>();
  for (const p of sweepPoints(spec, baseRaw)) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    yield p;
  }
}

/** A stored point's objective vector; the worst value of each objective when it is not a feasible simulated point. */
export function objectivesOf(spec: SweepSpec, row: StoredPoint | null): number[] {
  return spec.objectives.map((o) => {
    const v = row && row.status === 'done' ? (row[o.metric] as number | null) : null;
    return v === null || !Number.isFinite(v) ? (o.goal === 'max' ? -Infinity : Infinity) : v;
  });
}
