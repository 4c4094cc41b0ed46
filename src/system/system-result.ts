import type { Result } from '../sim/result.js';

/** One device of a simulated system. */
export interface SystemDeviceResult {
  /** `device{i}` with its design's name. */
  name: string;
  design: string;
  /** Pipeline: the stage's layers [first, last]; tensor: null (every layer, its rows). */
  layers: [number, number] | null;
  /** Time the device computes per step (all its micro-batches or pieces), ps. */
  busyPsPerStep: number;
  /** Busy share of the step (0–1); 1 − this is bubble and waiting for links. */
  busyFraction: number;
  /** Tokens/s the device alone would sustain on its share (batch / its busy time per step). */
  tokensPerSecondAlone: number;
  /** Board power in the system: static + its dynamic energy per step / step time, W. */
  watts: number;
  /** Packed weight bytes of the device's share. */
  weightBytes: number;
}

/** One link direction of a simulated system. */
export interface SystemLinkResult {
  name: string;
  bytesPerStep: number;
  /** Serializing share of the step (0–1). */
  utilization: number;
  /** Energy per bit moved / step time, W. */
  watts: number;
}

/**
 * The result of simulating one workload on a system of devices joined by links (docs/system.md).
 * Times in ms or ps, power in W, energy in J; every figure from the system-level event simulation.
 */
export interface SystemResult {
  ternsimVersion: string;
  mode: 'cycle' | 'fast';
  system: { name: string; devices: number; topology: string; partition: 'pipeline' | 'tensor'; microBatches: number };
  workload: Result['workload'];
  tokensPerSecond: number;
  /** Steady-state time between a sequence's successive tokens, ms (prefill: the whole prefill). */
  msPerToken: number;
  timeToFirstTokenMs: number | null;
  stepTimePs: number;
  watts: number;
  joulesPerToken: number;
  tokensPerSecondPerWatt: number;
  devices: SystemDeviceResult[];
  links: SystemLinkResult[];
  eventsProcessed: number;
  /** Each device's own simulation (pipeline: its stage at the micro-batch; one device: exactly today's Result). */
  deviceResults: Result[];
}
