import { whyModelDoesNotFit, workloadFootprint } from '../design/fit.js';
import type { Design } from '../design/parse-design.js';
import { channelPeakBytesPerSecond, resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { packingSpec, type PackingFormat } from '../hw/packing.js';
import { boardPowerModel } from '../power/board-power.js';
import { computePower } from '../power/power-model.js';
import { implementationOf, type Implementation } from '../power/implementation.js';
import { fitProblems } from '../power/implementation-fit.js';
import type { Result } from '../sim/result.js';
import type { Workload } from '../workload/ops.js';
import { metricOf } from './metrics.js';
import type { SweepSpec } from './sweep-spec.js';

const fmt = (x: number) => Number(x.toPrecision(4)).toString();

/**
 * Upper bound on a design's tokens/s for a workload, without simulating: the batch over the
 * longer of streaming the packed weights at the memory's peak bandwidth and doing every ternary
 * accumulate (only the non-zero ones for a format that skips zeros in time) on all adders at the
 * clock. Infinity when the memory has no peak (ideal).
 */
export function rooflineTokensPerSecond(design: Design, workload: Workload): number {
  const m = design.memory;
  const weights = workloadFootprint(workload, design.tau.packing as PackingFormat, design.host !== undefined).weights;
  const peak = m.type === 'dram' ? m.channels * channelPeakBytesPerSecond(resolveDramStandard(m.standard, m.timing as DramTimingOverrides)) : m.type === 'sram' ? m.banks * (m.widthBits / 8) * design.clock : Infinity;
  // A format that lets the array spend cycles on non-zero weights only (bitmap) needs those cycles alone.
  const nonZerosOnly = packingSpec(design.tau.packing as PackingFormat).computesNonZerosOnly;
  let accumulates = 0;
  for (const op of workload.ops) if (op.kind === 'matvec' && (op.weightDtype === undefined || op.weightDtype === 'ternary')) accumulates += op.dIn * op.dOut * op.batch * (nonZerosOnly ? 1 - op.zeroFraction : 1);
  const adders = design.tau.lanes * design.tau.weightsPerLane * design.cores.count * design.clock;
  const seconds = Math.max(weights / peak, accumulates / adders);
  return seconds > 0 ? workload.batch / seconds : Infinity;
}

/**
 * Why a point need not be simulated, or null: a design its device, board or reticle cannot hold;
 * a model that does not fit its memory; area or FPGA share over the limit; static power alone
 * over the watt limit; a roofline bound under the tokens/s floor, or a static-power-over-roofline
 * bound over the J/token ceiling. Each check costs microseconds to milliseconds, not a simulation.
 */
export function pruneReason(spec: SweepSpec, design: Design, workload: Workload): string | null {
  const c = spec.constraints;
  const impl = implementationOf(design);
  if (c.fits) {
    const problems = fitProblems(design, impl);
    if (problems.length > 0) return `does not fit: ${problems.map((p) => (p.keyPath ? `${p.keyPath}: ${p.message}` : p.message)).join('; ')}`;
    const why = whyModelDoesNotFit(design, spec.base, workload);
    if (why) return why;
  }
  if (c.maxAreaMm2 !== undefined && impl.target === 'asic' && impl.areaMm2 > c.maxAreaMm2) return `area ${fmt(impl.areaMm2)} mm² > maxAreaMm2 ${c.maxAreaMm2}`;
  if (c.maxResourceFraction !== undefined && impl.target === 'fpga') {
    const worst = impl.resources.reduce((a, b) => (b.fraction > a.fraction ? b : a));
    if (worst.fraction > c.maxResourceFraction) return `${worst.resource} at ${fmt(worst.fraction)} of the device > maxResourceFraction ${c.maxResourceFraction}`;
  }
  const needStatic = c.maxWatts !== undefined || c.maxJoulesPerToken !== undefined;
  const staticW = needStatic ? staticFloorWatts(design, impl) : 0;
  if (c.maxWatts !== undefined && staticW > c.maxWatts) return `static power alone ${fmt(staticW)} W > maxWatts ${c.maxWatts}`;
  const needRoof = c.minTokensPerSecond !== undefined || c.maxJoulesPerToken !== undefined;
  const roof = needRoof ? rooflineTokensPerSecond(design, workload) : Infinity;
  if (c.minTokensPerSecond !== undefined && roof < c.minTokensPerSecond) return `roofline bound ${fmt(roof)} tokens/s < minTokensPerSecond ${c.minTokensPerSecond}`;
  if (c.maxJoulesPerToken !== undefined && staticW / roof > c.maxJoulesPerToken) return `static power over the roofline bound ${fmt(staticW / roof)} J/token > maxJoulesPerToken ${c.maxJoulesPerToken}`;
  return null;
}

/** Static power with the chip idle, regulator loss included: a floor under any run's watts (the power model with no actions). */
function staticFloorWatts(design: Design, impl: Implementation): number {
  return computePower({ table: {}, actions: {}, timePs: 1, tokens: 1, board: boardPowerModel(design, impl, []) }).watts;
}

/** The constraints a simulated Result breaks ("watts 31.2 > maxWatts 30"), empty when it meets them all. */
export function violations(c: SweepSpec['constraints'], r: Result): string[] {
  const out: string[] = [];
  if (c.maxWatts !== undefined && r.watts > c.maxWatts) out.push(`watts ${fmt(r.watts)} > maxWatts ${c.maxWatts}`);
  if (c.minTokensPerSecond !== undefined && r.tokensPerSecond < c.minTokensPerSecond) out.push(`tokensPerSecond ${fmt(r.tokensPerSecond)} < minTokensPerSecond ${c.minTokensPerSecond}`);
  if (c.maxJoulesPerToken !== undefined && r.joulesPerToken > c.maxJoulesPerToken) out.push(`joulesPerToken ${fmt(r.joulesPerToken)} > maxJoulesPerToken ${c.maxJoulesPerToken}`);
  const area = metricOf(r, 'areaMm2');
  if (c.maxAreaMm2 !== undefined && area > c.maxAreaMm2) out.push(`areaMm2 ${fmt(area)} > maxAreaMm2 ${c.maxAreaMm2}`);
  return out;
}
