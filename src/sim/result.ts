import type { ComponentPower } from '../power/power-model.js';
import type { Implementation } from '../power/implementation.js';
import type { Activity } from './timeline.js';

/** What limits a design's decode speed. */
export type BoundBy = 'dram-bandwidth' | 'dram-latency' | 'sram-bandwidth' | 'sram-latency' | 'host-link' | 'interconnect' | 'compute' | 'sfu' | 'kernel-launch';

/** Utilization of one unit over the decode step. */
export interface UnitUtilization {
  /** Fraction of the step the unit was busy (0–1). */
  busyFraction: number;
}

/**
 * The result of simulating one workload on one design: one plain, JSON-ready object with stable
 * camelCase fields. Times in ms or ps, power in W, energy in J. Documented in docs/result.md.
 */
export interface Result {
  ternsimVersion: string;
  mode: 'cycle' | 'fast';
  design: { name: string; hash: string; target: 'fpga' | 'asic' | 'gpu' };
  workload: { model: string; phase: 'decode' | 'prefill'; batch: number; layers: number; hash: string };
  /** Generated tokens per second: batch / step time. */
  tokensPerSecond: number;
  /** Time of one step, ms: for decode the per-token latency of each sequence; for prefill the whole prefill. */
  msPerToken: number;
  /** Prefill only: time to first token, ms (the whole prefill, before sampling); null for decode. */
  timeToFirstTokenMs: number | null;
  /** Step time in integer ps. */
  stepTimePs: number;
  /** Step time in core clock cycles. */
  cycles: number;
  watts: number;
  staticWatts: number;
  dynamicWatts: number;
  joulesPerToken: number;
  /** Energy per ternary accumulate (pJ), TAU dynamic energy only. */
  picojoulesPerAccumulate: number;
  tokensPerSecondPerWatt: number;
  boundBy: BoundBy;
  units: Record<string, UnitUtilization>;
  memory: {
    /** Packed weight bytes streamed per step. */
    weightBytes: number;
    bytesRead: number;
    bytesWritten: number;
    achievedBytesPerSecond: number;
    peakBytesPerSecond: number | null;
    /** Data-bus busy fraction, averaged over channels (null for an ideal memory). */
    busUtilization: number | null;
  };
  power: {
    byComponent: ComponentPower[];
    staticSources: { name: string; watts: number; source: string }[];
    /** FPGA junction temperature the power was computed at (°C); null for ASICs and GPUs. */
    junctionC: number | null;
  };
  /**
   * Weight operations (one per weight per token: a ternary accumulate, or a multiply-accumulate on
   * a GPU or for a dense layer) the hardware can do per second at peak, and those one step did —
   * with memory.peakBytesPerSecond and bytes moved, the inputs of a roofline.
   */
  compute: { peakOpsPerSecond: number; opsPerStep: number };
  /** Busy fraction of each unit in equal time bins over the step (in fast mode, the simulated part); null for a GPU. */
  activity: Activity | null;
  /** FPGA resources used against the device, or ASIC die area by unit; null for a GPU. */
  implementation: Implementation | null;
  /** Action counts by component (the input of the power model). */
  actions: Record<string, Record<string, number>>;
  eventsProcessed: number;
  /** What the design gets wrong for this workload without failing it (e.g. accumulators that can saturate). */
  warnings: string[];
}
