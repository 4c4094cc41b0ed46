/**
 * `ternsim dram <standard> --trace <file>`: runs a memory trace (DRAMsim3 `0xADDR READ|WRITE [cycle]`
 * lines or JSON Lines `{"addr", "write", "cycle"}`) through one DRAM standard and prints bandwidth,
 * latency (mean, p50, p95, p99), row-hit rate, energy and power. A yargs CommandModule for the CLI
 * to register; the work is `runDramCommand`, which reads the trace file and throws InputError for
 * bad input (the CLI prints one line and exits 2).
 */
import type { Argv, CommandModule } from 'yargs';
import { InputError } from '../design/design-error.js';
import { AddressMapper, DEFAULT_DRAM_MAPPING } from '../hw/dram/address-mapping.js';
import { watermarkWriteQueue } from '../hw/dram/channel.js';
import type { DramSystemConfig } from '../hw/dram/dram-system.js';
import { DRAM_STANDARDS, resolveDramStandard, type DramRefreshMode } from '../hw/dram/standards.js';
import { DramTraceError, parseDramTrace } from '../hw/dram/trace.js';
import { runDramTrace, type DramTraceRun } from '../hw/dram/trace-replay.js';
import { MAX_DRAM_TRACE_BYTES, readTextInput } from '../io/read-input.js';
import { dramEnergyBreakdown, type DramEnergyBreakdown } from '../power/dram-energy.js';
import { bytesPerSecond, pct, sig } from '../report/number-format.js';
import type { CliIO } from './cli-io.js';
import { choiceOption, intOption, single } from './options.js';

/** Where the command writes: only stdout (bad input is thrown as InputError). */
export type DramCommandIO = Pick<CliIO, 'stdout'>;

/** Option names of the command (for the CLI's "did you mean" hints). */
export const DRAM_COMMAND_OPTIONS: readonly string[] = ['trace', 'channels', 'mapping', 'page', 'refresh', 'queue', 'write-queue', 'power-down', 'interleave', 'json', 'help'];

/** The most channels the command simulates. */
const MAX_CHANNELS = 1024;

/** What `ternsim dram` measured, as printed with --json. */
export interface DramCommandResult {
  standard: string;
  channels: number;
  mapping: string;
  pagePolicy: 'open' | 'closed';
  refresh: DramRefreshMode;
  trace: string;
  requests: number;
  reads: number;
  writes: number;
  requestBytes: number;
  timeNs: number;
  bandwidthBytesPerSecond: number;
  peakBytesPerSecond: number;
  latencyNs: { mean: number; p50: number; p95: number; p99: number; max: number };
  rowHitRate: number;
  energy: DramEnergyBreakdown;
  actions: Record<string, Record<string, number>>;
}

/** Runs the command on parsed arguments (strings as yargs gives them); throws InputError for bad input. */
export function runDramCommand(a: Record<string, unknown>, io: DramCommandIO): DramCommandResult {
  const name = String(single('standard', a['standard']) ?? '');
  if (!DRAM_STANDARDS[name]) {
    throw new InputError('command line', '<standard>', `expected one of ${Object.keys(DRAM_STANDARDS).join(', ')}, got ${JSON.stringify(name)}`);
  }
  const file = single('trace', a['trace']);
  if (typeof file !== 'string' || file.trim() === '') throw new InputError('command line', '--trace', 'missing; expected a trace file (0xADDR READ|WRITE [cycle] lines, or JSON Lines)');
  const channels = intOption('channels', a['channels'], 1, MAX_CHANNELS) ?? 1;
  const queueDepth = intOption('queue', a['queue'], 1, 4096);
  const writeQueue = intOption('write-queue', a['write-queue'], 4, 4096);
  const powerDown = intOption('power-down', a['power-down'], 0, 1e9);
  const interleave = intOption('interleave', a['interleave'], 1, 2 ** 40);
  const pagePolicy = choiceOption('page', a['page'], ['open', 'closed'] as const) ?? 'open';
  const refreshOpt = choiceOption('refresh', a['refresh'], ['all-bank', 'per-bank'] as const);
  const mappingOpt = single('mapping', a['mapping']);
  const mapping = mappingOpt === undefined ? DEFAULT_DRAM_MAPPING : String(mappingOpt);
  const standard = resolveDramStandard(name);
  const refresh = refreshOpt ?? standard.defaultRefresh;
  if (refresh === 'per-bank' && standard.timing.tRFCpb <= 0) throw new InputError('command line', '--refresh', `expected all-bank: ${name} has no per-bank refresh`);
  let mapper: AddressMapper;
  try {
    mapper = new AddressMapper(mapping, standard.organization, channels, interleave !== undefined ? { channelInterleaveBytes: interleave } : {});
  } catch (e) {
    throw new InputError('command line', interleave !== undefined && !/mapping/.test((e as Error).message) ? '--interleave' : '--mapping', (e as Error).message);
  }
  const text = readTextInput(file, 'trace file', MAX_DRAM_TRACE_BYTES);
  let trace;
  try {
    trace = parseDramTrace(text, { alignBytes: mapper.burstBytes, capacityBytes: mapper.capacityBytes });
  } catch (e) {
    if (e instanceof DramTraceError) throw new InputError(file, `line ${e.line}`, e.expected);
    throw e;
  }
  if (trace.length === 0) throw new InputError(file, '', 'expected at least one request (0xADDR READ|WRITE [cycle]), got none');
  const config: DramSystemConfig = {
    standard,
    channels,
    mapping,
    pagePolicy,
    refresh,
    ...(queueDepth !== undefined ? { queueDepth } : {}),
    ...(writeQueue !== undefined ? { writeQueue: watermarkWriteQueue(writeQueue) } : {}),
    ...(powerDown !== undefined ? { powerDownIdleCycles: powerDown } : {}),
    ...(interleave !== undefined ? { channelInterleaveBytes: interleave } : {}),
  };
  const run = runDramTrace(config, trace);
  const result = toResult(run, config, file, dramEnergyBreakdown(standard, run.actions, run.endPs));
  io.stdout(a['json'] ? `${JSON.stringify(result, null, 2)}\n` : formatDramResult(result));
  return result;
}

function toResult(run: DramTraceRun, c: DramSystemConfig, file: string, energy: DramEnergyBreakdown): DramCommandResult {
  const ns = (ps: number): number => ps / 1000;
  return {
    standard: c.standard.name,
    channels: c.channels,
    mapping: String(c.mapping),
    pagePolicy: c.pagePolicy ?? 'open',
    refresh: c.refresh ?? c.standard.defaultRefresh,
    trace: file,
    requests: run.requests,
    reads: run.reads,
    writes: run.writes,
    requestBytes: run.requestBytes,
    timeNs: ns(run.endPs - run.startPs),
    bandwidthBytesPerSecond: run.bytesPerSecond,
    peakBytesPerSecond: run.peakBytesPerSecond,
    latencyNs: { mean: ns(run.latencyPs.mean), p50: ns(run.latencyPs.p50), p95: ns(run.latencyPs.p95), p99: ns(run.latencyPs.p99), max: ns(run.latencyPs.max) },
    rowHitRate: run.rowHitRate,
    energy,
    actions: run.actions,
  };
}

/** The human-readable summary of a run. */
export function formatDramResult(r: DramCommandResult): string {
  const e = r.energy.pJ;
  const nJ = (pJ: number): string => sig(pJ / 1000, 4);
  return (
    `${r.standard} · ${r.channels} channel${r.channels === 1 ? '' : 's'} · ${r.mapping} · ${r.pagePolicy} page · ${r.refresh} refresh · ${r.trace}\n` +
    `  requests      ${r.requests} (${r.reads} reads, ${r.writes} writes) of ${r.requestBytes} B\n` +
    `  time          ${sig(r.timeNs / 1000, 4)} µs\n` +
    `  bandwidth     ${bytesPerSecond(r.bandwidthBytesPerSecond)} (${pct(r.bandwidthBytesPerSecond / r.peakBytesPerSecond)} of ${bytesPerSecond(r.peakBytesPerSecond)} peak)\n` +
    `  latency       mean ${sig(r.latencyNs.mean, 4)} ns · p50 ${sig(r.latencyNs.p50, 4)} · p95 ${sig(r.latencyNs.p95, 4)} · p99 ${sig(r.latencyNs.p99, 4)} · max ${sig(r.latencyNs.max, 4)} ns\n` +
    `  row-hit rate  ${pct(r.rowHitRate)}\n` +
    `  energy        ${nJ(e.total)} nJ: activate ${nJ(e.act)}, read ${nJ(e.rd)}, write ${nJ(e.wr)}, refresh ${nJ(e.ref)}, I/O ${nJ(e.io)}, background ${nJ(e.background)} · ${sig(r.energy.pJPerBit, 3)} pJ/bit\n` +
    `  power         ${sig(r.energy.watts, 4)} W\n`
  );
}

/** Adds the command's positional and options to a yargs instance. */
export function dramCommandBuilder<T>(y: Argv<T>) {
  return y
    .positional('standard', { type: 'string', demandOption: true, describe: `DRAM standard: ${Object.keys(DRAM_STANDARDS).join(', ')}` })
    .option('trace', { type: 'string', demandOption: true, describe: 'memory trace: "0xADDR READ|WRITE [cycle]" lines (DRAMsim3) or JSON Lines {"addr","write","cycle"}' })
    .option('channels', { type: 'string', describe: 'channels (default 1)' })
    .option('mapping', { type: 'string', describe: `address mapping, MSB first: RoBaCoBgCh (default), RoBaBgCoCh, … or a DRAMsim3 string such as rochrababgco` })
    .option('page', { type: 'string', choices: ['open', 'closed'], describe: 'row-buffer policy (default open)' })
    .option('refresh', { type: 'string', choices: ['all-bank', 'per-bank'], describe: "refresh granularity (default: the standard's)" })
    .option('queue', { type: 'string', describe: 'request-queue depth per (pseudo-)channel, bursts (default 32)' })
    .option('write-queue', { type: 'string', describe: 'a separate write queue of this depth, drained at 3/4 full down to 1/4' })
    .option('power-down', { type: 'string', describe: 'power ranks down after this many idle tCK' })
    .option('interleave', { type: 'string', describe: 'channel interleaving granularity in bytes' })
    .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON' });
}

/** The `dram <standard>` CommandModule. `onAction` receives the work to run with the CLI's io (as program.ts's commands do). */
export function dramCommand(onAction: (run: (io: DramCommandIO) => void) => void): CommandModule {
  return {
    command: 'dram <standard>',
    describe: 'run a memory trace through a DRAM standard: bandwidth, latency percentiles, row-hit rate, energy, power',
    builder: (y) => dramCommandBuilder(y),
    handler: (a) => {
      onAction((io) => void runDramCommand(a as Record<string, unknown>, io));
    },
  };
}
