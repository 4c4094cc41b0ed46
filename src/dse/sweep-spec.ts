import { z } from 'zod';
import { InputError } from '../design/design-error.js';
import { zodToInputError } from '../design/parse-design.js';
import { parseDataText } from '../design/parse-text.js';
import { describeValue } from '../workload/config-error.js';
import type { ModelSpec } from '../workload/model-spec.js';
import { expandParameter, type ParameterSpec } from './parameter-values.js';
import { assignedPaths, unknownDesignField, unknownFieldMessage } from './parameter-paths.js';

/**
 * The most points a sweep may have unless its spec raises `maxPoints`: a million points take
 * about an hour at the 250 points/s a two-core machine sweeps; a grid of 10^12 would never end.
 */
export const DEFAULT_MAX_POINTS = 1_000_000;

/** Metrics a sweep constrains or optimises, by their Result names. */
export const METRICS = ['tokensPerSecond', 'watts', 'joulesPerToken', 'tokensPerSecondPerWatt', 'msPerToken', 'areaMm2', 'resourceFraction'] as const;
/** One metric. `areaMm2` is an ASIC's die area; `resourceFraction` the largest share of any FPGA resource. */
export type Metric = (typeof METRICS)[number];

const endpoint = z.union([z.number(), z.string()], { invalid_type_error: 'expected a number or a quantity with a unit, e.g. "150 MHz"' });
const parameterSchema = z.union(
  [
    z.object({ values: z.array(z.unknown(), { invalid_type_error: 'expected a list of values' }) }).strict(),
    z.object({ from: endpoint, to: endpoint, step: endpoint }).strict(),
    z.object({ from: endpoint, to: endpoint, points: z.number().int().positive(), scale: z.enum(['log', 'linear']).default('linear'), integer: z.boolean().default(false) }).strict(),
  ],
  { errorMap: () => ({ message: 'expected {values: [...]}, {from, to, step} or {from, to, points, scale: log|linear}' }) },
);

const seed = z.number().int('expected an integer seed').min(0, 'expected an integer seed >= 0').max(2 ** 32 - 1, 'expected an integer seed < 2^32').default(1);
const samplerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('grid') }).strict(),
  z.object({ type: z.literal('random'), points: z.number().int().positive().max(10_000_000), seed }).strict(),
  z.object({ type: z.literal('lhs'), points: z.number().int().positive().max(10_000_000), seed }).strict(),
  z
    .object({
      type: z.literal('nsga2'),
      population: z.number().int().min(4, 'expected a population of at least 4').max(100_000),
      generations: z.number().int().positive().max(100_000),
      seed,
      mutation: z.number().min(0).max(1).optional(),
    })
    .strict(),
]);

const nonNegative = z.number({ invalid_type_error: 'expected a number >= 0' }).min(0, 'expected a number >= 0');

/** The schema of a sweep spec file (designs/sweeps/*.yaml), strict like a design's. */
export const sweepSpecSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    /** The base design, relative to the spec file. */
    base: z.string().min(1),
    /** Zoo model names or config.json paths relative to the spec (one point per model per parameter assignment). */
    models: z.array(z.string().min(1)).min(1, 'expected at least one model'),
    batch: z.number().int().positive().max(4096).default(1),
    phase: z.enum(['decode', 'prefill']).default('decode'),
    context: z.number().int().positive().optional(),
    promptTokens: z.number().int().positive().optional(),
    mode: z.enum(['fast', 'cycle']).default('fast'),
    /** Key path → values, applied in the order written. */
    parameters: z.record(z.string(), parameterSchema).refine((p) => Object.keys(p).length > 0, 'expected at least one parameter'),
    sampler: samplerSchema.default({ type: 'grid' }),
    constraints: z
      .object({
        /** Prune designs the FPGA cannot hold or the reticle cannot expose, and models that do not fit memory. */
        fits: z.boolean().default(true),
        maxAreaMm2: nonNegative.optional(),
        maxResourceFraction: nonNegative.optional(),
        maxWatts: nonNegative.optional(),
        minTokensPerSecond: nonNegative.optional(),
        maxJoulesPerToken: nonNegative.optional(),
      })
      .strict()
      .default({}),
    objectives: z
      .array(z.object({ metric: z.enum(METRICS), goal: z.enum(['max', 'min']) }).strict())
      .min(1)
      .max(3, 'expected one to three objectives')
      .default([
        { metric: 'tokensPerSecond', goal: 'max' },
        { metric: 'watts', goal: 'min' },
      ]),
    /** The most points the sweep may have (parameter assignments × models); see DEFAULT_MAX_POINTS. */
    maxPoints: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(DEFAULT_MAX_POINTS),
  })
  .strict();

/** A parsed sweep spec with every parameter expanded to its values. */
export type SweepSpec = Omit<z.output<typeof sweepSpecSchema>, 'parameters'> & {
  /** Parameters in the order written, each with its values. */
  parameters: { path: string; values: unknown[] }[];
  /** The spec file, for messages. */
  file: string;
  /** How to build each model of `models` (a zoo name, or a config read by the loader). */
  modelSpecs: Record<string, ModelSpec>;
};

/** Parses and validates a sweep spec's text; throws InputError naming `file`, the key path and what was expected. */
export function parseSweepSpec(text: string, file: string): SweepSpec {
  const raw = parseDataText(text, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(file, '', `expected a mapping of sweep fields, got ${describeValue(raw)}`);
  const r = sweepSpecSchema.safeParse(raw);
  if (!r.success) throw zodToInputError(r.error, file, raw, sweepSpecSchema);
  const parameters = Object.entries(r.data.parameters).map(([path, spec]) => {
    const e = expandParameter(spec as ParameterSpec);
    if (!e.ok) throw new InputError(file, `parameters.${path}`, e.expected);
    return { path, values: e.values };
  });
  for (const { path, values } of parameters) {
    for (const leaf of new Set(values.flatMap((v) => assignedPaths(path, v)))) {
      const u = unknownDesignField(leaf);
      if (u) throw new InputError(file, `parameters.${path}`, unknownFieldMessage(leaf, u));
    }
  }
  const s = r.data.sampler;
  if (s.type === 'nsga2' && r.data.objectives.length < 2) throw new InputError(file, 'objectives', 'expected at least two objectives for the nsga2 sampler');
  const spec: SweepSpec = { ...r.data, parameters, file, modelSpecs: Object.fromEntries(r.data.models.map((m) => [m, { zoo: m }])) };
  const count = pointCount(spec);
  if (count > spec.maxPoints) {
    const models = `${spec.models.length} model${spec.models.length === 1 ? '' : 's'}`;
    const how =
      s.type === 'grid' ? `a grid of ${parameters.map((p) => p.values.length).join(' × ')} values × ${models}` : s.type === 'nsga2' ? `population ${s.population} × ${s.generations} generations × ${models}` : `${s.points} points × ${models}`;
    throw new InputError(file, s.type === 'grid' ? 'parameters' : 'sampler', `expected a sweep of at most ${spec.maxPoints.toLocaleString('en-US')} points (raise the limit with "maxPoints: <n>" in the spec), got ${bigCount(count)} (${how})`);
  }
  return spec;
}

/** The points a sweep settles: the grid's assignments, the sampler's draws or NSGA-II's evaluations, on every model. */
export function pointCount(spec: SweepSpec): number {
  const s = spec.sampler;
  const perModel = s.type === 'grid' ? spec.parameters.reduce((n, p) => n * p.values.length, 1) : s.type === 'nsga2' ? s.population * s.generations : s.points;
  return perModel * spec.models.length;
}

/** A count for a message: `1,000,000`, or `1e+12` beyond 10^9. */
function bigCount(n: number): string {
  return n < 1e9 ? n.toLocaleString('en-US') : Number(n.toPrecision(4)).toExponential();
}

/** Points in the full grid of a spec (parameter assignments × models). */
export function gridSize(spec: SweepSpec): number {
  return spec.parameters.reduce((n, p) => n * p.values.length, 1) * spec.models.length;
}
