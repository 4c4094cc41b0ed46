import type { Result } from '../sim/result.js';
import { stableStringify } from '../util/hash.js';
import type { SweepPoint } from './design-point.js';
import { metricOf } from './metrics.js';

/** What became of a point: simulated and feasible, simulated but breaking a constraint, not simulated (pruned), or failed with an error. */
export type PointStatus = 'done' | 'infeasible' | 'pruned' | 'failed';

/** One row of a result store: the point, its status and the metrics a query filters on, and the whole Result as JSON. */
export interface StoredPoint {
  key: string;
  sweep: string;
  model: string;
  /** Parameter values by key path (stable JSON). */
  params: string;
  status: PointStatus;
  reason: string | null;
  designName: string | null;
  tokensPerSecond: number | null;
  watts: number | null;
  joulesPerToken: number | null;
  tokensPerSecondPerWatt: number | null;
  msPerToken: number | null;
  areaMm2: number | null;
  resourceFraction: number | null;
  boundBy: string | null;
  /** The Result (JSON), null when not simulated. */
  result: string | null;
}

/** Each field of a stored point as a store column: its SQL name and type. */
export const POINT_COLUMNS: readonly (readonly [keyof StoredPoint, string, string])[] = [
  ['key', 'key', 'TEXT PRIMARY KEY'],
  ['sweep', 'sweep', 'TEXT NOT NULL'],
  ['model', 'model', 'TEXT NOT NULL'],
  ['params', 'params', 'TEXT NOT NULL'],
  ['status', 'status', 'TEXT NOT NULL'],
  ['reason', 'reason', 'TEXT'],
  ['designName', 'design_name', 'TEXT'],
  ['tokensPerSecond', 'tokens_per_second', 'REAL'],
  ['watts', 'watts', 'REAL'],
  ['joulesPerToken', 'joules_per_token', 'REAL'],
  ['tokensPerSecondPerWatt', 'tokens_per_second_per_watt', 'REAL'],
  ['msPerToken', 'ms_per_token', 'REAL'],
  ['areaMm2', 'area_mm2', 'REAL'],
  ['resourceFraction', 'resource_fraction', 'REAL'],
  ['boundBy', 'bound_by', 'TEXT'],
  ['result', 'result', 'TEXT'],
];

/** Columns a query may filter or sort on (every one but the JSON ones), by field name, with their SQL names. */
export const QUERY_COLUMNS: Record<string, string> = Object.fromEntries(POINT_COLUMNS.filter(([k]) => k !== 'params' && k !== 'reason' && k !== 'result').map(([k, sql]) => [k, sql]));

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The store row of `point` with its outcome. */
export function storedPoint(sweep: string, point: SweepPoint, status: PointStatus, reason: string | null, result: Result | null): StoredPoint {
  return {
    key: point.key,
    sweep,
    model: point.model,
    params: stableStringify(point.params),
    status,
    reason,
    designName: point.design?.name ?? null,
    tokensPerSecond: result ? result.tokensPerSecond : null,
    watts: result ? result.watts : null,
    joulesPerToken: result ? result.joulesPerToken : null,
    tokensPerSecondPerWatt: result ? result.tokensPerSecondPerWatt : null,
    msPerToken: result ? result.msPerToken : null,
    areaMm2: result ? finite(metricOf(result, 'areaMm2')) : null,
    resourceFraction: result ? finite(metricOf(result, 'resourceFraction')) : null,
    boundBy: result ? result.boundBy : null,
    result: result ? JSON.stringify(result) : null,
  };
}

/** Where finished points go: the sweep asks before it simulates and writes each point as it finishes. */
export interface PointStore {
  get(key: string): StoredPoint | undefined;
  put(point: StoredPoint): void;
}
