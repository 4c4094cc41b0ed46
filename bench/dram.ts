/**
 * DRAM model speed: requests simulated per wall-clock second (and per CPU second, steadier on a
 * shared machine) for a 64 MiB sequential read stream and a 1 M random-read trace, per standard and
 * channel count. Run `npm run build` then `node dist/bench/dram.js [standard ...]`. Prints a table;
 * no files written.
 */
import { performance } from 'node:perf_hooks';
import { resolveDramStandard } from '../src/hw/dram/standards.js';
import { runDramTrace } from '../src/hw/dram/trace-replay.js';
import type { DramTrace } from '../src/hw/dram/trace.js';
import { AddressMapper, DEFAULT_DRAM_MAPPING } from '../src/hw/dram/address-mapping.js';

const MiB = 1024 * 1024;

/** mulberry32: a small, well-mixed 32-bit generator (an LCG's low bits would repeat banks). */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A trace of `n` reads: sequential bursts from 0, or uniformly random bursts over the whole memory (seeded). */
function makeTrace(n: number, burst: number, capacity: number, random: boolean): DramTrace {
  const addr = new Float64Array(n);
  const rnd = mulberry32(1);
  const bursts = Math.floor(capacity / burst);
  for (let i = 0; i < n; i++) addr[i] = random ? Math.floor(rnd() * bursts) * burst : i * burst;
  return { length: n, addr, write: new Uint8Array(n), cycle: new Float64Array(n).fill(-1) };
}

const cases: [string, number][] = process.argv.length > 2 ? process.argv.slice(2).map((s) => [s, 1]) : [['DDR4-2400', 1], ['DDR4-2400', 4], ['HBM2-2.0', 8], ['HBM3-6.4', 16], ['LPDDR5-6400', 1]];

process.stdout.write(`ternsim DRAM bench — Node ${process.version}\n\n`);
process.stdout.write(`${'standard'.padEnd(14)} ${'ch'.padStart(3)} ${'trace'.padEnd(22)} ${'requests'.padStart(9)} ${'wall s'.padStart(7)} ${'M req/s'.padStart(8)} ${'cpu s'.padStart(7)} ${'M req/cpu-s'.padStart(11)} ${'M ev/s'.padStart(7)} ${'sim GB/s'.padStart(9)} ${'% peak'.padStart(7)}\n`);
for (const [name, channels] of cases) {
  const standard = resolveDramStandard(name);
  const mapper = new AddressMapper(DEFAULT_DRAM_MAPPING, standard.organization, channels);
  const burst = mapper.burstBytes;
  const runs: [string, DramTrace][] = [
    ['64 MiB sequential', makeTrace((64 * MiB) / burst, burst, mapper.capacityBytes, false)],
    ['1 M random reads', makeTrace(1_000_000, burst, mapper.capacityBytes, true)],
  ];
  for (const [label, trace] of runs) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = runDramTrace({ standard, channels }, trace);
    const wall = (performance.now() - t0) / 1e3;
    const cu = process.cpuUsage(c0);
    const cpu = (cu.user + cu.system) / 1e6;
    process.stdout.write(
      `${name.padEnd(14)} ${String(channels).padStart(3)} ${label.padEnd(22)} ${String(r.requests).padStart(9)} ${wall.toFixed(3).padStart(7)} ${(r.requests / wall / 1e6).toFixed(2).padStart(8)} ${cpu.toFixed(3).padStart(7)} ${(r.requests / cpu / 1e6).toFixed(2).padStart(11)} ${(r.events / wall / 1e6).toFixed(2).padStart(7)} ${(r.bytesPerSecond / 1e9).toFixed(2).padStart(9)} ${((100 * r.bytesPerSecond) / r.peakBytesPerSecond).toFixed(1).padStart(7)}\n`,
    );
  }
}
