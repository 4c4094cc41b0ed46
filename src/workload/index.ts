/**
 * The workload room's public API: model zoo (HGRN-Bit, BitNet b1.58, Llama-style Transformer++),
 * Hugging Face config parsing, op graphs of a decode step or a prefill per family, the paper's FPGA
 * block program, the trace format (versions 1 and 2), graph checks, costs and summaries.
 */

export * from './ops.js';
export { ConfigError, TraceError, Found, describeValue } from './config-error.js';
export { SUPPORTED_MODEL_TYPES, defaultIntermediateSize, parseHgrnBitConfig, type HgrnBitConfig } from './hf-config.js';
export { parseTransformerConfig, type TransformerConfig, type TransformerVariant } from './transformer-config.js';
export { configFamily, parseModelConfig, type ModelConfig } from './model-config.js';
export {
  DEFAULT_PROMPT_TOKENS,
  DEFAULT_ZERO_FRACTION,
  FP16_BYTES,
  MAX_PROMPT_TOKENS,
  buildHgrnBit,
  buildHgrnBitDecode,
  checkDecodeOptions,
  checkPromptTokens,
  hgrnBitParamCounts,
  type HgrnBitBuildOptions,
  type HgrnBitDecodeOptions,
} from './hgrn-bit.js';
export {
  DEFAULT_CONTEXT,
  DEFAULT_KV_BYTES,
  buildTransformer,
  resolvePhaseLengths,
  transformerParamCounts,
  type TransformerBuildOptions,
} from './transformer.js';
export {
  MODEL_ZOO,
  ZOO,
  allZooModelNames,
  isZooModel,
  modelZooEntry,
  zooEntry,
  zooModelNames,
  type AnyZooEntry,
  type TransformerZooEntry,
  type ZooEntry,
} from './zoo.js';
export {
  GraphChecker,
  PARAM_COUNT_KEYS,
  REQUIRED_PARAM_COUNT_KEYS,
  WORKLOAD_FAMILIES,
  WORKLOAD_PHASES,
  checkWorkload,
  findGraphProblem,
  findHeaderProblem,
  paramPartsSum,
  type GraphProblem,
} from './graph-check.js';
export { TRACE_FORMAT, TRACE_VERSION, TRACE_VERSIONS_READ, parseTrace, writeTrace } from './trace-format.js';
export {
  RWKV_PAPER_BLOCK_HISTOGRAM,
  RWKV_PAPER_BLOCK_REGISTERS,
  buildRwkvPaperBlock,
  rwkvPaperBlockTrace,
  type RwkvPaperBlockOptions,
} from './rwkv-paper-block.js';
export { buildModelWorkload, modelParamCounts, workloadFromModelSpec, type ModelSpec, type ModelSpecOptions } from './model-spec.js';
export { opHistogram, opHistogramKey, ternaryWeightCount } from './op-histogram.js';
export { attentionCost, type AttentionCost } from './attention-cost.js';
export { WEIGHT_BITS, matrixWeightBytes, matvecDtype, matvecWeightBytes, weightRowBytes } from './weights.js';
export { histogramByLayer, summarizeWorkload, type DtypeWeights, type WorkloadSummary } from './summary.js';
