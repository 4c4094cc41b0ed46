import { z } from 'zod';
import { PACKING_FORMATS } from '../hw/packing.js';
import { parseQuantity, type QuantityKind } from './quantity.js';

/** A zod type for a quantity written with a unit, converted to the base unit; `min` is exclusive unless `inclusive`. */
function quantity(kind: QuantityKind, bounds: { gt?: number; ge?: number; le?: number } = { gt: 0 }) {
  return z.unknown().transform((v, ctx) => {
    const r = parseQuantity(kind, v);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${r.expected}, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    if ((bounds.gt !== undefined && !(r.value > bounds.gt)) || (bounds.ge !== undefined && !(r.value >= bounds.ge)) || (bounds.le !== undefined && !(r.value <= bounds.le))) {
      const parts = [bounds.gt !== undefined ? `> ${bounds.gt}` : '', bounds.ge !== undefined ? `>= ${bounds.ge}` : '', bounds.le !== undefined ? `<= ${bounds.le}` : ''].filter(Boolean);
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${kind} ${parts.join(' and ')} (in base units), got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return r.value;
  });
}

const posInt = (what = 'a positive integer') => z.number({ invalid_type_error: `expected ${what}` }).int(`expected ${what}`).positive(`expected ${what}`);
const nonNegInt = (what = 'an integer >= 0') => z.number({ invalid_type_error: `expected ${what}` }).int(`expected ${what}`).min(0, `expected ${what}`);

const sramSchema = z
  .object({
    capacity: quantity('size'),
    banks: posInt(),
    widthBits: posInt('a positive integer number of bits').refine((b) => b % 8 === 0, 'expected a multiple of 8 bits'),
    latencyCycles: nonNegInt().default(1),
    mode: z.enum(['fifo', 'double-buffer']).default('fifo'),
  })
  .strict();

const readerSchema = z
  .object({
    requestBytes: posInt(),
    maxOutstanding: posInt(),
    reissueCycles: nonNegInt().default(0),
  })
  .strict();

const memorySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('dram'),
      standard: z.string(),
      channels: posInt(),
      pagePolicy: z.enum(['open', 'closed']).default('open'),
      queueDepth: posInt().default(32),
      /** Fixed latency of the controller front end and interconnect, round trip, split evenly each way. */
      controllerLatency: quantity('time', { ge: 0 }).default('0 ns'),
      timing: z.record(z.string(), z.number()).default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal('ideal'),
      /** Fixed time from request issue to data, in core cycles. */
      latencyCycles: posInt(),
    })
    .strict(),
]);

const tauSchema = z
  .object({
    lanes: posInt(),
    weightsPerLane: posInt(),
    accumulatorBits: z.number().int().min(8, 'expected at least 8 bits').max(64, 'expected at most 64 bits'),
    accumulators: posInt(),
    pipelineDepth: nonNegInt(),
    copyOutPerCycle: posInt(),
    packing: z.enum(PACKING_FORMATS as [string, ...string[]]),
    zeroSkipping: z.boolean().default(false),
  })
  .strict();

const latencySchema = z
  .object({
    add: posInt(),
    sub: posInt(),
    mul: posInt(),
    div: posInt(),
    exp: posInt(),
    sigmoid: posInt(),
    silu: posInt(),
    rsqrt: posInt(),
  })
  .strict();

const vectorSchema = z
  .object({
    lanes: posInt(),
    latency: latencySchema,
    nonlinear: z.enum(['lut', 'pwl']).default('lut'),
    normScale: z.enum(['rsqrt-mul', 'sqrt-div']).default('rsqrt-mul'),
  })
  .strict();

const staticPowerSchema = z
  .object({
    name: z.string().min(1),
    power: quantity('power', { ge: 0 }),
    source: z.string().min(1, 'expected a citation or "assumption: ..."'),
  })
  .strict();

const targetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fpga'), device: z.string().min(1), board: z.string().min(1).optional() }).strict(),
  z.object({ type: z.literal('asic') }).strict(),
]);

/** The schema of an accelerator design file, with units converted to base units. */
export const acceleratorDesignSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('accelerator'),
    description: z.string().default(''),
    target: targetSchema,
    clock: quantity('frequency', { gt: 0, le: 10e9 }),
    issue: z
      .object({
        policy: z.enum(['in-order', 'dataflow']),
        window: posInt().default(1),
        registerScoreboard: z.boolean().default(false),
      })
      .strict(),
    memory: memorySchema,
    /** Whether weight streaming and vector loads/stores share one memory port and block each other. */
    sharedMemoryPort: z.boolean().default(false),
    /**
     * Weight streaming: the DMA reader and its SRAM buffer. With `prefetch`, the reader streams
     * every matrix in program order as soon as buffer space allows (a static schedule), so the
     * next matrix loads while the current one finishes and while vector ops run; without it, a
     * matrix is requested when its matvec issues (the paper core).
     */
    weightStream: readerSchema.extend({ buffer: sramSchema, prefetch: z.boolean().default(false) }).strict(),
    transfer: readerSchema,
    /** Where the recurrent state lives between decode steps. */
    state: z.enum(['sram', 'dram']).default('sram'),
    /** Activation/state SRAM (vector registers or scratchpad). */
    activationSram: sramSchema.omit({ mode: true }).strict(),
    tau: tauSchema,
    vector: vectorSchema,
    /** A separate norm unit (RMSNorm and quantization); when absent the vector unit does them. */
    norm: vectorSchema.optional(),
    power: z
      .object({
        node: quantity('length', { ge: 3, le: 250 }),
        vdd: quantity('voltage', { gt: 0.3, le: 2 }).default('0.9 V'),
        static: z.array(staticPowerSchema).default([]),
      })
      .strict(),
    /** Citations by key path, e.g. { "clock": "paper §FPGA" }; every key must name a field of this file. */
    sources: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A parsed, unit-converted accelerator design. */
export type AcceleratorDesign = z.output<typeof acceleratorDesignSchema>;
