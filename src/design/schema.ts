import { z } from 'zod';
import { PACKING_FORMATS } from '../hw/packing.js';
import { TABLE_STORAGES } from '../hw/lut-engine.js';
import { DRAM_STANDARDS, DRAM_TIMING_KEYS } from '../hw/dram/standards.js';
import { FPGA_BOARDS } from '../hw/fpga/boards.js';
import { FPGA_DEVICES } from '../hw/fpga/devices.js';
import { describeValue } from '../workload/config-error.js';
import { baseUnitName, formatQuantity, parseQuantity, quantityExpectation, quantityName, type QuantityKind } from './quantity.js';

/** Bounds of a quantity, in base units: `gt`/`ge` lower (exclusive/inclusive), `le` upper; `integer`: a whole number of base units. */
interface QuantityBounds {
  gt?: number;
  ge?: number;
  le?: number;
  integer?: boolean;
}

/**
 * A zod type for a quantity written with a unit, converted to the base unit. Messages say what
 * was expected in the user's terms: `expected a frequency >= 1 MHz and <= 10 GHz, got "20 GHz"`.
 */
export function quantity(kind: QuantityKind, bounds: QuantityBounds = { gt: 0 }) {
  return z.unknown().transform((v, ctx) => {
    if (v === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `missing; expected ${quantityExpectation(kind)}` });
      return z.NEVER;
    }
    const r = parseQuantity(kind, v);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${r.expected}, got ${describeValue(v)}${r.hint ? ` (${r.hint})` : ''}` });
      return z.NEVER;
    }
    const { gt, ge, le } = bounds;
    if ((gt !== undefined && !(r.value > gt)) || (ge !== undefined && !(r.value >= ge)) || (le !== undefined && !(r.value <= le))) {
      const parts = [
        gt !== undefined ? `> ${formatQuantity(kind, gt)}` : '',
        ge !== undefined ? `>= ${formatQuantity(kind, ge)}` : '',
        le !== undefined ? `<= ${formatQuantity(kind, le)}` : '',
      ].filter(Boolean);
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${quantityName(kind)} ${parts.join(' and ')}, got ${describeValue(v)}` });
      return z.NEVER;
    }
    if (bounds.integer && !Number.isInteger(r.value)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a whole number of ${baseUnitName(kind)}, got ${describeValue(v)}` });
      return z.NEVER;
    }
    return r.value;
  });
}

/** Size in whole bytes, > 0 and at most 1 TiB (an on-chip buffer larger than that is a typo). */
const size = () => quantity('size', { gt: 0, le: 2 ** 40, integer: true });

/** The largest count or cycle number a design may give (larger ones would only exhaust memory or time). */
export const MAX_DESIGN_INTEGER = 2 ** 24;

export const posInt = (what = 'a positive integer', max = MAX_DESIGN_INTEGER) =>
  z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` }).int(`expected ${what}`).positive(`expected ${what}`).max(max, `expected ${what} <= ${max}`);
const nonNegInt = (what = 'an integer >= 0', max = MAX_DESIGN_INTEGER) =>
  z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` }).int(`expected ${what}`).min(0, `expected ${what}`).max(max, `expected ${what} <= ${max}`);

const sramSchema = z
  .object({
    capacity: size(),
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

/** Overrides of a DRAM standard's timing, by JEDEC name; tCK in ps, the rest in tCK cycles. */
const dramTimingSchema = z
  .object(
    Object.fromEntries(
      DRAM_TIMING_KEYS.map((k) => [k, k === 'tCK' ? posInt('a positive integer number of ps') : nonNegInt('an integer >= 0 (tCK cycles)')]),
    ) as Record<(typeof DRAM_TIMING_KEYS)[number], z.ZodNumber>,
  )
  .partial()
  .strict();

const memorySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('dram'),
      /** A DRAM standard preset by name (src/hw/dram/standards.ts). */
      standard: z.enum(Object.keys(DRAM_STANDARDS) as [string, ...string[]]),
      channels: posInt('a positive integer', 1024),
      pagePolicy: z.enum(['open', 'closed']).default('open'),
      queueDepth: posInt().default(32),
      /** Address mapping, MSB first: RoBaCoBgCh (default) or any scheme src/hw/dram/address-mapping.ts accepts (DRAMsim3 strings too). */
      mapping: z.string().default('RoBaCoBgCh'),
      /** Bytes that stay in one channel before the next is used (default: as the mapping places Ch). */
      channelInterleave: quantity('size', { gt: 0, integer: true }).optional(),
      /** Refresh granularity (default: the standard's own, per-bank for LPDDR). */
      refresh: z.enum(['all-bank', 'per-bank']).optional(),
      /** A separate write queue of this many bursts per channel, drained from 3/4 full down to 1/4 (default: one shared FR-FCFS queue). */
      writeQueueDepth: posInt('a positive integer', 4096).optional(),
      /** Fixed latency of the controller front end and interconnect, round trip, split evenly each way. */
      controllerLatency: quantity('time', { ge: 0, le: 1e9, integer: true }).default('0 ns'),
      /** JEDEC timing overrides of the preset: tCK in integer ps, every other field in tCK cycles. */
      timing: dramTimingSchema.default({}),
    })
    .strict(),
  z
    .object({
      type: z.literal('ideal'),
      /** Fixed time from request issue to data, in core cycles. */
      latencyCycles: posInt(),
    })
    .strict(),
  z
    .object({
      /** Weight-stationary: every weight (and vector) in a banked on-chip SRAM, no DRAM. */
      type: z.literal('sram'),
      capacity: quantity('size', { gt: 0, le: 2 ** 44, integer: true }),
      /** Word-interleaved banks, each one word a cycle. */
      banks: posInt(),
      widthBits: posInt('a positive integer number of bits', 4096),
      latencyCycles: nonNegInt(),
    })
    .strict(),
]);

/** A host link (PCIe): the host keeps the embedding table and takes the logits. */
const hostSchema = z
  .object({
    /** Link bandwidth one way, e.g. "15.75 GB/s" for PCIe 4.0 x8. */
    bandwidth: quantity('bandwidth', { gt: 0, le: 1e13 }),
    /** One-way latency of a transfer (link, switch, host memory). */
    latency: quantity('time', { ge: 0, le: 1e12, integer: true }),
    /** DMA request size (PCIe max read request size; 512 B is the common setting). */
    requestBytes: posInt().default(512),
    /** DMA requests in flight (PCIe tags; assumption: 64). */
    maxOutstanding: posInt().default(64),
  })
  .strict();

/** The LUT engine's own section (src/hw/lut-engine.ts); required with `tau.engine: lut`. */
const lutSchema = z
  .object({
    /** Activations per group G (2–5): a table of 3^G sums per group. */
    group: z
      .number({ invalid_type_error: 'expected an integer from 2 to 5', required_error: 'expected an integer from 2 to 5' })
      .int('expected an integer from 2 to 5')
      .min(2, 'expected an integer from 2 to 5')
      .max(5, 'expected an integer from 2 to 5'),
    symmetric: z.boolean().default(true),
    builders: posInt(),
    buildLatency: nonNegInt().default(1),
    activationsPerCycle: posInt().optional(),
    tableBuffers: z.union([z.literal(1), z.literal(2)], { errorMap: () => ({ message: 'expected 1 or 2' }) }).default(2),
    storage: z
      .object({
        kind: z.enum(TABLE_STORAGES as [string, ...string[]]),
        groups: posInt(),
        copies: posInt().default(1),
        readPorts: posInt('a positive integer', 64).default(1),
        banks: posInt('a positive integer', 4096).default(1),
      })
      .strict(),
    activationSparsity: z.object({ n: posInt(), m: posInt() }).strict().optional(),
  })
  .strict();

/**
 * A host processor that runs some ops off the accelerator (TeLLMe runs its LM head on the KV260's
 * Cortex-A53), described by its rates: time = dispatch latency + max(ops / opsRate, weight bytes /
 * bandwidth); energy = active power × time.
 */
const hostProcessorSchema = z
  .object({
    name: z.string().min(1),
    /** Operations per second at the precision it runs the placed ops (a multiply-accumulate is 2). */
    opsRate: quantity('opsRate', { gt: 0, le: 1e16 }),
    /** Bandwidth at which it streams the placed ops' weights from its memory. */
    bandwidth: quantity('bandwidth', { gt: 0, le: 1e13 }),
    /** Bits per weight it stores the placed matrices in (e.g. 8 for a W8A8 kernel). */
    weightBits: posInt('a positive integer number of bits', 32),
    /** Power drawn while it runs an op, above its idle (the idle part is in the board's static power). */
    activePower: quantity('power', { ge: 0, le: 1e4 }),
    /** Time to hand an op over and get its result back (a call, a cache flush, a poll). */
    dispatchLatency: quantity('time', { ge: 0, le: 1e12, integer: true }).default('0 ns'),
    /** Ops it runs: an id runs there with every op whose id starts with it and a dot (`lm_head` takes lm_head.norm … lm_head.dequant). */
    ops: z.array(z.string().min(1)).min(1, 'expected at least one op id'),
  })
  .strict();

const tauSchema = z
  .object({
    /** The ternary matmul engine: sign-select adder trees (the paper core's TAU) or table lookups. */
    engine: z.enum(['adder-tree', 'lut']).default('adder-tree'),
    lanes: posInt(),
    weightsPerLane: posInt(),
    accumulatorBits: z
      .number({ invalid_type_error: 'expected an integer number of bits from 8 to 64', required_error: 'expected an integer number of bits from 8 to 64' })
      .int('expected an integer number of bits from 8 to 64')
      .min(8, 'expected an integer number of bits from 8 to 64')
      .max(64, 'expected an integer number of bits from 8 to 64'),
    accumulators: posInt(),
    pipelineDepth: nonNegInt(),
    copyOutPerCycle: posInt(),
    packing: z.enum(PACKING_FORMATS as [string, ...string[]]),
    zeroSkipping: z.boolean().default(false),
    lut: lutSchema.optional(),
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
    power: quantity('power', { ge: 0, le: 1e6 }),
    source: z.string().min(1, 'expected a citation or "assumption: ..."'),
  })
  .strict();

const targetSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('fpga'),
      /** A device of the library (src/hw/fpga/devices.ts). */
      device: z.enum(Object.keys(FPGA_DEVICES) as [string, ...string[]]),
      /** A board of the library (src/hw/fpga/boards.ts): its memories, shell, thermal path and overheads. */
      board: z.enum(Object.keys(FPGA_BOARDS) as [string, ...string[]]).optional(),
    })
    .strict(),
  z.object({ type: z.literal('asic') }).strict(),
]);

/** The schema of an accelerator design file, with units converted to base units. */
export const acceleratorDesignSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('accelerator'),
    description: z.string().default(''),
    target: targetSchema,
    /** Core clock; from 1 MHz (slower clocks would overflow exact ps time on real models) to 10 GHz. */
    clock: quantity('frequency', { ge: 1e6, le: 10e9 }),
    issue: z
      .object({
        policy: z.enum(['in-order', 'dataflow']),
        window: posInt().default(1),
        registerScoreboard: z.boolean().default(false),
      })
      .strict(),
    memory: memorySchema,
    /**
     * The on-chip bus between the memory controller and the cores (all weight streams and the
     * load/store unit share it, first come first served); absent: as wide as the memory needs.
     */
    interconnect: z.object({ bytesPerCycle: posInt() }).strict().optional(),
    /** A host over a link: when given, embedding rows come from it and logits go to it, over the link. */
    host: hostSchema.optional(),
    /** A host processor that runs the ops it names (their time and energy join the step's). */
    hostProcessor: hostProcessorSchema.optional(),
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
    /**
     * Identical cores, each a TAU array with its own weight buffer and weight reader on the shared
     * memory and vector units. `rows`: every matvec's output rows are split evenly over the cores;
     * `layers`: each decoder layer's matvecs run on one core, layer l on core l mod count.
     */
    cores: z
      .object({
        count: posInt('a positive integer', 64).default(1),
        partition: z.enum(['rows', 'layers']).default('rows'),
      })
      .strict()
      .default({}),
    vector: vectorSchema,
    /** A separate norm unit (RMSNorm and quantization); when absent the vector unit does them. */
    norm: vectorSchema.optional(),
    power: z
      .object({
        node: quantity('length', { ge: 3, le: 250 }),
        /** Supply voltage; dynamic energy scales as (vdd / 0.8 V)², the voltage of the node-scaling table. */
        vdd: quantity('voltage', { gt: 0.3, le: 2 }).default('0.8 V'),
        /** CACTI cell flavour of every SRAM: high performance (fast, leaky) or low standby power. */
        sramCell: z.enum(['hp', 'lstp']).default('hp'),
        /** FPGA junction temperature; absent: inlet air + θJA × FPGA power (the board's thermal path). */
        junctionTemperature: quantity('temperature', { ge: -40, le: 125 }).optional(),
        /** Board overheads; each absent field takes the board preset's value (FPGA) or the ASIC default. */
        board: z
          .object({
            vrmEfficiency: z.number({ invalid_type_error: 'expected a fraction > 0 and <= 1' }).gt(0, 'expected a fraction > 0 and <= 1').max(1, 'expected a fraction > 0 and <= 1'),
            memoryPhyPerChannel: quantity('power', { ge: 0, le: 1e3 }),
            pcie: quantity('power', { ge: 0, le: 1e3 }),
            fans: quantity('power', { ge: 0, le: 1e3 }),
            other: quantity('power', { ge: 0, le: 1e4 }),
            shellDynamic: quantity('power', { ge: 0, le: 1e3 }),
          })
          .partial()
          .strict()
          .default({}),
        static: z.array(staticPowerSchema).default([]),
      })
      .strict(),
    /** Citations by key path, e.g. { "clock": "paper §FPGA" }; every key must name a field of this file. */
    sources: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A parsed, unit-converted accelerator design. */
export type AcceleratorDesign = z.output<typeof acceleratorDesignSchema>;
