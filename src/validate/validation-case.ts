import { z } from 'zod';

const common = {
  name: z.string().min(1),
  /** Where the expected figure comes from: a paper and its table, a datasheet, our own measurement file. */
  source: z.string().min(1, 'expected a citation'),
  /** What a gap means (why the simulation may differ). */
  note: z.string().default(''),
  /** Allowed relative error, e.g. 0.05 for ±5%. */
  tolerance: z.number().positive().max(10),
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

const METRICS = ['msPerToken', 'tokensPerSecond', 'watts', 'staticWatts', 'joulesPerToken'] as const;

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
}

/** A row from expected and simulated figures. */
export function validationRow(c: { name: string; tolerance: number; source: string }, what: string, expected: number, simulated: number, unit: string): ValidationRow {
  const error = simulated / expected - 1;
  return { case: c.name, what, expected, simulated, unit, error, tolerance: c.tolerance, pass: Math.abs(error) <= c.tolerance, source: c.source };
}
