import { z } from 'zod';
import { LINK_PRESETS } from './link-presets.js';
import { posInt } from '../design/schema.js';

/** The most devices a system file may name (more would only exhaust memory building them). */
export const MAX_SYSTEM_DEVICES = 1024;

const positive = z.number().positive();

/** A link of a system file: a preset, optionally with fields overridden, or every field given. */
export const systemLinkSchema = z
  .object({
    preset: z.enum(Object.keys(LINK_PRESETS) as [string, ...string[]]).optional(),
    lineRateGbps: positive.optional(),
    encodingEfficiency: z.number().positive().max(1).optional(),
    latencyNs: z.number().nonnegative().optional(),
    energyPjPerBit: z.number().nonnegative().optional(),
  })
  .strict();

/** How the model is split over the devices. */
export const partitionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('pipeline'),
      /** Layers of each stage, in order (sum = the model's layers); absent: balanced by weight bytes. */
      layers: z.array(posInt()).max(MAX_SYSTEM_DEVICES).optional(),
      /** Micro-batches a step's batch is cut into (a divisor of the batch, else 1); absent: the largest divisor of the batch ≤ the stages. */
      microBatches: posInt().optional(),
    })
    .strict(),
  z.object({ type: z.literal('tensor') }).strict(),
]);

/** A `kind: system` file: several accelerator devices joined by links, and the partition of the model. */
export const systemSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('system'),
    description: z.string().optional(),
    devices: z.array(z.object({ design: z.string().min(1), count: posInt('a positive integer', MAX_SYSTEM_DEVICES).default(1) }).strict()).min(1).max(MAX_SYSTEM_DEVICES),
    link: systemLinkSchema.optional(),
    topology: z.enum(['chain', 'ring', 'all-to-all', 'switch']).default('ring'),
    partition: partitionSchema.default({ type: 'pipeline' }),
    /** Bytes per activation element sent between devices (2: fp16/bf16). */
    activationBytes: posInt('a positive integer number of bytes', 16).default(2),
    sources: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A parsed system file (device design paths still unresolved). */
export type SystemSpec = z.infer<typeof systemSchema>;
