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

/** Columns of a stored point a query may filter or sort on, with their SQL names. */
export const QUERY_COLUMNS: Record<string, string> = {
  key: 'key',
  sweep: 'sweep',
  model: 'model',
  status: 'status',
  designName: 'design_name',
  tokensPerSecond: 'tokens_per_second',
  watts: 'watts',
  joulesPerToken: 'joules_per_token',
  tokensPerSecondPerWatt: 'tokens_per_second_per_watt',
  msPerToken: 'ms_per_token',
  areaMm2: 'area_mm2',
  resourceFraction: 'resource_fraction',
  boundBy: 'bound_by',
};

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
