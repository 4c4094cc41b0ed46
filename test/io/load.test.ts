import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/design/design-error.js';
import { loadDesign, loadWorkload } from '../../src/io/load.js';
import { thrown } from '../helpers/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'ternsim-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorOf = (f: () => unknown): string => thrown(f, InputError).message;

function config(name: string, body: Record<string, unknown>): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({ model_type: 'hgrn_bit', hidden_size: 256, num_hidden_layers: 2, vocab_size: 1000, ...body }, null, 2));
  return p;
}

describe('loadDesign', () => {
  it('reads a shipped design, with overrides', () => {
    expect(loadDesign('designs/fpga/d5005-stream.yaml', ['clock=250 MHz']).clock).toBe(250e6);
  });

  it('names a missing design file', () => {
    expect(errorOf(() => loadDesign('designs/nope.yaml'))).toBe('designs/nope.yaml: no such design file');
  });
});

describe('loadWorkload', () => {
  it('builds a zoo model, a config.json and a trace', () => {
    expect(loadWorkload({ model: 'mmfree-370m' }).layers).toBe(24);
    expect(loadWorkload({ model: config('small.json', {}) })).toMatchObject({ model: 'small', layers: 2 });
    expect(loadWorkload({ trace: 'src/workload/traces/rwkv-paper-block-d512.jsonl' }).model).toBe('rwkv-paper-block-d512');
  });

  it('wants exactly one of --model and --trace', () => {
    const msg = 'command line: --model/--trace: expected exactly one of --model <zoo name|config.json> or --trace <ops.jsonl>';
    expect(errorOf(() => loadWorkload({}))).toBe(msg);
    expect(errorOf(() => loadWorkload({ model: 'mmfree-370m', trace: 'x.jsonl' }))).toBe(msg);
  });

  it('names an unknown zoo model and lists the zoo', () => {
    expect(errorOf(() => loadWorkload({ model: 'gpt5' }))).toBe(
      'command line: --model: unknown model "gpt5"; expected a zoo name (bitnet-b1.58-1.3b, bitnet-b1.58-2b-4t, bitnet-b1.58-3b, bitnet-b1.58-700m, llama-1.3b, llama-2-7b, llama-2.7b, llama-370m, mmfree-1.3b, mmfree-2.7b, mmfree-370m) or a path to a config.json',
    );
    expect(errorOf(() => loadWorkload({ model: 'toString' }))).toMatch(/^command line: --model: unknown model "toString"/);
  });

  it('names the config file and key of a bad config value', () => {
    const p = config('neg.json', { hidden_size: -3 });
    expect(errorOf(() => loadWorkload({ model: p }))).toBe(`${p}: hidden_size: expected a positive integer, got -3`);
  });

  it('refuses configs too large to simulate before building them', () => {
    const wide = config('wide.json', { hidden_size: 1e12 });
    const deep = config('deep.json', { num_hidden_layers: 1e8 });
    const huge = config('huge.json', { hidden_size: 2 ** 20, intermediate_size: 2 ** 22, num_hidden_layers: 10_000 });
    expect(errorOf(() => loadWorkload({ model: wide }))).toBe(`${wide}: hidden_size: expected a positive integer <= 1048576 (larger models cannot be simulated), got 1000000000000`);
    expect(errorOf(() => loadWorkload({ model: deep }))).toBe(`${deep}: num_hidden_layers: expected a positive integer <= 10000 (larger models cannot be simulated), got 100000000`);
    expect(errorOf(() => loadWorkload({ model: huge }))).toBe(`${huge}: expected a model of at most 1e15 parameters (larger models cannot be simulated), got 1.759e17`);
  });

  it('reports a batch the trace was not written for as a command-line error', () => {
    expect(errorOf(() => loadWorkload({ trace: 'src/workload/traces/rwkv-paper-block-d512.jsonl', batch: 4 }))).toBe(
      'command line: --batch: expected 1 (the batch the trace was written for) or nothing, got 4',
    );
  });
});
