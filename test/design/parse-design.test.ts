import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { parseDesign, parseYamlText } from '../../src/design/parse-design.js';
import { listDesignFiles, packageRoot } from '../../src/io/package-root.js';

const TINY_FILE = 'test/fixtures/good/tiny.yaml';
const TINY = readFileSync(TINY_FILE, 'utf8');

/** The tiny design with `old` replaced by `replacement` (which must be there). */
function tinyWith(old: string, replacement: string): string {
  expect(TINY).toContain(old);
  return TINY.replace(old, replacement);
}

/** The message of the InputError that parsing throws (fails the test if none is thrown). */
function errorOf(text: string, file = 'd.yaml', overrides: string[] = []): string {
  try {
    parseDesign(text, file, overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected parseDesign to throw');
}

describe('the shipped designs', () => {
  const all = listDesignFiles(join(packageRoot(), 'designs'));
  const files = all.filter((f) => !f.includes('/gpu/'));

  it('are the paper core, the streaming FPGA designs (D5005, KV260, U280), the HBM2 ASIC, the weight-stationary SRAM ASIC, six GPUs, four published machines and the card of the on-chip TerEffic system (calibration data and system files left out)', () => {
    expect(all.map((f) => f.slice(packageRoot().length + 1))).toEqual([
      'designs/asic/asic-28nm-hbm2.yaml',
      'designs/asic/asic-7nm-sram-stationary.yaml',
      'designs/fpga/d5005-paper-core.yaml',
      'designs/fpga/d5005-stream.yaml',
      'designs/fpga/kv260-stream.yaml',
      'designs/fpga/u280-hbm-stream.yaml',
      'designs/gpu/a100-80gb.yaml',
      'designs/gpu/h100.yaml',
      'designs/gpu/h200.yaml',
      'designs/gpu/orin-nano.yaml',
      'designs/gpu/rtx3060.yaml',
      'designs/gpu/rtx4090.yaml',
      'designs/published/slim-llama-28nm.yaml',
      'designs/published/tellme-kv260.yaml',
      'designs/published/tenet-style-u280.yaml',
      'designs/published/tereffic-u280-hbm.yaml',
      'designs/published/tereffic-u280-onchip-card.yaml',
    ]);
  });

  it.each(files.map((f) => [f.slice(packageRoot().length + 1), f]))('%s parses, with units converted to base units', (_, file) => {
    const d = parseDesign(readFileSync(file, 'utf8'), file);
    expect(d.kind).toBe('accelerator');
    expect(d.clock).toBeGreaterThanOrEqual(1e6);
    expect(Object.keys(d.sources).length).toBeGreaterThan(0);
  });

  it('the paper core runs at 60 MHz with a 2048-byte weight FIFO and a 165 ns controller round trip', () => {
    const d = parseDesign(readFileSync('designs/fpga/d5005-paper-core.yaml', 'utf8'), 'designs/fpga/d5005-paper-core.yaml');
    expect(d.clock).toBe(60e6);
    expect(d.weightStream.buffer.capacity).toBe(2048);
    expect(d.memory).toMatchObject({ type: 'dram', standard: 'DDR4-2400', controllerLatency: 165_000, timing: {} });
  });

  it('the tiny test design parses and fills in defaults', () => {
    const d = parseDesign(TINY, TINY_FILE);
    expect(d).toMatchObject({ name: 'tiny', clock: 500e6, state: 'sram', sharedMemoryPort: false, description: '' });
    expect(d.tau.zeroSkipping).toBe(false);
    expect(d.power.vdd).toBe(0.8);
  });

  it('a design written as JSON parses to the same design as its YAML', () => {
    const asJson = JSON.stringify(parseYamlText(TINY, TINY_FILE), null, 2);
    expect(parseDesign(asJson, 'tiny.json')).toEqual(parseDesign(TINY, TINY_FILE));
  });
});

describe('a design with an unknown key', () => {
  it('names a misspelt top-level key, suggests the right one and lists the keys allowed there', () => {
    expect(errorOf(tinyWith('clock: 500 MHz', 'clocks: 500 MHz'))).toBe(
      'd.yaml: clocks: unknown key (did you mean "clock"?); expected one of name, kind, description, target, clock, issue, memory, interconnect, host, hostProcessor, sharedMemoryPort, weightStream, transfer, state, activationSram, tau, cores, vector, norm, power, sources',
    );
  });

  it('names the full key path of a nested unknown key (tau.lanse), not the required key it hides', () => {
    expect(errorOf(tinyWith('  lanes: 16', '  lanse: 16'))).toBe(
      'd.yaml: tau.lanse: unknown key (did you mean "lanes"?); expected one of engine, lanes, weightsPerLane, accumulatorBits, accumulators, pipelineDepth, copyOutPerCycle, packing, zeroSkipping, lut',
    );
  });

  it('lists the keys of the memory type the design chose', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  latencyCycles: 3'))).toBe(
      'd.yaml: memory.latencyCycles: unknown key; expected one of type, standard, channels, pagePolicy, queueDepth, mapping, channelInterleave, refresh, writeQueueDepth, controllerLatency, timing',
    );
  });
});

describe('a design with a value of the wrong type', () => {
  it('says what was expected and what was found', () => {
    expect(errorOf(tinyWith('  packing: 2bit', '  packing: 2bit\n  zeroSkipping: "yes"'))).toBe('d.yaml: tau.zeroSkipping: expected true or false, got "yes"');
    expect(errorOf(tinyWith('  lanes: 16', '  lanes: "16"'))).toBe('d.yaml: tau.lanes: expected a positive integer, got "16"');
    expect(errorOf(tinyWith('name: tiny', 'name: [a, b]'))).toBe('d.yaml: name: expected a string, got an array of 2');
    expect(errorOf(tinyWith('power: { node: 28 nm }', 'power: 28 nm'))).toBe('d.yaml: power: expected a mapping, got "28 nm"');
  });

  it('names a missing required field', () => {
    expect(errorOf(tinyWith('clock: 500 MHz\n', ''))).toBe('d.yaml: clock: missing; expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz"');
    expect(errorOf(tinyWith('  copyOutPerCycle: 16\n', ''))).toBe('d.yaml: tau.copyOutPerCycle: missing; expected a positive integer');
    expect(errorOf(tinyWith('kind: accelerator\n', ''))).toBe('d.yaml: kind: missing; expected "accelerator"');
  });

  it('refuses a kind other than accelerator', () => {
    expect(errorOf(tinyWith('kind: accelerator', 'kind: gpu'))).toBe('d.yaml: kind: expected "accelerator", got "gpu"');
  });

  it('refuses a file that is not a mapping, or is empty', () => {
    expect(errorOf('- a\n- b\n')).toBe('d.yaml: expected a mapping of design fields, got an array of 2');
    expect(errorOf('')).toBe('d.yaml: expected a mapping of design fields, got an empty file');
    expect(errorOf('# only a comment\n')).toBe('d.yaml: expected a mapping of design fields, got an empty file');
    expect(errorOf('60 MHz\n')).toBe('d.yaml: expected a mapping of design fields, got "60 MHz"');
  });
});

describe('a design with wrong units', () => {
  it('refuses a time where a frequency belongs (clock: 60 ns)', () => {
    expect(errorOf(tinyWith('clock: 500 MHz', 'clock: 60 ns'))).toBe(
      'd.yaml: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got "60 ns" (a time, not a frequency)',
    );
  });

  it('refuses a bare number (clock: 60)', () => {
    expect(errorOf(tinyWith('clock: 500 MHz', 'clock: 60'))).toBe(
      'd.yaml: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got 60 (a bare number has no unit)',
    );
  });

  it('refuses an unknown unit and a fraction of a byte or a picosecond', () => {
    expect(errorOf(tinyWith('capacity: 64 KiB', 'capacity: 64 Kb'))).toBe(
      'd.yaml: activationSram.capacity: expected a size with a unit (B, KiB, MiB, GiB, kB, KB, MB, GB), e.g. "2 KiB", got "64 Kb" (unknown unit "Kb")',
    );
    expect(errorOf(tinyWith('capacity: 64 KiB', 'capacity: 1.5 B'))).toBe('d.yaml: activationSram.capacity: expected a whole number of bytes, got "1.5 B"');
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  controllerLatency: 0.5 ps'))).toBe(
      'd.yaml: memory.controllerLatency: expected a whole number of picoseconds, got "0.5 ps"',
    );
  });
});

describe('a design with negative, zero or impossible values', () => {
  it('refuses a negative or zero count', () => {
    expect(errorOf(tinyWith('  lanes: 16', '  lanes: -4'))).toBe('d.yaml: tau.lanes: expected a positive integer, got -4');
    expect(errorOf(tinyWith('  channels: 1', '  channels: 0'))).toBe('d.yaml: memory.channels: expected a positive integer, got 0');
    expect(errorOf(tinyWith('  lanes: 16', '  lanes: 2.5'))).toBe('d.yaml: tau.lanes: expected a positive integer, got 2.5');
  });

  it('refuses counts too large to simulate', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 4096'))).toBe('d.yaml: memory.channels: expected a positive integer <= 1024, got 4096');
    expect(errorOf(tinyWith('  lanes: 16', '  lanes: 1e12'))).toBe('d.yaml: tau.lanes: expected a positive integer <= 16777216, got 1000000000000');
  });

  it('refuses quantities outside their range, in the units the user wrote', () => {
    expect(errorOf(tinyWith('clock: 500 MHz', 'clock: 0 MHz'))).toBe('d.yaml: clock: expected a frequency >= 1 MHz and <= 10 GHz, got "0 MHz"');
    expect(errorOf(tinyWith('clock: 500 MHz', 'clock: 20 GHz'))).toBe('d.yaml: clock: expected a frequency >= 1 MHz and <= 10 GHz, got "20 GHz"');
    expect(errorOf(tinyWith('capacity: 64 KiB', 'capacity: -64 KiB'))).toBe('d.yaml: activationSram.capacity: expected a size > 0 B and <= 1024 GiB, got "-64 KiB"');
    expect(errorOf(tinyWith('power: { node: 28 nm }', 'power: { node: 2 nm }'))).toBe('d.yaml: power.node: expected a feature size >= 3 nm and <= 250 nm, got "2 nm"');
    expect(errorOf(tinyWith('  accumulatorBits: 16', '  accumulatorBits: 4'))).toBe('d.yaml: tau.accumulatorBits: expected an integer number of bits from 8 to 64, got 4');
    expect(errorOf(tinyWith('widthBits: 64, latencyCycles: 1, mode', 'widthBits: 12, latencyCycles: 1, mode'))).toBe(
      'd.yaml: weightStream.buffer.widthBits: expected a multiple of 8 bits, got 12',
    );
  });

  it('names list items by index', () => {
    expect(errorOf(tinyWith('power: { node: 28 nm }', 'power: { node: 28 nm, static: [{ name: leak, power: -1 W, source: "assumption: x" }] }'))).toBe(
      'd.yaml: power.static[0].power: expected a power >= 0 mW and <= 1000 kW, got "-1 W"',
    );
  });
});

describe('a design with a mapping or list as a key', () => {
  it('names the line and asks for plain keys (the yaml package would stringify it and print a warning)', () => {
    const text = `${TINY}? [a, b]\n: 1\n`;
    const line = text.split('\n').length - 2;
    expect(errorOf(text)).toBe(`d.yaml: a mapping, list or tagged value (!!binary, !!timestamp) used as a key at line ${line}; expected plain keys (names)`);
    const binary = `${TINY}? !!binary aGVsbG8=\n: 1\n`;
    expect(errorOf(binary)).toBe(`d.yaml: a mapping, list or tagged value (!!binary, !!timestamp) used as a key at line ${binary.split('\n').length - 2}; expected plain keys (names)`);
  });
});

describe('a design with an enum value it does not know', () => {
  it('lists the options', () => {
    expect(errorOf(tinyWith('  packing: 2bit', '  packing: 3bit'))).toBe('d.yaml: tau.packing: expected one of "2bit", "1.6bit", "bitmap", "tl1", "tl2", got "3bit"');
    expect(errorOf(tinyWith('  type: dram', '  type: flash'))).toBe('d.yaml: memory.type: expected one of "dram", "ideal", "sram", got "flash"');
    expect(errorOf(tinyWith('issue: { policy: in-order }', 'issue: { policy: out-of-order }'))).toBe(
      'd.yaml: issue.policy: expected one of "in-order", "dataflow", got "out-of-order"',
    );
    expect(errorOf(tinyWith('  packing: 2bit\n', ''))).toBe('d.yaml: tau.packing: missing; expected one of "2bit", "1.6bit", "bitmap", "tl1", "tl2"');
  });
});

describe('a design whose DRAM the model cannot build', () => {
  it('names memory.standard and lists the standards ternsim has', () => {
    expect(errorOf(tinyWith('standard: DDR4-2400', 'standard: DDR9-9999'))).toBe('d.yaml: memory.standard: expected one of "DDR4-2400", "DDR4-2666", "DDR4-3200", "DDR5-4800", "LPDDR4-3200", "LPDDR4-4266", "LPDDR5-6400", "GDDR6-14", "GDDR6-16", "HBM2-2.0", "HBM2-2.0-PC", "HBM2-2.4", "HBM2e-3.2", "HBM3-6.4", got "DDR9-9999"');
  });

  it('names an unknown timing key under memory.timing and lists the JEDEC names', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  timing: { tXYZ: 4 }'))).toBe(
      'd.yaml: memory.timing.tXYZ: unknown key (did you mean "tXP"?); expected one of tCK, tRCD, tRCDWR, tCL, tCWL, tRP, tRAS, tRC, tCCD_S, tCCD_L, tRRD_S, tRRD_L, tFAW, tWTR_S, tWTR_L, tWR, tRTW, tRTP, tRTRS, tRFC, tREFI, tRFCpb, tREFIpb, tRREFD, tXP, tCKE',
    );
  });

  it('refuses negative or fractional timings and a zero clock period', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  timing: { tCL: -3 }'))).toBe('d.yaml: memory.timing.tCL: expected an integer >= 0 (tCK cycles), got -3');
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  timing: { tCL: 1.5 }'))).toBe('d.yaml: memory.timing.tCL: expected an integer >= 0 (tCK cycles), got 1.5');
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  timing: { tCK: 0 }'))).toBe('d.yaml: memory.timing.tCK: expected a positive integer number of ps, got 0');
  });

  it('refuses a refresh interval no longer than the refresh itself', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  timing: { tREFI: 100 }'))).toBe(
      'd.yaml: memory.timing.tREFI: expected tREFI (100 tCK) > tRFC (420 tCK): a refresh must finish before the next is due',
    );
  });

  it('accepts valid timing overrides', () => {
    const d = parseDesign(tinyWith('  channels: 1', '  channels: 1\n  timing: { tCL: 18, tRCD: 18 }'), 'd.yaml');
    expect(d.memory).toMatchObject({ timing: { tCL: 18, tRCD: 18 } });
  });
});

describe('malformed YAML', () => {
  it('names the line of a syntax error', () => {
    expect(errorOf(tinyWith('  channels: 1', '\tchannels: 1'))).toBe('d.yaml: malformed YAML at line 10: Tabs are not allowed as indentation');
    expect(errorOf(tinyWith('name: tiny', 'name: "tiny'))).toBe('d.yaml: malformed YAML at line 2: Missing closing "quote');
    expect(errorOf('a: 1\nb: [1, 2\nc: 3\n')).toBe('d.yaml: malformed YAML at line 3: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('names the key path and line of a duplicate key', () => {
    expect(errorOf(tinyWith('  weightsPerLane: 1', '  weightsPerLane: 1\n  lanes: 32'))).toBe('d.yaml: tau.lanes: duplicate key at line 20; expected each key once');
    expect(errorOf(tinyWith('clock: 500 MHz', 'clock: 500 MHz\nclock: 1 GHz'))).toBe('d.yaml: clock: duplicate key at line 6; expected each key once');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcde'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`), 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]'];
    expect(errorOf(`${rows.join('\n')}\n`)).toBe('d.yaml: malformed YAML: Excessive alias count indicates a resource exhaustion attack');
  });

  it('refuses several documents in one file', () => {
    expect(errorOf(`${TINY}---\nname: other\n`)).toMatch(/^d\.yaml: malformed YAML at line \d+: Source contains multiple documents/);
  });
});

describe('malformed JSON (a design file ending in .json)', () => {
  it('names the line and column and what was expected', () => {
    expect(errorOf('{\n  "name": "tiny",\n  "kind": "accelerator",\n}\n', 'd.json')).toBe(
      'd.json: malformed JSON at line 4, column 1: expected another key after "," (JSON allows no trailing comma), got "}"',
    );
    expect(errorOf('{\n  "name": "tiny\n}', 'd.json')).toBe('d.json: malformed JSON at line 2, column 16: expected a closing quote (a string cannot span lines or hold control characters), got "\\n"');
    expect(errorOf("{ 'name': 'tiny' }", 'd.json')).toBe('d.json: malformed JSON at line 1, column 3: expected a quoted key, got "\'"');
    expect(errorOf('{ "a": 01 }', 'd.json')).toBe('d.json: malformed JSON at line 1, column 9: expected a delimiter after the number, got "1"');
    expect(errorOf('{ "a": 1 } x', 'd.json')).toBe('d.json: malformed JSON at line 1, column 12: expected the end of the file after the JSON value, got "x"');
    expect(errorOf('', 'd.json')).toBe('d.json: malformed JSON at line 1, column 1: expected a JSON value, got an empty file');
  });

  it('refuses nesting deep enough to overflow the stack', () => {
    expect(errorOf('['.repeat(100_000), 'd.json')).toBe('d.json: malformed JSON at line 1, column 258: expected at most 256 levels of nesting');
  });

  it('names the key path of a duplicate key', () => {
    expect(errorOf('{\n  "tau": {\n    "lanes": 1,\n    "lanes": 2\n  }\n}', 'd.json')).toBe('d.json: tau.lanes: duplicate key at line 4; expected each key once');
  });
});

describe('sources', () => {
  it('may cite any field the file gives, by key path', () => {
    const d = parseDesign(tinyWith('  clock: "assumption: a test value"', '  clock: "assumption: a test value"\n  tau.lanes: "design choice"'), 'd.yaml');
    expect(d.sources).toEqual({ clock: 'assumption: a test value', 'tau.lanes': 'design choice' });
  });

  it('may not cite a field the file does not give', () => {
    expect(errorOf(tinyWith('  clock: "assumption: a test value"', '  clock: "assumption: a test value"\n  tau.zeroSkipping: "RTL: skips zeros"'))).toBe(
      'd.yaml: sources.tau.zeroSkipping: cites "tau.zeroSkipping", which is not a field of this design; expected the key path of a field given in this file, e.g. "tau.lanes"',
    );
  });

  it('must be citation strings', () => {
    expect(errorOf(tinyWith('  clock: "assumption: a test value"', '  clock: 5'))).toBe('d.yaml: sources.clock: expected a string, got 5');
  });
});

describe('cross-field checks', () => {
  it('refuses more TAU lanes than accumulators', () => {
    expect(errorOf(tinyWith('  lanes: 16', '  lanes: 128'))).toBe('d.yaml: tau.lanes: expected at most tau.accumulators (64): each lane owns at least one output row, got 128');
  });

  it('refuses weight prefetch through a memory port shared with loads and stores', () => {
    expect(errorOf(tinyWith('weightStream:\n', 'sharedMemoryPort: true\nweightStream:\n  prefetch: true\n'))).toBe(
      'd.yaml: weightStream.prefetch: expected false when sharedMemoryPort is true (weights cannot be prefetched through a port shared with loads and stores), got true',
    );
  });

  it('refuses a weight buffer smaller than one request, or a double buffer smaller than two', () => {
    expect(errorOf(tinyWith('capacity: 1 KiB', 'capacity: 32 B'))).toBe(
      'd.yaml: weightStream.buffer.capacity: expected at least weightStream.requestBytes (64 B): the buffer must hold one request, got 32 B',
    );
    expect(errorOf(tinyWith('capacity: 1 KiB, banks: 4, widthBits: 64, latencyCycles: 1, mode: fifo', 'capacity: 96 B, banks: 4, widthBits: 64, latencyCycles: 1, mode: double-buffer'))).toBe(
      'd.yaml: weightStream.buffer.capacity: expected at least 2 × weightStream.requestBytes (128 B): each half of a double buffer must hold one request, got 96 B',
    );
  });

  it('refuses an issue window with in-order issue', () => {
    expect(errorOf(tinyWith('issue: { policy: in-order }', 'issue: { policy: in-order, window: 4 }'))).toBe(
      'd.yaml: issue.window: expected 1 (or no window) with issue.policy "in-order", which looks at one instruction at a time, got 4',
    );
  });
});

describe('--set overrides', () => {
  it('are applied before validation, with units', () => {
    expect(parseDesign(TINY, 'd.yaml', ['clock=250 MHz']).clock).toBe(250e6);
  });

  it('are typed as YAML values: numbers, booleans, quoted strings and flow mappings', () => {
    const d = parseDesign(TINY, 'd.yaml', ['tau.lanes=32', 'tau.zeroSkipping=true', 'description="a: b"', 'memory={type: ideal, latencyCycles: 8}']);
    expect(d.tau.lanes).toBe(32);
    expect(d.tau.zeroSkipping).toBe(true);
    expect(d.description).toBe('a: b');
    expect(d.memory).toEqual({ type: 'ideal', latencyCycles: 8 });
    expect(errorOf(TINY, 'd.yaml', ['tau.lanes="32"'])).toBe('d.yaml: tau.lanes: expected a positive integer, got "32"');
  });

  it('apply in order, the last one winning', () => {
    expect(parseDesign(TINY, 'd.yaml', ['tau.lanes=32', 'tau.lanes=8']).tau.lanes).toBe(8);
  });

  it('are validated like the file: an override to an unknown key names it', () => {
    expect(errorOf(TINY, 'd.yaml', ['tau.lanse=3'])).toMatch(/^d\.yaml: tau\.lanse: unknown key \(did you mean "lanes"\?\)/);
    expect(errorOf(TINY, 'd.yaml', ['clock=60'])).toBe('d.yaml: clock: expected a frequency with a unit (Hz, kHz, MHz, GHz), e.g. "300 MHz", got 60 (a bare number has no unit)');
  });

  it('create a mapping the file does not have, and the schema then checks what lands in it', () => {
    const d = parseDesign(TINY, 'd.yaml', ['memory.timing.tCL=20']);
    expect(d.memory.type === 'dram' && d.memory.timing.tCL).toBe(20);
    expect(errorOf(TINY, 'd.yaml', ['norm.lanes=4'])).toBe('d.yaml: norm.latency: missing; expected a mapping');
    expect(parseDesign(TINY, 'd.yaml', ['power.board.other=2 W']).power.board.other).toBe(2);
  });

  it('refuse a path through a value that is not a mapping', () => {
    expect(errorOf(TINY, 'd.yaml', ['clock.value=3'])).toBe('d.yaml: clock: --set clock.value: expected a mapping at clock, got "500 MHz"');
  });

  it('refuse an override without "=", an empty key and a malformed value', () => {
    expect(errorOf(TINY, 'd.yaml', ['clock'])).toBe('d.yaml: --set "clock": expected key.path=value, e.g. --set clock="250 MHz"');
    expect(errorOf(TINY, 'd.yaml', ['tau..lanes=3'])).toBe('d.yaml: tau..lanes: --set tau..lanes: expected a dot-separated path of field names, e.g. tau.lanes');
    expect(errorOf(TINY, 'd.yaml', ['__proto__.x=3'])).toBe('d.yaml: __proto__.x: --set __proto__.x: expected a dot-separated path of field names, e.g. tau.lanes');
    expect(errorOf(TINY, 'd.yaml', ['clock=[1,'])).toBe(
      'd.yaml: clock: --set clock: expected a YAML value (a number, a quoted or plain string, true/false, or a {flow: mapping}), got "[1,"',
    );
  });

  it('drop the sources of the fields they override, and of everything under them', () => {
    expect(parseDesign(TINY, 'd.yaml', ['clock=1 GHz']).sources).toEqual({});
    const core = readFileSync('designs/fpga/d5005-paper-core.yaml', 'utf8');
    const d = parseDesign(core, 'core.yaml', ['memory={type: ideal, latencyCycles: 12}']);
    expect(Object.keys(d.sources).filter((k) => k.startsWith('memory'))).toEqual([]);
    expect(d.sources['clock']).toBeDefined();
  });

  it('do not change the file they were applied to (a parsed design stays the same)', () => {
    const before = parseDesign(TINY, 'd.yaml');
    parseDesign(TINY, 'd.yaml', ['tau.lanes=32']);
    expect(parseDesign(TINY, 'd.yaml')).toEqual(before);
  });
});

describe('the controller options of a DRAM memory', () => {
  it('take a DRAMsim3 mapping string, a refresh mode, a write queue and an interleaving size', () => {
    const d = parseDesign(tinyWith('  channels: 1', '  channels: 2\n  mapping: rochrababgco\n  refresh: all-bank\n  writeQueueDepth: 16\n  channelInterleave: 256 B'), 'd.yaml');
    expect(d.memory).toMatchObject({ mapping: 'rochrababgco', refresh: 'all-bank', writeQueueDepth: 16, channelInterleave: 256 });
  });

  it('refuse a mapping with a field the DRAM does not have', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  mapping: RoXxCo'))).toMatch(/^d\.yaml: memory\.mapping: /);
  });

  it('refuse per-bank refresh on a standard without it', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  refresh: per-bank'))).toBe('d.yaml: memory.refresh: expected "all-bank": DDR4-2400 has no per-bank refresh, got "per-bank"');
  });

  it('refuse a write queue too short for its watermarks', () => {
    expect(errorOf(tinyWith('  channels: 1', '  channels: 1\n  writeQueueDepth: 2'))).toBe('d.yaml: memory.writeQueueDepth: expected at least 4 bursts (drained from 3/4 down to 1/4 full), got 2');
  });
});
