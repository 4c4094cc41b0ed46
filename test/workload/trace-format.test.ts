import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraceError } from '../../src/workload/config-error.js';
import { buildHgrnBitDecode } from '../../src/workload/hgrn-bit.js';
import { workloadFromModelSpec } from '../../src/workload/model-spec.js';
import type { Workload } from '../../src/workload/ops.js';
import { parseTrace, writeTrace } from '../../src/workload/trace-format.js';
import { zooEntry } from '../../src/workload/zoo.js';

const tiny: Workload = {
  model: 'tiny',
  family: 'trace',
  phase: 'decode',
  context: 0,
  batch: 2,
  layers: 1,
  params: { total: 40, ternaryBlocks: 32, ternaryHead: 0, denseBlocks: 0, denseHead: 0, embedding: 0, other: 8 },
  ops: [
    { kind: 'load', id: 'x', deps: [], layer: -1, tensor: 'x', bytes: 16, space: 'activation', regs: { dst: 0, src: [] } },
    { kind: 'rmsnorm', id: 'n', deps: ['x'], layer: 0, length: 8, rows: 2 },
    { kind: 'quantize', id: 'q', deps: ['n'], layer: 0, length: 8, rows: 2 },
    { kind: 'matvec', id: 'm', deps: ['q'], layer: 0, weight: 'W', dIn: 8, dOut: 4, batch: 2, zeroFraction: 0.31 },
    { kind: 'elementwise', id: 'e', deps: ['m', 'x'], layer: 0, fn: 'mul', length: 8 },
    { kind: 'store', id: 's', deps: ['e'], layer: -1, tensor: 'y', bytes: 16, space: 'state', regs: { dst: null, src: [1] } },
  ],
};

/** A prefill of 3 tokens for each of 2 sequences with a bf16 matvec and an attention op (sequences ≠ batch). */
const tinyPrefill: Workload = {
  model: 'tiny-attn',
  family: 'llama',
  phase: 'prefill',
  context: 5,
  batch: 6,
  sequences: 2,
  layers: 1,
  params: { total: 80, ternaryBlocks: 0, ternaryHead: 0, denseBlocks: 64, denseHead: 0, embedding: 8, other: 8 },
  ops: [
    { kind: 'load', id: 'x', deps: [], layer: -1, tensor: 'embedding', bytes: 96, space: 'embedding' },
    { kind: 'matvec', id: 'qkv', deps: ['x'], layer: 0, weightDtype: 'bf16', weight: 'Wqkv', dIn: 8, dOut: 8, batch: 6, zeroFraction: 0 },
    { kind: 'attention', id: 'att', deps: ['qkv'], layer: 0, heads: 2, kvHeads: 1, headDim: 4, context: 5, batch: 6, sequences: 2, kvBytesPerElement: 2 },
    { kind: 'store', id: 'y', deps: ['att'], layer: -1, tensor: 'y', bytes: 16, space: 'activation' },
  ],
};

const tinyText = writeTrace(tiny);
const tinyLines = tinyText.trimEnd().split('\n');
const withLine = (i: number, line: string) => tinyLines.map((l, k) => (k === i ? line : l)).join('\n') + '\n';

/** `tiny` written as version 1 (as the previous writer did). */
const tinyV1 = [
  '{"format":"ternsim-trace","version":1,"model":"tiny","family":"trace","phase":"decode","batch":2,"layers":1,"ops":6,"params":{"total":40,"ternaryBlocks":32,"ternaryHead":0,"embedding":0,"other":8}}',
  '{"kind":"load","id":"x","deps":[],"layer":-1,"tensor":"x","bytes":16,"space":"activation","regs":{"dst":0,"src":[]}}',
  '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":8,"rows":2}',
  '{"kind":"quantize","id":"q","deps":["n"],"layer":0,"length":8,"rows":2}',
  '{"kind":"matvec","id":"m","deps":["q"],"layer":0,"weight":"W","dIn":8,"dOut":4,"batch":2,"zeroFraction":0.31}',
  '{"kind":"elementwise","id":"e","deps":["m","x"],"layer":0,"fn":"mul","length":8}',
  '{"kind":"store","id":"s","deps":["e"],"layer":-1,"tensor":"y","bytes":16,"space":"state","regs":{"dst":null,"src":[1]}}',
].join('\n') + '\n';

function traceError(text: string): TraceError {
  try {
    parseTrace(text);
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error('expected a TraceError');
}

describe('writeTrace (version 2)', () => {
  it('writes the documented header and one op per line, keys in a fixed order, optional fields explicit', () => {
    expect(tinyLines[0]).toBe(
      '{"format":"ternsim-trace","version":2,"model":"tiny","family":"trace","phase":"decode","batch":2,"sequences":2,"context":0,"layers":1,"ops":6,' +
        '"params":{"total":40,"ternaryBlocks":32,"ternaryHead":0,"denseBlocks":0,"denseHead":0,"embedding":0,"other":8}}',
    );
    expect(tinyLines[1]).toBe('{"kind":"load","id":"x","deps":[],"layer":-1,"tensor":"x","bytes":16,"space":"activation","regs":{"dst":0,"src":[]}}');
    // 4×8 ternary at 2 bits: 4 rows of ⌈8/4⌉ = 2 bytes
    expect(tinyLines[4]).toBe(
      '{"kind":"matvec","id":"m","deps":["q"],"layer":0,"weight":"W","weightDtype":"ternary","dIn":8,"dOut":4,"batch":2,"zeroFraction":0.31,"weightBytes":8}',
    );
    expect(tinyLines.length).toBe(7);
    expect(tinyText.endsWith('}\n')).toBe(true);
  });

  it('writes dense weight bytes, attention sequences and a prefill header', () => {
    const lines = writeTrace(tinyPrefill).trimEnd().split('\n');
    expect(lines[0]).toContain('"phase":"prefill","batch":6,"sequences":2,"context":5,');
    // 8×8 bf16: 2·64 = 128 bytes
    expect(lines[2]).toBe('{"kind":"matvec","id":"qkv","deps":["x"],"layer":0,"weight":"Wqkv","weightDtype":"bf16","dIn":8,"dOut":8,"batch":6,"zeroFraction":0,"weightBytes":128}');
    expect(lines[3]).toBe(
      '{"kind":"attention","id":"att","deps":["qkv"],"layer":0,"heads":2,"kvHeads":1,"headDim":4,"context":5,"batch":6,"sequences":2,"kvBytesPerElement":2}',
    );
  });

  it('round-trips exactly: hand-made graphs and whole decode and prefill steps of every family', () => {
    expect(parseTrace(tinyText)).toEqual(tiny);
    expect(parseTrace(writeTrace(tinyPrefill))).toEqual(tinyPrefill);
    const ws = [
      buildHgrnBitDecode(zooEntry('mmfree-370m').config, { batch: 2, model: 'mmfree-370m' }),
      workloadFromModelSpec({ zoo: 'mmfree-370m' }, { phase: 'prefill', promptTokens: 8, batch: 2 }),
      workloadFromModelSpec({ zoo: 'bitnet-b1.58-2b-4t' }, { batch: 3, context: 100 }),
      workloadFromModelSpec({ zoo: 'bitnet-b1.58-700m' }, { phase: 'prefill', promptTokens: 16 }),
      workloadFromModelSpec({ zoo: 'llama-370m' }, { phase: 'prefill', promptTokens: 4, context: 20, batch: 2 }),
    ];
    for (const w of ws) {
      const text = writeTrace(w);
      const back = parseTrace(text);
      expect(back).toEqual(w);
      expect(writeTrace(back)).toBe(text);
    }
  });

  it('refuses to write an invalid graph', () => {
    expect(() => writeTrace({ ...tiny, ops: [{ ...tiny.ops[1]!, deps: ['zz'] }] })).toThrow(/deps\[0\]/);
  });
});

describe('parseTrace reads version 1', () => {
  it('into the same canonical workload (context 0, dense counts 0), which writes as version 2', () => {
    expect(parseTrace(tinyV1)).toEqual(tiny);
    expect(writeTrace(parseTrace(tinyV1))).toBe(tinyText);
  });

  it('the version-1 paper block of earlier releases equals the shipped version-2 one', () => {
    const v2 = readFileSync(new URL('../../src/workload/traces/rwkv-paper-block-d512.jsonl', import.meta.url), 'utf8');
    const v1 = v2
      .split('\n')
      .map((l, i) =>
        i === 0
          ? l.replace('"version":2', '"version":1').replace('"sequences":1,"context":0,', '').replace('"denseBlocks":0,"denseHead":0,', '')
          : l.replace(/"weightDtype":"ternary",/, '').replace(/,"weightBytes":\d+/, ''),
      )
      .join('\n');
    expect(v1).toContain('"version":1');
    expect(parseTrace(v1)).toEqual(parseTrace(v2));
  });

  it('and holds it to version 1: its families, decode, no v2 keys', () => {
    const h = JSON.parse(tinyV1.split('\n')[0]!) as Record<string, unknown>;
    const v1 = (patch: Record<string, unknown>) => [JSON.stringify({ ...h, ...patch }), ...tinyV1.split('\n').slice(1)].join('\n');
    expect(traceError(v1({ family: 'llama' })).message).toBe('line 1: family: expected one of hgrn_bit, trace (version 1; other families need version 2), got "llama"');
    expect(traceError(v1({ phase: 'prefill' })).keyPath).toBe('phase');
    expect(traceError(v1({ context: 0 })).keyPath).toBe('context');
    const mv = tinyV1.split('\n')[4]!.replace('"weight":"W",', '"weight":"W","weightDtype":"bf16",');
    expect(traceError(tinyV1.replace(tinyV1.split('\n')[4]!, mv)).message).toMatch(/^line 5: weightDtype: expected only the keys kind, id, deps, layer, weight, dIn, dOut, batch, zeroFraction, regs/);
  });
});

describe('parseTrace accepts', () => {
  it('a missing final newline and CRLF line ends', () => {
    expect(parseTrace(tinyText.trimEnd())).toEqual(tiny);
    expect(parseTrace(tinyText.replace(/\n/g, '\r\n'))).toEqual(tiny);
  });

  it('"ternary" spelled out and sequences = batch, normalizing both away', () => {
    const w = parseTrace(tinyText);
    expect(w.ops[3]).toMatchObject({ kind: 'matvec' });
    expect('weightDtype' in w.ops[3]!).toBe(false);
    expect(w.sequences).toBeUndefined();
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
    const noDtype = traceError(withLine(4, tinyLines[4]!.replace('"weightDtype":"ternary",', '')));
    expect(noDtype.message).toBe('line 5: weightDtype: expected a value (required key), got nothing');
  });

  it('bad values and bad deps', () => {
    const dep = traceError(withLine(3, '{"kind":"quantize","id":"q","deps":["m"],"layer":0,"length":8,"rows":2}'));
    expect(dep.message).toBe('line 4: deps[0]: expected the id of an earlier op, got "m"');
    expect(traceError(withLine(2, '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":0,"rows":2}')).keyPath).toBe('length');
    expect(traceError(withLine(2, '{"kind":"rmsnorm","id":"x","deps":[],"layer":0,"length":8,"rows":2}')).keyPath).toBe('id');
    expect(traceError(withLine(2, '[1,2]')).message).toBe('line 3: expected an op object, got an array of 2');
  });

  it('an unknown dtype, and weight bytes that are not the stated packing', () => {
    expect(traceError(withLine(4, tinyLines[4]!.replace('"ternary"', '"fp8"'))).message).toBe(
      'line 5: weightDtype: expected one of ternary, bf16, fp16, int8, int4, got "fp8"',
    );
    expect(traceError(withLine(4, tinyLines[4]!.replace('"weightBytes":8', '"weightBytes":7'))).message).toBe(
      'line 5: weightBytes: expected 8 (dOut·⌈dIn/4⌉ for 2-bit packed ternary weights), got 7',
    );
    // int4: 4 rows of ⌈8/2⌉ = 4 bytes
    expect(traceError(withLine(4, tinyLines[4]!.replace('"ternary"', '"int4"').replace('"weightBytes":8', '"weightBytes":32'))).message).toBe(
      'line 5: weightBytes: expected 16 (dOut·⌈dIn/2⌉ for int4 weights), got 32',
    );
  });

  it('bad attention ops', () => {
    const lines = writeTrace(tinyPrefill).trimEnd().split('\n');
    const patched = (i: number, from: string, to: string) => lines.map((l, k) => (k === i ? l.replace(from, to) : l)).join('\n');
    expect(traceError(patched(3, '"sequences":2', '"sequences":4')).message).toBe('line 4: sequences: expected a positive divisor of batch (6), got 4');
    expect(traceError(patched(3, '"kvHeads":1', '"kvHeads":3')).message).toBe('line 4: kvHeads: expected a divisor of heads (2), got 3');
    expect(traceError(patched(3, '"context":5', '"context":2')).message).toBe(
      'line 4: context: expected at least the 3 new tokens of each sequence (context counts them), got 2',
    );
  });

  it('bad headers', () => {
    const h = JSON.parse(tinyLines[0]!) as Record<string, unknown>;
    const header = (patch: Record<string, unknown>) => withLine(0, JSON.stringify({ ...h, ...patch }));
    expect(traceError(header({ version: 3 })).message).toBe('line 1: version: expected 1 or 2 (the versions this reader knows), got 3');
    expect(traceError(header({ format: 'other' })).keyPath).toBe('format');
    expect(traceError(header({ family: 'gpt2' })).keyPath).toBe('family');
    expect(traceError(header({ phase: 'train' })).keyPath).toBe('phase');
    expect(traceError(header({ batch: 0 })).keyPath).toBe('batch');
    expect(traceError(header({ sequences: 3 })).message).toBe('line 1: sequences: expected a positive divisor of batch (2), got 3');
    expect(traceError(header({ sequences: 1 })).message).toBe('line 1: sequences: expected 2 (in decode every sequence adds one token: sequences = batch), got 1');
    expect(traceError(header({ context: -1 })).keyPath).toBe('context');
    expect(traceError(header({ ops: 0 })).keyPath).toBe('ops');
    expect(traceError(header({ extra: 1 })).keyPath).toBe('extra');
    expect(traceError(header({ params: { total: 1 } })).keyPath).toBe('params.ternaryBlocks');
    expect(traceError(header({ params: { ...(h.params as object), denseHead: 1 } })).keyPath).toBe('params.total');
    expect(parseTrace(header({ params: null })).params).toBeNull();
    const { layers: _l, ...noLayers } = h;
    expect(traceError(withLine(0, JSON.stringify(noLayers))).message).toBe('line 1: layers: expected a value (required key), got nothing');
    const { context: _c, ...noContext } = h;
    expect(traceError(withLine(0, JSON.stringify(noContext))).message).toBe('line 1: context: expected a value (required key), got nothing');
  });
});
