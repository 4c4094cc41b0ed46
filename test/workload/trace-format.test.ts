import { describe, expect, it } from 'vitest';
import { TraceError } from '../../src/workload/config-error.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import type { Workload } from '../../src/workload/ops.js';
import { parseTrace, writeTrace } from '../../src/workload/trace-format.js';
import { zooEntry } from '../../src/workload/zoo.js';

const tiny: Workload = {
  model: 'tiny',
  family: 'trace',
  phase: 'decode',
  batch: 2,
  layers: 1,
  params: { total: 40, ternaryBlocks: 32, ternaryHead: 0, embedding: 0, other: 8 },
  ops: [
    { kind: 'load', id: 'x', deps: [], layer: -1, tensor: 'x', bytes: 16, space: 'activation', regs: { dst: 0, src: [] } },
    { kind: 'rmsnorm', id: 'n', deps: ['x'], layer: 0, length: 8, rows: 2 },
    { kind: 'quantize', id: 'q', deps: ['n'], layer: 0, length: 8, rows: 2 },
    { kind: 'matvec', id: 'm', deps: ['q'], layer: 0, weight: 'W', dIn: 8, dOut: 4, batch: 2, zeroFraction: 0.31 },
    { kind: 'elementwise', id: 'e', deps: ['m', 'x'], layer: 0, fn: 'mul', length: 8 },
    { kind: 'store', id: 's', deps: ['e'], layer: -1, tensor: 'y', bytes: 16, space: 'state', regs: { dst: null, src: [1] } },
  ],
};

const tinyText = writeTrace(tiny);
const tinyLines = tinyText.trimEnd().split('\n');
const withLine = (i: number, line: string) => tinyLines.map((l, k) => (k === i ? line : l)).join('\n') + '\n';

function traceError(text: string): TraceError {
  try {
    parseTrace(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('writeTrace', () => {
  it('writes the documented header and one op per line, keys in a fixed order', () => {
    expect(tinyLines[0]).toBe(
      '{"format":"ternsim-trace","version":1,"model":"tiny","family":"trace","phase":"decode","batch":2,"layers":1,"ops":6,' +
        '"params":{"total":40,"ternaryBlocks":32,"ternaryHead":0,"embedding":0,"other":8}}',
    );
    expect(tinyLines[1]).toBe('{"kind":"load","id":"x","deps":[],"layer":-1,"tensor":"x","bytes":16,"space":"activation","regs":{"dst":0,"src":[]}}');
    expect(tinyLines[4]).toBe('{"kind":"matvec","id":"m","deps":["q"],"layer":0,"weight":"W","dIn":8,"dOut":4,"batch":2,"zeroFraction":0.31}');
    expect(tinyLines.length).toBe(7);
    expect(tinyText.endsWith('}\n')).toBe(true);
  });

  it('round-trips exactly, including a whole zoo decode step', () => {
    expect(parseTrace(tinyText)).toEqual(tiny);
    const w = buildHgrnBitDecode(zooEntry('mmfree-370m').config, { batch: 2, model: 'mmfree-370m' });
    const text = writeTrace(w);
    const back = parseTrace(text);
    expect(back).toEqual(w);
    expect(writeTrace(back)).toBe(text);
  });

  it('refuses to write an invalid graph', () => {
    expect(() => writeTrace({ ...tiny, ops: [{ ...tiny.ops[1]!, deps: ['zz'] }] })).toThrow(/deps\[0\]/);
  });
});

describe('parseTrace accepts', () => {
  it('a missing final newline and CRLF line ends', () => {
    expect(parseTrace(tinyText.trimEnd())).toEqual(tiny);
    expect(parseTrace(tinyText.replace(/\n/g, '\r\n'))).toEqual(tiny);
  });
});

describe('parseTrace rejects, naming line, key and expectation', () => {
  it('malformed JSON', () => {
    const e = traceError(withLine(3, '{"kind":"rmsnorm",'));
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/^line 4: expected an op object, got malformed JSON/);
  });

  it('a partial last line (truncated mid-line)', () => {
    const cut = tinyText.slice(0, tinyText.length - 20);
    const e = traceError(cut);
    expect(e.line).toBe(7);
    expect(e.message).toMatch(/looks truncated/);
  });

  it('a file truncated at a line boundary, and a header-only file', () => {
    const e = traceError(tinyLines.slice(0, 4).join('\n') + '\n');
    expect(e.line).toBe(5);
    expect(e.message).toBe('line 5: expected op 4 of the 6 the header announces (the file looks truncated), got end of file');
    expect(traceError(tinyLines[0] + '\n').line).toBe(2);
    expect(traceError('').message).toBe('line 1: expected a ternsim-trace header line, got an empty file');
  });

  it('extra lines after the announced ops, and blank lines', () => {
    expect(traceError(tinyText + tinyLines[6] + '\n').message).toBe(
      'line 8: expected end of file (the header announces 6 ops), got another line',
    );
    expect(traceError(withLine(2, '')).message).toBe('line 3: expected an op object, got an empty line');
  });

  it('unknown kinds, unknown keys, missing keys', () => {
    expect(traceError(withLine(2, '{"kind":"conv","id":"n","deps":[],"layer":0}')).message).toBe(
      'line 3: kind: expected one of matvec, elementwise, rmsnorm, quantize, load, store, attention, got "conv"',
    );
    const extra = traceError(withLine(2, '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":8,"rows":2,"eps":1e-6}'));
    expect(extra.line).toBe(3);
    expect(extra.keyPath).toBe('eps');
    expect(extra.message).toBe('line 3: eps: expected only the keys kind, id, deps, layer, length, rows, regs, got an unknown key');
    const missing = traceError(withLine(2, '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":8}'));
    expect(missing.message).toBe('line 3: rows: expected a value (required key), got nothing');
    const badRegs = traceError(withLine(1, '{"kind":"load","id":"x","deps":[],"layer":-1,"tensor":"x","bytes":16,"space":"activation","regs":{"dst":0}}'));
    expect(badRegs.keyPath).toBe('regs.src');
  });

  it('bad values and bad deps', () => {
    const dep = traceError(withLine(3, '{"kind":"quantize","id":"q","deps":["m"],"layer":0,"length":8,"rows":2}'));
    expect(dep.message).toBe('line 4: deps[0]: expected the id of an earlier op, got "m"');
    expect(traceError(withLine(2, '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":0,"rows":2}')).keyPath).toBe('length');
    expect(traceError(withLine(2, '{"kind":"rmsnorm","id":"x","deps":[],"layer":0,"length":8,"rows":2}')).keyPath).toBe('id');
    expect(traceError(withLine(2, '[1,2]')).message).toBe('line 3: expected an op object, got an array of 2');
  });

  it('bad headers', () => {
    const h = JSON.parse(tinyLines[0]!) as Record<string, unknown>;
    const header = (patch: Record<string, unknown>) => withLine(0, JSON.stringify({ ...h, ...patch }));
    expect(traceError(header({ version: 2 })).message).toBe('line 1: version: expected 1 (the version this reader knows), got 2');
    expect(traceError(header({ format: 'other' })).keyPath).toBe('format');
    expect(traceError(header({ family: 'llama' })).keyPath).toBe('family');
    expect(traceError(header({ batch: 0 })).keyPath).toBe('batch');
    expect(traceError(header({ ops: 0 })).keyPath).toBe('ops');
    expect(traceError(header({ extra: 1 })).keyPath).toBe('extra');
    expect(traceError(header({ params: { total: 1 } })).keyPath).toBe('params.ternaryBlocks');
    expect(parseTrace(header({ params: null })).params).toBeNull();
    const { layers: _l, ...noLayers } = h;
    expect(traceError(withLine(0, JSON.stringify(noLayers))).message).toBe('line 1: layers: expected a value (required key), got nothing');
  });
});
