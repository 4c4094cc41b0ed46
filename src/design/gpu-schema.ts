import { z } from 'zod';
import { posInt, quantity } from './schema.js';

/** A number in [min, max] (or (min, max] with `above`), with the expectation in its error message. */
const bounded = (min: number, max: number, what: string, above = false) => {
  const message = `expected ${what} ${above ? '>' : '>='} ${min} and <= ${max}`;
  const n = z.number({ invalid_type_error: message, required_error: message });
  return (above ? n.gt(min, message) : n.min(min, message)).max(max, message);
};
/** A fraction > 0 and <= 1. */
const fraction = () => bounded(0, 1, 'a fraction', true);

/**
 * How the MatMul baseline runs on the GPU: kernels launched one by one from Python (`eager`) or
 * replayed as a CUDA graph (`graph`); the Q/K/V and gate/up projections as one GEMM each
 * (`fuseGemms`); RMSNorm, RoPE and the activations as one kernel each (`fuseElementwise`) or as
 * the several PyTorch ops they are written with.
 */
const implementationSchema = z
  .object({
    launch: z.enum(['graph', 'eager']).default('graph'),
    fuseGemms: z.boolean().default(true),
    fuseElementwise: z.boolean().default(false),
  })
  .strict();

/** The schema of a GPU design file (the MatMul baseline), with units converted to base units. */
export const gpuDesignSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('gpu'),
    description: z.string().default(''),
    memory: z
      .object({
        capacity: quantity('size', { gt: 0, integer: true }),
        /** Datasheet peak bandwidth. */
        bandwidth: quantity('bandwidth', { gt: 0, le: 1e14 }),
      })
      .strict(),
    tensor: z
      .object({
        /** Dense BF16 tensor rate (no sparsity). */
        bf16: quantity('opsRate', { gt: 0, le: 1e17 }),
        /** Dense INT8 tensor rate. */
        int8: quantity('opsRate', { gt: 0, le: 1e17 }),
      })
      .strict(),
    /** What the model reaches of the datasheet figures, and the fixed time each kernel costs. */
    efficiency: z
      .object({
        /** Fraction of peak bandwidth a streaming kernel reaches. */
        bandwidth: fraction(),
        /** Fraction of the dense tensor rate a large GEMM reaches. */
        compute: fraction(),
        /**
         * Fraction of peak bandwidth the decode attention kernel reaches reading the K/V cache when
         * it has (sequence, head) pairs enough to fill the GPU.
         */
        attention: fraction(),
        /**
         * (Sequence, head) pairs at which the decode attention kernel reaches half of that
         * bandwidth: FlashAttention's grid is one block group per pair, so with few pairs most SMs
         * idle. The kernel streams at efficiency.attention × pairs / (pairs + attentionHalfPairs).
         */
        attentionHalfPairs: bounded(0, 1e6, 'a number of pairs'),
        /**
         * How much slower a memory-bound GEMM streams its weights at 64 token rows than at one
         * (skinny-GEMM kernels lose bandwidth as rows grow; linear in rows up to 64, flat after).
         */
        gemmRowPenalty: bounded(0, 4, 'a number').default(0),
        /**
         * Fixed time of every kernel on the GPU (launch from a CUDA graph, ramp-up and drain),
         * added to the time its bytes or operations take.
         */
        kernelGraph: quantity('time', { ge: 0, le: 1e9 }),
        /**
         * Extra fixed time of a GEMM on more than one token row (a tensor-core GEMM kernel's set-up
         * and split-K reduction; one row runs as a GEMV kernel).
         */
        kernelGemm: quantity('time', { ge: 0, le: 1e9 }),
        /**
         * Time per output element (token row × output column) of a GEMM on 2 to 64 token rows,
         * beyond its weight stream: a skinny GEMM's K dimension is split across blocks whose
         * partial sums are written and reduced.
         */
        gemmOutputTime: quantity('time', { ge: 0, le: 1e6 }),
        /** Fixed time per kernel launched eagerly from PyTorch. */
        kernelEager: quantity('time', { ge: 0, le: 1e9 }),
      })
      .strict(),
    power: z
      .object({
        /** Board power limit (TDP). */
        tdp: quantity('power', { gt: 0, le: 5000 }),
        /** Board power at idle. */
        idle: quantity('power', { ge: 0, le: 5000 }),
        /** Board power added whenever kernels run (clocks up, SMs active), whatever they move. */
        active: quantity('power', { ge: 0, le: 5000 }),
        /**
         * Board power added at full datasheet bandwidth by GEMM, element-wise and copy kernels
         * (scaled by the achieved share).
         */
        perBandwidth: quantity('power', { ge: 0, le: 5000 }),
        /**
         * Board power added at full datasheet bandwidth by the decode attention kernel reading the
         * K/V cache (scaled by its achieved share).
         */
        perAttentionBandwidth: quantity('power', { ge: 0, le: 5000 }),
        /** Board power added at the full dense tensor rate (scaled by the achieved share). */
        perCompute: quantity('power', { ge: 0, le: 5000 }),
      })
      .strict(),
    implementation: implementationSchema.default({}),
    /** Bytes per weight of the baseline's weights (bf16: 2). */
    weightBytes: posInt('a positive integer', 8).default(2),
    sources: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A validated GPU design (base units: bytes, bytes/s, ops/s, ps, W). */
export type GpuDesign = z.infer<typeof gpuDesignSchema>;
