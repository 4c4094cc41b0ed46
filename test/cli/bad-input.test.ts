/**
 * The bad-input corpus: every file under test/fixtures/bad/ (and a few bad command lines) run
 * through the CLI in-process. Each must give exit code 2, exactly the one stderr line below
 * (naming the file, the key path and what was expected), nothing on stdout, no stack trace, and
 * no output file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const BAD = 'test/fixtures/bad';
const TINY = 'test/fixtures/good/tiny.yaml';
const CORE = 'designs/fpga/d5005-paper-core.yaml';
const BLOCK = 'src/workload/traces/rwkv-paper-block-d512.jsonl';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bad design file simulated with a zoo model. */
const design = (name: string): string[] => ['simulate', `${BAD}/${name}`, '--model', 'mmfree-370m'];
/** A bad model config simulated on the tiny design. */
const config = (name: string): string[] => ['simulate', TINY, '--model', `${BAD}/${name}`];
/** A bad trace simulated on the tiny design. */
const trace = (name: string): string[] => ['simulate', TINY, '--trace', `${BAD}/${name}`];

/** A bad sweep spec run into a store under the temp folder (which must not be created). */
const sweep = (name: string): string[] => ['sweep', `${BAD}/${name}`, '--store', join(dir, 'never', 's.db')];

const CASES: [string, string[], string][] = [
  // Malformed files.
  ['a tab used as indentation', design('tab-indent.yaml'), `${BAD}/tab-indent.yaml: malformed YAML at line 10: Tabs are not allowed as indentation`],
  ['an unclosed quote', design('unclosed-quote.yaml'), `${BAD}/unclosed-quote.yaml: malformed YAML at line 2: Missing closing "quote`],
  ['a duplicate key', design('duplicate-key.yaml'), `${BAD}/duplicate-key.yaml: tau.lanes: duplicate key at line 20; expected each key once`],
  ['an empty file', design('empty.yaml'), `${BAD}/empty.yaml: expected a mapping of design fields, got an empty file`],
  ['a list instead of a mapping', design('not-a-mapping.yaml'), `${BAD}/not-a-mapping.yaml: expected a mapping of design fields, got an array of 2`],
  ['a JSON design with a trailing comma', design('trailing-comma.json'), `${BAD}/trailing-comma.json: malformed JSON at line 4, column 1: expected another key after "," (JSON allows no trailing comma), got "}"`],
  ['binary garbage (not UTF-8)', design('garbage.yaml'), `${BAD}/garbage.yaml: expected a text design file in UTF-8, got binary data (bytes that are not UTF-8)`],
  ['NUL bytes', design('nul-bytes.yaml'), `${BAD}/nul-bytes.yaml: expected a text design file, got binary data`],
  // Unknown keys, types, units, values.
  ['a misspelt top-level key', design('unknown-key-top.yaml'), `${BAD}/unknown-key-top.yaml: clocks: unknown key (did you mean "clock"?); expected one of name, kind, description, target, clock, issue, memory, interconnect, host, hostProcessor, sharedMemoryPort, weightStream, transfer, state, activationSram, tau, cores, vector, norm, power, sources`],
  ['a misspelt nested key', design('unknown-key-nested.yaml'), `${BAD}/unknown-key-nested.yaml: tau.lanse: unknown key (did you mean "lanes"?); expected one of engine, lanes, weightsPerLane, accumulatorBits, accumulators, pipelineDepth, copyOutPerCycle, packing, zeroSkipping, lut`],
  ['a missing field', design('missing-field.yaml'), `${BAD}/missing-field.yaml: clock: missing; expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"`],
  ['a string for a boolean', design('wrong-type.yaml'), `${BAD}/wrong-type.yaml: tau.zeroSkipping: expected true or false, got "yes"`],
  ['clock: 60 ns', design('clock-time-unit.yaml'), `${BAD}/clock-time-unit.yaml: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got "60 ns" (a time, not a frequency)`],
  ['clock: 60', design('clock-bare-number.yaml'), `${BAD}/clock-bare-number.yaml: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got 60 (a bare number has no unit)`],
  ['clock: 20 GHz', design('clock-too-fast.yaml'), `${BAD}/clock-too-fast.yaml: clock: expected a frequency >= 1 MHz and <= 10 GHz, got "20 GHz"`],
  ['a size in kilobits', design('size-unknown-unit.yaml'), `${BAD}/size-unknown-unit.yaml: activationSram.capacity: expected a size with a unit (B, KiB, MiB, GiB, kB, KB, MB, GB), e.g. "2 KiB", got "64 Kb" (unknown unit "Kb")`],
  ['a fraction of a byte', design('fractional-bytes.yaml'), `${BAD}/fractional-bytes.yaml: activationSram.capacity: expected a whole number of bytes, got "1.5 B"`],
  ['negative lanes', design('negative-lanes.yaml'), `${BAD}/negative-lanes.yaml: tau.lanes: expected a positive integer, got -4`],
  ['zero channels', design('zero-channels.yaml'), `${BAD}/zero-channels.yaml: memory.channels: expected a positive integer, got 0`],
  ['an unknown packing', design('bad-enum.yaml'), `${BAD}/bad-enum.yaml: tau.packing: expected one of "2bit", "1.6bit", "bitmap", "tl1", "tl2", got "3bit"`],
  ['a LUT engine without its lut section', design('lut-missing-section.yaml'), `${BAD}/lut-missing-section.yaml: tau.lut: missing; expected the LUT engine section (group, builders, storage) with tau.engine "lut"`],
  ['LUT tables whose multiplexers the FPGA cannot hold', design('lut-tables-too-big.yaml'), `${BAD}/lut-tables-too-big.yaml: target.device: does not fit the AMD XCU280 (Alveo U280, = XCVU37P): LUT 1,784,485 needed, 1,303,680 available (tau.tableMux 1,566,720, shell 107,629, tau.decode 41,000)`],
  ['an unknown memory type', design('unknown-memory-type.yaml'), `${BAD}/unknown-memory-type.yaml: memory.type: expected one of "dram", "ideal", "sram", got "flash"`],
  ['a design kind ternsim does not simulate', design('wrong-kind.yaml'), `${BAD}/wrong-kind.yaml: kind: expected "accelerator" or "gpu", got "tpu"`],
  ['an unknown DRAM standard', design('unknown-dram-standard.yaml'), `${BAD}/unknown-dram-standard.yaml: memory.standard: expected one of "DDR4-2400", "DDR4-2666", "DDR4-3200", "DDR5-4800", "LPDDR4-3200", "LPDDR4-4266", "LPDDR5-6400", "GDDR6-14", "GDDR6-16", "HBM2-2.0", "HBM2-2.0-PC", "HBM2-2.4", "HBM2e-3.2", "HBM3-6.4", got "DDR9-9999"`],
  ['an unknown DRAM timing', design('unknown-dram-timing.yaml'), `${BAD}/unknown-dram-timing.yaml: memory.timing.tXYZ: unknown key (did you mean "tXP"?); expected one of tCK, tRCD, tRCDWR, tCL, tCWL, tRP, tRAS, tRC, tCCD_S, tCCD_L, tRRD_S, tRRD_L, tFAW, tWTR_S, tWTR_L, tWR, tRTW, tRTP, tRTRS, tRFC, tREFI, tRFCpb, tREFIpb, tRREFD, tXP, tCKE`],
  ['tREFI shorter than tRFC', design('refresh-too-long.yaml'), `${BAD}/refresh-too-long.yaml: memory.timing.tREFI: expected tREFI (100 tCK) > tRFC (420 tCK): a refresh must finish before the next is due`],
  // Sources and cross-field checks.
  ['a citation of a field the design lacks', design('source-missing-field.yaml'), `${BAD}/source-missing-field.yaml: sources.tau.zeroSkipping: cites "tau.zeroSkipping", which is not a field of this design; expected the key path of a field given in this file, e.g. "tau.lanes"`],
  ['more lanes than accumulators', design('lanes-exceed-accumulators.yaml'), `${BAD}/lanes-exceed-accumulators.yaml: tau.lanes: expected at most tau.accumulators (64): each lane owns at least one output row, got 128`],
  ['prefetch through a shared port', design('prefetch-shared-port.yaml'), `${BAD}/prefetch-shared-port.yaml: weightStream.prefetch: expected false when sharedMemoryPort is true (weights cannot be prefetched through a port shared with loads and stores), got true`],
  // Designs their hardware cannot hold.
  ['an FPGA design with more adders than the device has LUTs', design('fpga-too-many-lanes.yaml'), `${BAD}/fpga-too-many-lanes.yaml: target.device: does not fit the AMD XCK26 (Kria K26 SOM, = XCZU5EV): LUT 187,286 needed, 117,120 available (tau.adders 163,840, shell 14,410, readers 3,000)`],
  ['an FPGA device not in the library', design('fpga-unknown-device.yaml'), `${BAD}/fpga-unknown-device.yaml: target.device: expected one of "stratix10-sx2800", "xcu280", "xcu55c", "xck26", got "xc7z020"`],
  ['a clock above the family fmax', design('fpga-clock-above-fmax.yaml'), `${BAD}/fpga-clock-above-fmax.yaml: clock: expected at most the 450 MHz fmax assumed for the AMD XCU280 (Alveo U280, = XCVU37P), got 600 MHz`],
  ['a memory the board does not carry', design('fpga-memory-not-on-board.yaml'), `${BAD}/fpga-memory-not-on-board.yaml: memory.standard: expected a memory the Intel FPGA PAC D5005 carries (DDR4), got LPDDR4-3200`],
  ['an ASIC die larger than the reticle', design('asic-over-reticle.yaml'), `${BAD}/asic-over-reticle.yaml: does not fit on one die: expected at most the 858 mm² of a lithography reticle, got 1497 mm²`],
  ['NaN lanes', design('nan-lanes.yaml'), `${BAD}/nan-lanes.yaml: tau.lanes: expected a positive integer, got NaN`],
  ['a 1e30-byte SRAM', design('huge-sram.yaml'), `${BAD}/huge-sram.yaml: activationSram.capacity: expected a size > 0 B and <= 1024 GiB, got "1e30 B"`],
  ['a junction temperature without a unit', design('junction-bare-number.yaml'), `${BAD}/junction-bare-number.yaml: power.junctionTemperature: expected a temperature with a unit (C, degC), e.g. "85 C", got 85 (a bare number has no unit)`],
  // Sweep specs.
  ['a sweep range in two units', sweep('sweep-mixed-units.yaml'), `${BAD}/sweep-mixed-units.yaml: parameters.clock: expected from and to in one unit, got "GHz" and "MHz"`],
  ['a misspelt sweep key', sweep('sweep-unknown-key.yaml'), `${BAD}/sweep-unknown-key.yaml: samplr: unknown key (did you mean "sampler"?); expected one of name, description, base, models, batch, phase, context, promptTokens, mode, parameters, sampler, constraints, objectives, maxPoints`],
  ['a sweep whose base design is missing', sweep('sweep-missing-base.yaml'), `${BAD}/missing-design.yaml: no such base design`],
  ['a sweep of an unknown model', sweep('sweep-unknown-model.yaml'), `${BAD}/sweep-unknown-model.yaml: models[0]: expected a zoo model name (bitnet-b1.58-1.3b, bitnet-b1.58-2b-4t, bitnet-b1.58-3b, bitnet-b1.58-700m, llama-1.3b, llama-2-7b, llama-2.7b, llama-370m, mmfree-1.3b, mmfree-2.7b, mmfree-370m) or a config.json path relative to the spec, got "mmfree-9b"`],
  ['a sweep parameter that names no design field', sweep('sweep-unknown-path.yaml'), `${BAD}/sweep-unknown-path.yaml: parameters.tau.lanse: expected the key path of a design field, got "tau.lanse": tau has no field "lanse" (did you mean "lanes"?); its fields are engine, lanes, weightsPerLane, accumulatorBits, accumulators, pipelineDepth, copyOutPerCycle, packing, zeroSkipping, lut`],
  ['a sweep of 10^12 points', sweep('sweep-too-many-points.yaml'), `${BAD}/sweep-too-many-points.yaml: parameters: expected a sweep of at most 1,000,000 points (raise the limit with "maxPoints: <n>" in the spec), got 1e+12 (a grid of 100 × 100 × 100 × 100 × 100 × 100 values × 1 model)`],
  ['a buffer smaller than a request', design('buffer-smaller-than-request.yaml'), `${BAD}/buffer-smaller-than-request.yaml: weightStream.buffer.capacity: expected at least weightStream.requestBytes (64 B): the buffer must hold one request, got 32 B`],
  // Model configs.
  ['hidden_size -3', config('config-negative-hidden-size.json'), `${BAD}/config-negative-hidden-size.json: hidden_size: expected a positive integer, got -3`],
  ['an unknown model_type', config('config-unknown-model-type.json'), `${BAD}/config-unknown-model-type.json: model_type: expected a supported model type ("hgrn_bit", "llama", "bitnet"), got "not_a_model"`],
  ['hidden_size 1e12', config('config-absurd-hidden-size.json'), `${BAD}/config-absurd-hidden-size.json: hidden_size: expected a positive integer <= 1048576 (larger models cannot be simulated), got 1000000000000`],
  ['a hundred million layers', config('config-absurd-layers.json'), `${BAD}/config-absurd-layers.json: num_hidden_layers: expected a positive integer <= 10000 (larger models cannot be simulated), got 100000000`],
  ['a model too big for the DRAM', config('config-too-big-to-fit.json'), `${BAD}/config-too-big-to-fit.json: does not fit: expected at most the 8 GiB of DRAM of ${TINY} (memory: 1 channel × 8 GiB of DDR4-2400), got a model that needs 19.12 GiB (2bit packed weights 18.15 GiB, fp16 embedding table 1000 MiB, vectors 862.5 KiB)`],
  ['a truncated config.json', config('config-truncated.json'), `${BAD}/config-truncated.json: malformed JSON at line 4, column 3: expected a closing quote for the string that starts here, got end of file`],
  ['a config.json with a duplicate key', config('config-duplicate-key.json'), `${BAD}/config-duplicate-key.json: hidden_size: duplicate key at line 5; expected each key once`],
  // Traces.
  ['a truncated trace', trace('truncated-trace.jsonl'), `${BAD}/truncated-trace.jsonl: line 11: expected op 10 of the 29 the header announces (the file looks truncated), got end of file`],
  ['a binary trace', trace('garbage-trace.jsonl'), `${BAD}/garbage-trace.jsonl: expected a text trace file in UTF-8, got binary data (bytes that are not UTF-8)`],
  // Missing files.
  ['a missing design file', ['simulate', 'designs/nope.yaml', '--model', 'mmfree-370m'], 'designs/nope.yaml: no such design file'],
  ['a folder as the design', ['simulate', 'designs', '--model', 'mmfree-370m'], 'designs: expected a design file, got a folder'],
  ['a missing config.json', ['simulate', TINY, '--model', 'nope/config.json'], 'nope/config.json: no such model config'],
  ['a missing trace', ['simulate', TINY, '--trace', 'nope.jsonl'], 'nope.jsonl: no such trace file'],
  // The command line.
  ['no command', [], 'command line: expected a command: simulate, compare, report, models, trace, dram, sweep, worker, results, validate'],
  ['an unknown command', ['simulat'], 'command line: unknown command "simulat"; expected one of simulate, compare, report, models, trace, dram, sweep, worker, results, validate'],
  ['an unknown option', ['simulate', CORE, '--trace', BLOCK, '--zero-fractoin', '0.2'], 'command line: --zero-fractoin: unknown option; did you mean --zero-fraction? expected one of --model, --trace, --batch, --phase, --prompt, --context, --kv-bytes, --zero-fraction, --mode, --timeline, --set, --json, --breakdown, --out, --help'],
  ['an extra argument', ['simulate', CORE, 'extra', '--trace', BLOCK], 'command line: unexpected argument "extra"; see "ternsim simulate --help"'],
  ['no design', ['simulate', '--model', 'mmfree-370m'], 'command line: <design>: missing; expected a design file: ternsim simulate <design> --model <zoo name|config.json> (or --trace <ops.jsonl>)'],
  ['neither --model nor --trace', ['simulate', CORE], 'command line: --model/--trace: expected exactly one of --model <zoo name|config.json> or --trace <ops.jsonl>'],
  ['an unknown zoo model', ['simulate', CORE, '--model', 'mmfree-7b'], 'command line: --model: unknown model "mmfree-7b"; expected a zoo name (bitnet-b1.58-1.3b, bitnet-b1.58-2b-4t, bitnet-b1.58-3b, bitnet-b1.58-700m, llama-1.3b, llama-2-7b, llama-2.7b, llama-370m, mmfree-1.3b, mmfree-2.7b, mmfree-370m) or a path to a config.json'],
  ['--model twice', ['simulate', CORE, '--model', 'mmfree-370m', '--model', 'mmfree-1.3b'], 'command line: --model: expected one value, got 2: "mmfree-370m", "mmfree-1.3b"'],
  ['an unknown --mode', ['simulate', CORE, '--trace', BLOCK, '--mode', 'exact'], 'command line: --mode: expected one of "cycle", "fast", got "exact"'],
  ['--batch abc', ['simulate', CORE, '--model', 'mmfree-370m', '--batch', 'abc'], 'command line: --batch: expected an integer from 1 to 4096, got "abc"'],
  ['--batch 0', ['simulate', CORE, '--model', 'mmfree-370m', '--batch', '0'], 'command line: --batch: expected an integer from 1 to 4096, got "0"'],
  ['--zero-fraction 1', ['simulate', CORE, '--model', 'mmfree-370m', '--zero-fraction', '1'], 'command line: --zero-fraction: expected a number in [0, 1), got "1"'],
  ['--batch for a trace written at batch 1', ['simulate', CORE, '--trace', BLOCK, '--batch', '4'], 'command line: --batch: expected 1 (the batch the trace was written for) or nothing, got 4'],
  ['--model with no value', ['simulate', CORE, '--model'], 'command line: --model: expected a value, got an empty string'],
  ['--set without =', ['simulate', CORE, '--trace', BLOCK, '--set', 'clock'], `${CORE}: --set "clock": expected key.path=value, e.g. --set clock="250 MHz"`],
  ['--set through a missing mapping to a field that is not there', ['simulate', CORE, '--trace', BLOCK, '--set', 'power.bord.other=2 W'], `${CORE}: power.bord: unknown key (did you mean "board"?); expected one of node, vdd, sramCell, junctionTemperature, board, static`],
  ['--set to an unknown DRAM standard', ['simulate', CORE, '--trace', BLOCK, '--set', 'memory.standard=DDR9'], `${CORE}: memory.standard: expected one of "DDR4-2400", "DDR4-2666", "DDR4-3200", "DDR5-4800", "LPDDR4-3200", "LPDDR4-4266", "LPDDR5-6400", "GDDR6-14", "GDDR6-16", "HBM2-2.0", "HBM2-2.0-PC", "HBM2-2.4", "HBM2e-3.2", "HBM3-6.4", got "DDR9"`],
  ['--set clock=60', ['simulate', CORE, '--trace', BLOCK, '--set', 'clock=60'], `${CORE}: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got 60 (a bare number has no unit)`],
  ['trace without --out', ['trace', 'rwkv-paper-block'], 'command line: --out: missing; expected a value'],
  ['trace --d 1e12', ['trace', 'rwkv-paper-block', '--d', '1e12', '--out', join(dir, 'never.jsonl')], 'command line: --d: expected an integer from 1 to 1048576, got "1e12"'],
  ['compare with a bad design', ['compare', '--designs', `${BAD}/negative-lanes.yaml`, '--models', 'mmfree-370m', '--out', join(dir, 'never')], `${BAD}/negative-lanes.yaml: tau.lanes: expected a positive integer, got -4`],
];

describe('bad input gives one line naming the file, the key path and what was expected, and exit code 2', () => {
  it('the corpus covers every file under test/fixtures/bad', () => {
    const used = new Set(CASES.flatMap(([, argv]) => argv).filter((a) => a.startsWith(`${BAD}/`)).map((a) => a.slice(BAD.length + 1)));
    expect(readdirSync(BAD).filter((f) => !used.has(f))).toEqual([]);
  });

  it.each(CASES)('%s', async (_, argv, line) => {
    const r = await run(argv);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${line}\n` });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

describe('bad input with --out creates no output file', () => {
  it.each([
    ['a bad design', ['simulate', `${BAD}/negative-lanes.yaml`, '--model', 'mmfree-370m']],
    ['a model that does not fit', ['simulate', TINY, '--model', `${BAD}/config-too-big-to-fit.json`]],
    ['a truncated trace', ['simulate', TINY, '--trace', `${BAD}/truncated-trace.jsonl`]],
  ])('%s', async (_, argv) => {
    const out = join(dir, 'out', 'r.json');
    const r = await run([...argv, '--out', out]);
    expect(r.exitCode).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an --out under a regular file is refused before simulating, naming the path', async () => {
    const r = await run(['simulate', CORE, '--trace', BLOCK, '--out', `${TINY}/r.json`]);
    expect(r).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `ternsim: ${TINY}/r.json: cannot write the output (a parent of this path is a file, not a folder: ${TINY})\n`,
    });
  });

  it('an --out that is a folder is refused', async () => {
    const r = await run(['simulate', CORE, '--trace', BLOCK, '--out', dir]);
    expect(r).toEqual({ exitCode: 2, stdout: '', stderr: `ternsim: ${dir}: cannot write the output: it is a folder; expected a file path\n` });
  });
});
