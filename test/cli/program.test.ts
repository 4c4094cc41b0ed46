import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';

const CORE = 'designs/fpga/d5005-paper-core.yaml';
const BLOCK = 'src/workload/traces/rwkv-paper-block-d512.jsonl';
const SIMULATE_BLOCK = ['simulate', CORE, '--trace', BLOCK, '--mode', 'fast', '--json'];

const dir = mkdtempSync(join(tmpdir(), 'ternsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ternsim simulate', () => {
  it('simulates the paper block on the paper core and prints the Result as JSON with its documented camelCase fields', async () => {
    const r = await run(SIMULATE_BLOCK);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['tokensPerSecond', 'msPerToken', 'cycles', 'watts', 'joulesPerToken', 'boundBy', 'units']) expect(result).toHaveProperty(key);
    expect(result['tokensPerSecond']).toBeGreaterThan(0);
    expect(result['msPerToken']).toBeGreaterThan(0);
    expect(result['cycles']).toBeGreaterThan(0);
    expect(result['watts']).toBeGreaterThan(0);
    expect(result['joulesPerToken']).toBeGreaterThan(0);
    expect(['dram-bandwidth', 'dram-latency', 'compute', 'sfu']).toContain(result['boundBy']);
    expect(result).toMatchObject({ mode: 'fast', design: { name: 'd5005-paper-core', target: 'fpga' }, workload: { model: 'rwkv-paper-block-d512', batch: 1 } });
  });

  it('is deterministic: the same command prints byte-identical JSON twice', async () => {
    const a = await run(SIMULATE_BLOCK);
    const b = await run(SIMULATE_BLOCK);
    expect(a.exitCode).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(['simulate', CORE, '--trace', BLOCK]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^d5005-paper-core \(fpga\) · rwkv-paper-block-d512 · decode, batch 1 · fast mode\n {2}tokens\/s {6}\S+\n/);
  });

  it('prints the power, static-source and resource tables with --breakdown, each component\'s W adding up to the total', async () => {
    const r = await run(['simulate', CORE, '--trace', BLOCK, '--breakdown']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Power by component (W) · FPGA junction');
    expect(r.stdout).toContain('Static contributions');
    expect(r.stdout).toMatch(/FPGA resources · Intel Stratix 10 SX 2800 \(1SX280HN2F43E2VG\) on pac-d5005/);
    expect(r.stdout).toMatch(/\n {2}ALM +149,556 +933,120 +16\.0%\n/);
    const asic = await run(['simulate', 'designs/asic/asic-28nm-hbm2.yaml', '--trace', BLOCK, '--breakdown']);
    expect(asic.stdout).toMatch(/ASIC area · 28 nm · [\d.]+ mm² · leakage [\d.]+ W/);
  });

  it('refuses a design its FPGA cannot hold, naming the file, the resource, needed and available, with exit code 2', async () => {
    const r = await run(['simulate', 'designs/fpga/kv260-stream.yaml', '--model', 'mmfree-370m', '--set', 'tau.lanes=1024']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('ternsim: designs/fpga/kv260-stream.yaml: target.device: does not fit the AMD XCK26 (Kria K26 SOM, = XCZU5EV): LUT 187,286 needed, 117,120 available (tau.adders 163,840, shell 14,410, readers 3,000)\n');
  });

  it('writes the Result to --out atomically, the same JSON it prints', async () => {
    const out = join(dir, 'results', 'block.json');
    const r = await run([...SIMULATE_BLOCK, '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(readdirSync(join(dir, 'results'))).toEqual(['block.json']);
  });

  it('applies --set overrides to the design', async () => {
    const slow = JSON.parse((await run([...SIMULATE_BLOCK, '--set', 'clock=30 MHz'])).stdout) as { cycles: number; msPerToken: number };
    const fast = JSON.parse((await run(SIMULATE_BLOCK)).stdout) as { cycles: number; msPerToken: number };
    expect(slow.msPerToken).toBeGreaterThan(fast.msPerToken);
  });

  it('writes a Chrome/Perfetto trace with --timeline: one thread per unit, a span per op, inside the step', async () => {
    const file = join(dir, 'timeline.json');
    const r = await run(['simulate', CORE, '--trace', BLOCK, '--mode', 'cycle', '--json', '--timeline', file]);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout) as { stepTimePs: number };
    const trace = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { ph: string; name: string; ts: number; dur: number; args?: { name: string } }[] };
    const threads = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
    expect(threads).toEqual(expect.arrayContaining(['tau', 'vector']));
    const spans = trace.traceEvents.filter((e) => e.ph === 'X');
    // The paper block's 29 instructions, each a span on the unit that ran it.
    expect(spans.length).toBe(29);
    for (const e of spans) expect(e.ts + e.dur).toBeLessThanOrEqual(result.stepTimePs / 1e6 + 1e-9);
  });

  it('simulates a prefill with --phase prefill --prompt N and prints the time to first token', async () => {
    const r = await run(['simulate', 'designs/asic/asic-28nm-hbm2.yaml', '--model', 'mmfree-370m', '--phase', 'prefill', '--prompt', '16', '--json']);
    expect(r.exitCode).toBe(0);
    const result = JSON.parse(r.stdout) as { workload: { phase: string; batch: number }; timeToFirstTokenMs: number; msPerToken: number };
    expect(result.workload).toMatchObject({ phase: 'prefill', batch: 16 });
    expect(result.timeToFirstTokenMs).toBe(result.msPerToken);
    const text = await run(['simulate', 'designs/asic/asic-28nm-hbm2.yaml', '--model', 'mmfree-370m', '--phase', 'prefill', '--prompt', '16']);
    expect(text.stdout).toMatch(/prefill, batch 16 · fast mode\n {2}prompt tokens\/s \S+\n {2}time to first token \S+ ms/);
  });
});

describe('ternsim models', () => {
  const ZOO_NAMES = [
    'bitnet-b1.58-1.3b', 'bitnet-b1.58-2b-4t', 'bitnet-b1.58-3b', 'bitnet-b1.58-700m',
    'llama-1.3b', 'llama-2-7b', 'llama-2.7b', 'llama-370m',
    'mmfree-1.3b', 'mmfree-2.7b', 'mmfree-370m',
  ];

  it('lists the zoo of every family, sorted by name, with the family', async () => {
    const r = await run(['models']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/));
    expect(lines.map((l) => l[0])).toEqual(ZOO_NAMES);
    expect(lines.map((l) => l[1])).toEqual(['bitnet', 'bitnet', 'bitnet', 'bitnet', 'llama', 'llama', 'llama', 'llama', 'hgrn_bit', 'hgrn_bit', 'hgrn_bit']);
  });

  it('lists them as JSON with --json', async () => {
    const rows = JSON.parse((await run(['models', '--json'])).stdout) as { name: string }[];
    expect(rows.map((m) => m.name)).toEqual(ZOO_NAMES);
  });
});

describe('ternsim compare', () => {
  it('writes the report (index.html, charts, results.json, results.csv, summary.md) atomically and reports progress on stderr', async () => {
    const out = join(dir, 'report');
    const r = await run(['compare', '--designs', 'designs/asic/asic-28nm-hbm2.yaml', '--models', 'mmfree-370m', '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['charts', 'index.html', 'results.csv', 'results.json', 'summary.md']);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual(['activity.svg', 'energy.svg', 'pareto.svg', 'roofline.svg']);
    expect(r.stderr).toMatch(/^\[1\/1\] asic-28nm-hbm2 · mmfree-370m: \S+ tokens\/s, \S+ W\n$/);
    expect(r.stdout).toContain('charts/activity.svg, charts/energy.svg, charts/pareto.svg, charts/roofline.svg, results.csv, results.json, summary.md, index.html');
    expect((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as unknown[]).length).toBe(1);
  });

  it('puts GPUs (--gpus by name) on the same-size Llama twin next to the accelerators, with ratios to each GPU', async () => {
    const out = join(dir, 'report-gpu');
    const r = await run(['compare', '--model', 'mmfree-370m', '--designs', 'designs/asic/asic-28nm-hbm2.yaml', '--gpus', 'h200', '--out', out]);
    expect(r.exitCode).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { design: { name: string; target: string }; workload: { model: string }; tokensPerSecond: number; tokensPerSecondPerWatt: number }[];
    expect(results.map((x) => [x.design.name, x.workload.model])).toEqual([['asic-28nm-hbm2', 'mmfree-370m'], ['h200', 'llama-370m']]);
    const [asic, gpu] = results as [(typeof results)[number], (typeof results)[number]];
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('| h200 (llama-370m, bf16 MatMul baseline) | gpu |');
    const ratio = new RegExp(`\\| asic-28nm-hbm2 \\| (\\S+)× · (\\S+)× \\|`).exec(md)!;
    expect(Number(ratio[1])).toBeCloseTo(asic.tokensPerSecond / gpu.tokensPerSecond, 1);
    expect(Number(ratio[2].replace(/,/g, ''))).toBeCloseTo(asic.tokensPerSecondPerWatt / gpu.tokensPerSecondPerWatt, 0);
  });

  it('skips a model too big for a design, says why on stderr and in summary.md, and simulates the rest', async () => {
    const out = join(dir, 'report-skip');
    const r = await run(['compare', '--designs', 'designs/asic/asic-7nm-sram-stationary.yaml', '--models', 'mmfree-370m', 'mmfree-1.3b', '--out', out]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^skipped mmfree-1\.3b on asic-7nm-sram-stationary: does not fit: expected at most the 128 MiB of on-chip SRAM/);
    expect((JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { workload: { model: string } }[]).map((x) => x.workload.model)).toEqual(['mmfree-370m']);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/## Not simulated\n\n- mmfree-1\.3b on asic-7nm-sram-stationary: does not fit/);
  });
});

describe('ternsim trace', () => {
  it('writes the paper block trace, identical to the shipped one at d = 512', async () => {
    const out = join(dir, 'block.jsonl');
    const r = await run(['trace', 'rwkv-paper-block', '--d', '512', '--out', out]);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(BLOCK, 'utf8'));
  });
});

describe('help and version', () => {
  it('print to stdout and exit 0', async () => {
    const help = await run(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('ternsim simulate <design>');
    const sub = await run(['simulate', '--help']);
    expect(sub.exitCode).toBe(0);
    expect(sub.stdout).toContain('--zero-fraction');
    const version = await run(['--version']);
    expect(version).toEqual({ exitCode: 0, stdout: `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`, stderr: '' });
  });
});
