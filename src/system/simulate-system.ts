import type { AnyDesign } from '../design/parse-gpu-design.js';
import { Simulator } from '../engine/simulator.js';
import { layoutMemory } from '../mapping/memory-layout.js';
import type { PackingFormat } from '../hw/packing.js';
import type { Result } from '../sim/result.js';
import type { SimulateOptions } from '../sim/simulate.js';
import { simulateAny } from '../sim/simulate-any.js';
import { contentHash } from '../util/hash.js';
import { psToSeconds } from '../util/units.js';
import { TERNSIM_VERSION } from '../version.js';
import type { Workload } from '../workload/ops.js';
import { balancedStages, pipelineStages, stageInputElements, tensorPieces } from './partition.js';
import type { SystemDeviceResult, SystemResult } from './system-result.js';
import type { SystemLinkSpec } from './system-link.js';
import { Network, type Topology } from './topology.js';

/** A system ready to simulate: its devices in order (each an accelerator design, or a GPU running the kernel model), link, topology and partition. */
export interface SystemModel {
  name: string;
  devices: { design: AnyDesign }[];
  link: SystemLinkSpec | null;
  topology: Topology;
  partition: { type: 'pipeline'; layers?: number[]; microBatches?: number } | { type: 'tensor' };
  /** Bytes per activation element sent between devices. */
  activationBytes: number;
}

/** Bytes of the sampled token id a decode step returns from the last stage to the first, per sequence. */
const TOKEN_ID_BYTES = 4;
/** Decode steps simulated: the first fills the pipe, the step time is the steady spacing after it. */
const DECODE_ROUNDS = 4;

/**
 * Simulates `workload` on a system. Each device runs its share with `simulate` (pipeline: its
 * stage at the micro-batch size, built by `workloadAt`; tensor: each piece with its rows); a
 * system-level discrete-event simulation then runs the devices as servers with those service
 * times and every activation transfer, token return and all-gather as events on link components,
 * so bubbles, overlap and contention emerge. Pure.
 */
export function simulateSystem(system: SystemModel, workload: Workload, workloadAt: (batch: number) => Workload, options: SimulateOptions): SystemResult {
  const n = system.devices.length;
  const sim = new Simulator();
  const net = new Network(sim, system.topology, n, system.link ?? { lineRateGbps: 1, encodingEfficiency: 1, latencyNs: 0, energyPjPerBit: 0 });
  const rounds = workload.phase === 'decode' ? DECODE_ROUNDS : 1;
  const roundEnd: number[] = [];
  const busyPs = new Array<number>(n).fill(0);
  const dynJPerRound = new Array<number>(n).fill(0);
  const deviceResults: Result[] = [];
  const layerRanges: ([number, number] | null)[] = [];
  const weightBytes: number[] = [];
  let microBatches = 1;
  let eventsProcessed = 0;

  if (system.partition.type === 'pipeline') {
    const counts = system.partition.layers ?? balancedStages(workload, n);
    // Default: the largest divisor of the batch that is at most the stage count.
    let b0 = system.partition.microBatches ?? Math.min(n, workload.batch);
    if (system.partition.microBatches === undefined) while (workload.batch % b0 !== 0) b0--;
    microBatches = workload.phase === 'decode' && workload.batch % b0 === 0 ? b0 : 1;
    const b = workload.batch / microBatches;
    const micro = b === workload.batch ? workload : workloadAt(b);
    const stages = pipelineStages(micro, counts);
    const service = stages.map((w, i) => {
      const r = simulateAny(system.devices[i]!.design, w, options);
      deviceResults.push(r);
      eventsProcessed += r.eventsProcessed;
      dynJPerRound[i] = r.dynamicWatts * psToSeconds(r.stepTimePs) * microBatches;
      weightBytes.push(packedWeightBytes(system.devices[i]!.design, w));
      return r.stepTimePs;
    });
    let first = 0;
    for (const c of counts) layerRanges.push([first, (first += c) - 1]);
    const queue: number[][] = stages.map(() => []);
    const idle = stages.map(() => true);
    const done = new Array<number>(rounds).fill(0);
    const arrive = (s: number, round: number) => {
      queue[s]!.push(round);
      start(s);
    };
    const start = (s: number) => {
      if (!idle[s] || queue[s]!.length === 0) return;
      const round = queue[s]!.shift()!;
      idle[s] = false;
      busyPs[s]! += service[s]!;
      sim.after(service[s]!, () => {
        idle[s] = true;
        if (s + 1 < n) net.send(s, s + 1, stageInputElements(stages[s + 1]!) * b * system.activationBytes, sim, () => arrive(s + 1, round));
        else if (++done[round]! === microBatches) roundEnd[round] = sim.now;
        if (s + 1 === n) net.send(s, 0, TOKEN_ID_BYTES * b, sim, () => round + 1 < rounds && arrive(0, round + 1));
        start(s);
      });
    };
    for (let m = 0; m < microBatches; m++) arrive(0, 0);
  } else {
    const pieces = system.devices.map((_, i) => tensorPieces(workload, i, n));
    const cache = new Map<string, Result>();
    const firstResult: Result[] = [];
    const times = pieces.map((ps, i) =>
      ps.map((p) => {
        const key = contentHash([i, system.devices[i]!.design, p.workload.ops.map((o) => ({ ...o, id: '', deps: o.deps.length }))]);
        let r = cache.get(key);
        if (!r) cache.set(key, (r = simulateAny(system.devices[i]!.design, p.workload, options)));
        firstResult[i] ??= r;
        eventsProcessed += r.eventsProcessed;
        dynJPerRound[i]! += r.dynamicWatts * psToSeconds(r.stepTimePs);
        return r.stepTimePs;
      }),
    );
    system.devices.forEach((d, i) => {
      layerRanges.push(null);
      weightBytes.push(pieces[i]!.reduce((a, p) => a + packedWeightBytes(d.design, p.workload), 0));
      deviceResults.push(firstResult[i]!);
    });
    const segs = pieces[0]!.length;
    // received[d][round*segs+k]: shards of piece k device d holds (its own counts once computed).
    const got = Array.from({ length: n }, () => new Map<number, number>());
    const computed = Array.from({ length: n }, () => new Set<number>());
    const finished = new Array<number>(rounds).fill(0);
    const tryNext = (d: number, idx: number) => {
      // Device d starts piece idx+1 once it computed idx and holds every shard of it.
      const needs = pieces[d]![idx % segs]!.gatherElements > 0 && n > 1 ? n : 1;
      if (!computed[d]!.has(idx) || (got[d]!.get(idx) ?? 0) < needs) return;
      computed[d]!.delete(idx);
      if (idx % segs === segs - 1) {
        const round = Math.floor(idx / segs);
        if (++finished[round]! === n) roundEnd[round] = sim.now;
        if (round + 1 === rounds) return;
      }
      run(d, idx + 1);
    };
    const run = (d: number, idx: number) => {
      const k = idx % segs;
      const t = times[d]![k]!;
      busyPs[d]! += t;
      sim.after(t, () => {
        computed[d]!.add(idx);
        got[d]!.set(idx, (got[d]!.get(idx) ?? 0) + 1);
        const p = pieces[d]![k]!;
        if (p.gatherElements > 0 && n > 1)
          net.broadcast(d, p.gatherElements * workload.batch * system.activationBytes, (e) => {
            got[e]!.set(idx, (got[e]!.get(idx) ?? 0) + 1);
            tryNext(e, idx);
          });
        tryNext(d, idx);
      });
    };
    for (let d = 0; d < n; d++) run(d, 0);
  }
  sim.run();
  eventsProcessed += sim.eventsProcessed;

  const stepPs = rounds > 1 ? Math.round((roundEnd[rounds - 1]! - roundEnd[0]!) / (rounds - 1)) : roundEnd[0]!;
  const seconds = psToSeconds(stepPs);
  const busyPerStep = busyPs.map((p) => p / rounds);
  const devices: SystemDeviceResult[] = system.devices.map((d, i) => ({
    name: `device${i}`,
    design: d.design.name,
    layers: layerRanges[i]!,
    busyPsPerStep: busyPerStep[i]!,
    busyFraction: busyPerStep[i]! / stepPs,
    tokensPerSecondAlone: workload.batch / psToSeconds(busyPerStep[i]!),
    watts: deviceResults[i]!.staticWatts + dynJPerRound[i]! / seconds,
    weightBytes: weightBytes[i]!,
  }));
  const links = net.links.map((l) => ({ name: l.name, bytesPerStep: l.bytes / rounds, utilization: l.busyPs / rounds / stepPs, watts: l.energyJ / rounds / seconds }));
  // One device, one stage: its own Result's figures exactly (the event simulation above reproduces its step time).
  const whole = n === 1 && system.partition.type === 'pipeline';
  const watts = whole ? deviceResults[0]!.watts : devices.reduce((a, d) => a + d.watts, 0) + links.reduce((a, l) => a + l.watts, 0);
  const tokensPerSecond = workload.batch / seconds;
  return {
    ternsimVersion: TERNSIM_VERSION,
    mode: options.mode,
    system: { name: system.name, devices: n, topology: system.topology, partition: system.partition.type, microBatches },
    workload: deviceResults[0]!.workload.layers === workload.layers ? deviceResults[0]!.workload : { ...deviceResults[0]!.workload, layers: workload.layers, batch: workload.batch, hash: contentHash(workload) },
    tokensPerSecond,
    msPerToken: seconds * 1e3,
    timeToFirstTokenMs: workload.phase === 'prefill' ? seconds * 1e3 : null,
    stepTimePs: stepPs,
    watts,
    joulesPerToken: whole ? deviceResults[0]!.joulesPerToken : (watts * seconds) / workload.batch,
    tokensPerSecondPerWatt: tokensPerSecond / watts,
    devices,
    links,
    eventsProcessed,
    deviceResults,
  };
}

/** Packed weight bytes of `w` on `design` (a GPU's: the weight bytes its kernel model streams). */
function packedWeightBytes(design: AnyDesign, w: Workload): number {
  return design.kind === 'gpu' ? simulateAny(design, w, { mode: 'fast' }).memory.weightBytes : layoutMemory(w.ops, design.tau.packing as PackingFormat).weightBytes;
}
