/**
 * The workload room's public API: model zoo, Hugging Face config parsing, the HGRN-Bit decode-step
 * op graph, the paper's FPGA block program, the trace format, graph checks and summaries.
 */

export * from './ops.js';
export { ConfigError, TraceError, Found, describeValue } from './config-error.js';
export { SUPPORTED_MODEL_TYPES, defaultIntermediateSize, parseHgrnBitConfig, type HgrnBitConfig } from './hf-config.js';
export {
  DEFAULT_ZERO_FRACTION,
  FP16_BYTES,
  buildHgrnBitDecode,
  checkDecodeOptions,
  hgrnBitParamCounts,
  type HgrnBitDecodeOptions,
} from './hgrn-bit.js';
export { ZOO, zooEntry, zooModelNames, type ZooEntry } from './zoo.js';
export {
  GraphChecker,
  PARAM_COUNT_KEYS,
  WORKLOAD_FAMILIES,
  checkWorkload,
  findGraphProblem,
  findHeaderProblem,
  type GraphProblem,
} from './graph-check.js';
export { TRACE_FORMAT, TRACE_VERSION, parseTrace, writeTrace } from './trace-format.js';
export {
  RWKV_PAPER_BLOCK_HISTOGRAM,
  RWKV_PAPER_BLOCK_REGISTERS,
  buildRwkvPaperBlock,
  rwkvPaperBlockTrace,
  type RwkvPaperBlockOptions,
} from './rwkv-paper-block.js';
export { workloadFromModelSpec, type ModelSpec, type ModelSpecOptions } from './model-spec.js';
export { opHistogram, opHistogramKey, ternaryWeightCount } from './op-histogram.js';
