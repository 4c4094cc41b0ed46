/**
 * Whether a model fits in a design's memory. A DRAM design holds `channels` × (bank groups × banks
 * × rows × row size) bytes of its standard's organisation (DDR4-2400 8 Gb x8 rank: 8 GiB a
 * channel; HBM2 channel of an 8 GB stack: 1 GiB); a weight-stationary design holds its on-chip
 * SRAM's capacity. A model needs its packed weights, its full-precision embedding table (unless
 * the design has a host, which keeps it), its KV cache and its memory-resident vectors. An ideal
 * memory (a testbench stand-in) has no capacity limit.
 */
import { resolveDramStandard, type DramTimingOverrides } from '../hw/dram/standards.js';
import { packedMatrixBytes, weightFormat, type PackingFormat } from '../hw/packing.js';
import { attentionCost } from '../workload/attention-cost.js';
import { isHostResident, type Workload } from '../workload/ops.js';
import { InputError } from './design-error.js';
import { formatQuantity } from './quantity.js';
import type { AcceleratorDesign } from './schema.js';

/** Bytes per embedding parameter (fp16). */
const EMBEDDING_BYTES = 2;

/** Off-chip memory of a design: its capacity in bytes and how that was computed, or null for an ideal memory. */
export function memoryCapacity(design: AcceleratorDesign): { bytes: number; description: string; kind: string } | null {
  const m = design.memory;
  if (m.type === 'sram') return { bytes: m.capacity, description: `${m.banks} banks × ${formatQuantity('size', m.capacity / m.banks)} of on-chip SRAM`, kind: 'on-chip SRAM' };
  if (m.type !== 'dram') return null;
  const std = resolveDramStandard(m.standard, m.timing as DramTimingOverrides);
  const o = std.organization;
  const perChannel = o.ranks * o.bankGroups * o.banksPerGroup * o.rowsPerBank * o.columnsPerRow * (o.busWidthBits / 8);
  const channels = `${m.channels} channel${m.channels === 1 ? '' : 's'}`;
  return { bytes: m.channels * perChannel, description: `${channels} × ${formatQuantity('size', perChannel)} of ${std.name}`, kind: 'DRAM' };
}

/** What a workload keeps in off-chip memory, in bytes, by part. */
export interface Footprint {
  weights: number;
  embedding: number;
  kvCache: number;
  vectors: number;
  total: number;
}

/** The memory footprint of `workload` with ternary weights packed as `packing`; `hostKeepsEmbedding` leaves the embedding table out. */
export function workloadFootprint(workload: Workload, packing: PackingFormat, hostKeepsEmbedding = false): Footprint {
  const weights = new Map<string, number>();
  const vectors = new Map<string, number>();
  let kvCache = 0;
  for (const op of workload.ops) {
    if (op.kind === 'matvec') {
      if (weights.has(op.weight)) continue;
      weights.set(op.weight, packedMatrixBytes(weightFormat(op.weightDtype, packing), op.dIn, op.dOut, op.zeroFraction));
    } else if ((op.kind === 'load' || op.kind === 'store') && !(hostKeepsEmbedding && isHostResident(op))) {
      vectors.set(op.tensor, Math.max(vectors.get(op.tensor) ?? 0, op.bytes));
    } else if (op.kind === 'attention') {
      kvCache += attentionCost(op).kvCacheBytes;
    }
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const w = sum(weights);
  const v = sum(vectors);
  const embedding = hostKeepsEmbedding ? 0 : (workload.params?.embedding ?? 0) * EMBEDDING_BYTES;
  return { weights: w, embedding, kvCache, vectors: v, total: w + embedding + kvCache + v };
}

/**
 * Throws an InputError naming `modelLabel` (the model's file or zoo name) when `workload` does not
 * fit in the memory of `design` (read from `designFile`).
 */
export function checkModelFits(design: AcceleratorDesign, designFile: string, workload: Workload, modelLabel: string): void {
  const why = whyModelDoesNotFit(design, designFile, workload);
  if (why !== null) throw new InputError(modelLabel, '', why);
}

/** Why `workload` does not fit in the memory of `design` ("does not fit: expected …, got …"), or null when it fits. */
export function whyModelDoesNotFit(design: AcceleratorDesign, designFile: string, workload: Workload): string | null {
  const cap = memoryCapacity(design);
  if (!cap) return null;
  const f = workloadFootprint(workload, design.tau.packing as PackingFormat, design.host !== undefined);
  if (f.total <= cap.bytes) return null;
  const size = (b: number) => formatQuantity('size', b);
  const parts = [
    `${design.tau.packing} packed weights ${size(f.weights)}`,
    f.embedding > 0 ? `fp16 embedding table ${size(f.embedding)}` : '',
    f.kvCache > 0 ? `KV cache ${size(f.kvCache)}` : '',
    f.vectors > 0 ? `vectors ${size(f.vectors)}` : '',
  ].filter(Boolean);
  return `does not fit: expected at most the ${size(cap.bytes)} of ${cap.kind} of ${designFile} (memory: ${cap.description}), got a model that needs ${size(f.total)} (${parts.join(', ')})${design.host ? '; the host keeps the embedding table' : ''}`;
}
