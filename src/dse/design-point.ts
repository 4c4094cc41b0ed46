import { InputError } from '../design/design-error.js';
import { applyAssignments } from '../design/overrides.js';
import { designFromValue, type Design } from '../design/parse-design.js';
import { contentHash } from '../util/hash.js';
import { TERNSIM_VERSION } from '../version.js';
import type { SweepSpec } from './sweep-spec.js';

/** One point of a sweep: a value for every parameter, on one model. */
export interface SweepPoint {
  /** The content hash that keys the point in a result store (design, workload, version, mode). */
  key: string;
  /** Parameter values by key path, in the spec's order. */
  params: Record<string, unknown>;
  model: string;
  /** The validated design, or null when the assignment makes an invalid design (`invalid` says why). */
  design: Design | null;
  invalid: string | null;
}

/** What identifies a point's workload (a sweep runs zoo models with the spec's phase options). */
export function pointWorkload(spec: SweepSpec, model: string): { model: string; modelHash: string; batch: number; phase: string; context: number | null; promptTokens: number | null } {
  return { model, modelHash: contentHash(spec.modelSpecs[model] ?? { zoo: model }), batch: spec.batch, phase: spec.phase, context: spec.context ?? null, promptTokens: spec.promptTokens ?? null };
}

/**
 * The design point of `indices` (one value index per parameter) on `model`: the base design's
 * parsed file with the parameter values applied (a mapping value merges field by field), then
 * validated as a design file would be. The key hashes the validated design, so two assignments
 * that give the same design share a key; an invalid design is keyed by its assignment.
 */
export function designPoint(spec: SweepSpec, baseRaw: Record<string, unknown>, indices: readonly number[], model: string): SweepPoint {
  const params: Record<string, unknown> = {};
  const assignments = spec.parameters.map((p, d) => {
    const v = p.values[indices[d]!];
    params[p.path] = v;
    return [p.path, v] as const;
  });
  const identity = { workload: pointWorkload(spec, model), version: TERNSIM_VERSION, mode: spec.mode };
  try {
    const design = designFromValue(applyAssignments(baseRaw, assignments, spec.base), spec.base);
    return { key: contentHash({ design, ...identity }), params, model, design, invalid: null };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { key: contentHash({ base: baseRaw, params, ...identity }), params, model, design: null, invalid: e.message };
  }
}

/** The shard (0-based) a point belongs to among `count`: its key read as a number, mod count (like test runners' --shard). */
export function shardOf(key: string, count: number): number {
  return Number.parseInt(key.slice(0, 8), 16) % count;
}
