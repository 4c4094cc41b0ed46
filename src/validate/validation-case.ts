import { z } from 'zod';

const common = {
  name: z.string().min(1),
  /** Where the expected figure comes from: a paper and its table, a datasheet, our own measurement file. */
  source: z.string().min(1, 'expected a citation'),
  /** What a gap means (why the simulation may differ). */
  note: z.string().default(''),
  /** Allowed relative error, e.g. 0.05 for ±5%. */
  tolerance: z.number().positive().max(10),
  /**
   * `prediction`: nothing in the design was set knowing the figure; `consistency`: a parameter was
   * fitted to (or derived from) the very figure checked, so the case guards the fit, not the model.
   */
  check: z.enum(['prediction', 'consistency']).default('prediction'),
  /**
   * Why the case is outside its tolerance and stays so (what the model lacks or the paper leaves
   * unsaid): an informative case is shown with its error but does not fail `ternsim validate`.
   */
  informative: z.string().min(1).optional(),
};

const workloadSchema = z
  .object({
    model: z.string().min(1).optional(),
    trace: z.string().min(1).optional(),
    batch: z.number().int().positive().optional(),
    context: z.number().int().positive().optional(),
  })
  .strict()
  .refine((w) => (w.model === undefined) !== (w.trace === undefined), 'expected exactly one of model or trace');

const METRICS = ['msPerToken', 'tokensPerSecond', 'watts', 'staticWatts', 'joulesPerToken', 'tokensPerSecondPerWatt'] as const;

/** The schema of a validation case file (designs/validation/*.yaml); paths are relative to the file. */
export const validationCaseSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('simulate'),
      ...common,
      design: z.string().min(1),
      set: z.array(z.string()).default([]),
      workload: workloadSchema,
      mode: z.enum(['fast', 'cycle']).default('fast'),
      metric: z.enum(METRICS),
      /**
       * A second simulation the metric is divided by (a paper that states "4.3× an A100's
       * energy efficiency" is checked as this design's tokens/s/W over the A100's); unit "×".
       */
      relativeTo: z.object({ design: z.string().min(1), workload: workloadSchema }).strict().optional(),
      expected: z.number().positive(),
      unit: z.string().min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('gpu-calibration'),
      ...common,
      design: z.string().min(1),
      /** Measurement files written by tools/gpu/measure.py. */
      measurements: z.array(z.string().min(1)).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('dram'),
      ...common,
      standard: z.string().min(1),
      channels: z.number().int().positive().default(1),
      /** unloaded-read: one read to an idle bank, latency in ns; sequential-read: a 16 MiB stream, GB/s. */
      test: z.enum(['unloaded-read', 'sequential-read']),
      expected: z.number().positive(),
      unit: z.string().min(1),
    })
    .strict(),
]);

/** One validation case as written. */
export type ValidationCase = z.output<typeof validationCaseSchema>;

/** One checked figure: expected against simulated. */
export interface ValidationRow {
  case: string;
  /** What was compared, e.g. "llama-370m b1 c128 tokens/s". */
  what: string;
  expected: number;
  simulated: number;
  unit: string;
  /** (simulated − expected) / expected. */
  error: number;
  tolerance: number;
  pass: boolean;
  source: string;
  check: 'prediction' | 'consistency';
  /** Why an informative case may leave its tolerance; null for a case that must hold it. */
  informative: string | null;
}

/** A row from expected and simulated figures. */
export function validationRow(
  c: { name: string; tolerance: number; source: string; check?: ValidationRow['check']; informative?: string | undefined },
  what: string,
  expected: number,
  simulated: number,
  unit: string,
): ValidationRow {
  const error = simulated / expected - 1;
  return { case: c.name, what, expected, simulated, unit, error, tolerance: c.tolerance, pass: Math.abs(error) <= c.tolerance, source: c.source, check: c.check ?? 'prediction', informative: c.informative ?? null };
}

/** Rows that fail validation: outside their tolerance and not informative. */
export function failedRows(rows: readonly ValidationRow[]): ValidationRow[] {
  return rows.filter((r) => !r.pass && r.informative === null);
}
