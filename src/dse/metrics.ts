import type { Result } from '../sim/result.js';
import type { Metric } from './sweep-spec.js';

/** A metric of a Result: Result fields by name; `areaMm2` (ASIC die) and `resourceFraction` (largest FPGA resource share) from its implementation; NaN when it has none. */
export function metricOf(r: Result, metric: Metric): number {
  switch (metric) {
    case 'areaMm2':
      return r.implementation?.target === 'asic' ? r.implementation.areaMm2 : NaN;
    case 'resourceFraction':
      return r.implementation?.target === 'fpga' ? Math.max(...r.implementation.resources.map((x) => x.fraction)) : NaN;
    default:
      return r[metric];
  }
}
