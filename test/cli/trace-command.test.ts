import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { traceCommand, type TraceAction } from '../../src/cli/trace-command.js';
import { InputError } from '../../src/design/design-error.js';
import { parseTrace } from '../../src/workload/trace-format.js';

const FIX = 'test/fixtures/traces';
const BLOCK = 'src/workload/traces/rwkv-paper-block-d512.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'ternsim-trace-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ternsim <argv>` with only the trace module registered, as program.ts runs its commands. */
function run(argv: string[]): Ran {
  let action: TraceAction | null = null;
  const r: Ran = { code: 0, stdout: '', stderr: '' };
  yargs()
    .scriptName('ternsim')
    .strict()
    .exitProcess(false)
    .command(traceCommand((a) => (action = a)))
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parse(argv);
  try {
    (action as TraceAction | null)?.({ stdout: (t) => void (r.stdout += t), stderr: (t) => void (r.stderr += t) });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    r.code = 2;
    r.stderr += `ternsim: ${e.message}\n`;
  }
  return r;
}

/** The one-line error a bad command prints. */
const errorOf = (argv: string[]): string => {
  const r = run(argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr.replace(/^ternsim: /, '').trimEnd();
};

describe('ternsim trace export → inspect', () => {
  it('exports a zoo decode step (llama-370m at context 64) and inspects it: op counts, bf16 weight bytes, K/V bytes per step', () => {
    const out = join(dir, 'llama.jsonl');
    const r = run(['trace', 'export', '--model', 'llama-370m', '--context', '64', '--out', out]);
    expect(r).toEqual({ code: 0, stdout: `wrote ${out}: llama-370m (llama) · decode, batch 1 · context 64 · 436 ops\n`, stderr: '' });
    const w = parseTrace(readFileSync(out, 'utf8'));
    expect(w).toMatchObject({ model: 'llama-370m', family: 'llama', phase: 'decode', context: 64, layers: 24 });

    const text = run(['trace', 'inspect', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${out}: llama-370m (llama) · decode, batch 1 · context 64 · 24 layers · 436 ops`);
    expect(text.stdout).toMatch(/\n {2}attention\s+24\n/);
    expect(text.stdout).toMatch(/\n {2}matvec\s+169\n/); // 24 × 7 + lm_head
    // per layer 2·C·kvHeads·headDim·2 = 2·64·1024·2 = 262,144 bytes; 24 layers
    expect(text.stdout).toContain('K/V bytes per step    read 6,291,456 (6.29 M)');

    const s = JSON.parse(run(['trace', 'inspect', out, '--json']).stdout) as Record<string, any>;
    expect(s.attention.kvReadBytes).toBe(24 * 2 * 64 * 1024 * 2);
    expect(s.weightsByDtype.bf16.bytes).toBe(2 * (24 * (4 * 1024 ** 2 + 3 * 1024 * 2816) + 32000 * 1024));
    expect(s.denseMacs).toBe(24 * (4 * 1024 ** 2 + 3 * 1024 * 2816) + 32000 * 1024);
  });

  it('exports a BitNet prefill: matvec batch = prompt × sequences, the attention over the causal prompt', () => {
    const out = join(dir, 'bitnet-prefill.jsonl');
    const r = run(['trace', 'export', '--model', 'bitnet-b1.58-2b-4t', '--phase', 'prefill', '--prompt', '16', '--batch', '2', '--out', out]);
    expect(r.stdout).toBe(`wrote ${out}: bitnet-b1.58-2b-4t (bitnet) · prefill, batch 32 (16 prompt tokens × 2 sequences) · context 16 · 1024 ops\n`);
    const w = parseTrace(readFileSync(out, 'utf8'));
    expect(w).toMatchObject({ phase: 'prefill', batch: 32, sequences: 2, context: 16 });
    const s = JSON.parse(run(['trace', 'inspect', out, '--json']).stdout) as Record<string, any>;
    expect(Object.keys(s.weightsByDtype).sort()).toEqual(['bf16', 'ternary']);
    // ternary weights at 2 bits: dOut·⌈dIn/4⌉ per matrix
    expect(s.weightsByDtype.ternary.bytes).toBe(30 * (2 * 2560 * 640 + 2 * 640 * 640 + 2 * 6912 * 640 + 2560 * 1728));
    expect(s.ternaryAccumulates).toBe(32 * 30 * (2 * 2560 ** 2 + 2 * 2560 * 640 + 3 * 2560 * 6912));
  });

  it('exports a config.json of each family, and an HGRN-Bit prefill', () => {
    for (const [file, family] of [['tiny-llama', 'llama'], ['tiny-bitnet', 'bitnet'], ['tiny-hgrn-bit', 'hgrn_bit']] as const) {
      const out = join(dir, `${file}.jsonl`);
      expect(run(['trace', 'export', '--model', `${FIX}/${file}.config.json`, '--out', out]).code).toBe(0);
      expect(parseTrace(readFileSync(out, 'utf8'))).toMatchObject({ model: file + '.config', family });
    }
    const out = join(dir, 'hgrn-prefill.jsonl');
    expect(run(['trace', 'export', '--model', 'mmfree-370m', '--phase', 'prefill', '--prompt', '8', '--out', out]).code).toBe(0);
    expect(parseTrace(readFileSync(out, 'utf8'))).toMatchObject({ phase: 'prefill', batch: 8, context: 0 });
  });

  it('inspects version-1 traces and hand-written version-2 ones', () => {
    const v1 = run(['trace', 'inspect', `${FIX}/tiny-v1.jsonl`]);
    expect(v1.code).toBe(0);
    expect(v1.stdout).toContain('tiny (trace) · decode, batch 2 · context 0 · 1 layers · 6 ops');
    expect(v1.stdout).toMatch(/ternary\s+1 matrices {2}32 weights {2}8 bytes/);
    const v2 = JSON.parse(run(['trace', 'inspect', `${FIX}/tiny-attention-prefill.jsonl`, '--json']).stdout) as Record<string, any>;
    // 2 sequences × 3 queries over context 5: per sequence 3 + 4 + 5 = 12 positions, 2 heads
    expect(v2.attention).toEqual({ ops: 1, scores: 2 * 2 * 12, macs: 2 * 4 * 48, kvReadBytes: 2 * 5 * 4 * 2 * 2, kvWriteBytes: 2 * 3 * 4 * 2 * 2, kvCacheBytes: 2 * 5 * 4 * 2 * 2 });
  });

  it('keeps `trace rwkv-paper-block`: the shipped d = 512 trace', () => {
    const out = join(dir, 'block.jsonl');
    expect(run(['trace', 'rwkv-paper-block', '--d', '512', '--out', out])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(BLOCK, 'utf8'));
  });
});

describe('ternsim trace: bad input is one line naming the file, key or option', () => {
  it('a bad trace names the file and the line', () => {
    const bad = join(dir, 'bad.jsonl');
    const lines = readFileSync(`${FIX}/tiny-v1.jsonl`, 'utf8').split('\n');
    lines[2] = '{"kind":"rmsnorm","id":"n","deps":["x"],"layer":0,"length":8}';
    writeFileSync(bad, lines.join('\n'));
    expect(errorOf(['trace', 'inspect', bad])).toBe(`${bad}: line 3: rows: expected a value (required key), got nothing`);
    expect(errorOf(['trace', 'inspect', `${FIX}/bad-weight-bytes.jsonl`])).toBe(
      `${FIX}/bad-weight-bytes.jsonl: line 3: weightBytes: expected 128 (2·dOut·dIn for bf16 weights), got 64`,
    );
    expect(errorOf(['trace', 'inspect', join(dir, 'nope.jsonl')])).toBe(`${join(dir, 'nope.jsonl')}: no such trace file`);
    expect(errorOf(['trace', 'inspect'])).toBe('command line: <file>: missing; expected a trace file: ternsim trace inspect <ops.jsonl>');
  });

  it('bad model names, configs and options', () => {
    const out = join(dir, 'never.jsonl');
    expect(errorOf(['trace', 'export', '--model', 'gpt5', '--out', out])).toMatch(/^command line: --model: unknown model "gpt5"; expected a zoo name \(bitnet-b1\.58-1\.3b, .*mmfree-370m\) or a path to a config\.json$/);
    const cfg = join(dir, 'bad.config.json');
    writeFileSync(cfg, JSON.stringify({ model_type: 'llama', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, num_key_value_heads: 3, vocab_size: 10 }));
    expect(errorOf(['trace', 'export', '--model', cfg, '--out', out])).toBe(`${cfg}: num_key_value_heads: expected a divisor of num_attention_heads (4), got 3`);
    const huge = join(dir, 'huge.config.json');
    writeFileSync(huge, JSON.stringify({ model_type: 'llama', hidden_size: 2 ** 21, intermediate_size: 128, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 10 }));
    expect(errorOf(['trace', 'export', '--model', huge, '--out', out])).toBe(`${huge}: hidden_size: expected a positive integer <= 1048576 (larger models cannot be simulated), got 2097152`);
    expect(errorOf(['trace', 'export', '--model', 'llama-370m', '--context', '4096', '--out', out])).toBe(
      'command line: --context: expected an integer from 1 to 2048 (max_position_embeddings), got 4096',
    );
    expect(errorOf(['trace', 'export', '--model', 'llama-370m', '--prompt', '8', '--out', out])).toBe(
      'command line: --prompt: expected nothing in a decode step (prompt tokens are a prefill option), got 8',
    );
    expect(errorOf(['trace', 'export', '--model', 'mmfree-370m', '--kv-bytes', '1', '--out', out])).toBe(
      'command line: --kv-bytes: expected nothing for an HGRN-Bit model (it keeps no K/V cache), got 1',
    );
    expect(errorOf(['trace', 'export', '--model', 'llama-370m', '--kv-bytes', '3', '--out', out])).toBe('command line: --kv-bytes: expected an integer from 1 to 2, got "3"');
    expect(errorOf(['trace', 'export', '--model', 'llama-370m', '--batch', '0', '--out', out])).toBe('command line: --batch: expected an integer from 1 to 4096, got "0"');
    expect(errorOf(['trace', 'rwkv-paper-block', '--d', '1e12', '--out', out])).toBe('command line: --d: expected an integer from 1 to 1048576, got "1e12"');
    expect(() => readFileSync(out)).toThrow();
  });

  it('usage problems reach the caller\'s fail handler (program.ts turns them into one line)', () => {
    expect(() => run(['trace'])).toThrow('expected a trace subcommand: export, inspect, rwkv-paper-block');
    expect(() => run(['trace', 'export', '--model', 'llama-370m'])).toThrow('Missing required argument: out');
    expect(() => run(['trace', 'export', '--model', 'llama-370m', '--phase', 'train', '--out', 'x'])).toThrow(/Invalid values/);
  });
});
