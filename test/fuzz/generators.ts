/**
 * The fuzz cases, one fast-check arbitrary per input surface: shipped files (designs/, test
 * fixtures, sweep specs, zoo configs, traces) mutated (keys deleted, renamed or added, values
 * retyped or replaced by hostile ones: negative, huge, NaN, wrong units, long strings, control
 * characters, `<script>`, deep nesting; then the text truncated, spliced with bytes, YAML anchors
 * and alias bombs), hostile command-line values, and hostile paths (a folder, /dev/null, a FIFO,
 * link loops, names with newlines, outputs that are links, FIFOs or folders). {@link drawCase} draws
 * the case of one surface from one seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { packageRoot } from '../../src/io/package-root.js';
import { NEST, mutateDoc, spliceNests, type ByteOp, type DocMut, type FileSpec, type FuzzCase, type Surface } from './case.js';

const ROOT = packageRoot();
const cache = new Map<string, string>();
/** A file of the checkout, as text. */
function repoText(path: string): string {
  let t = cache.get(path);
  if (t === undefined) cache.set(path, (t = readFileSync(join(ROOT, path), 'utf8')));
  return t;
}

const DESIGNS = [
  'test/fixtures/good/tiny.yaml',
  'test/fixtures/good/tiny.yaml',
  'designs/asic/asic-28nm-hbm2.yaml',
  'designs/asic/asic-7nm-sram-stationary.yaml',
  'designs/fpga/d5005-paper-core.yaml',
  'designs/fpga/d5005-stream.yaml',
  'designs/fpga/kv260-stream.yaml',
  'designs/fpga/u280-hbm-stream.yaml',
  'designs/published/tellme-kv260.yaml',
  'designs/published/tenet-style-u280.yaml',
  'designs/published/tereffic-2x-u280-onchip.yaml',
  'designs/gpu/h200.yaml',
  'designs/gpu/rtx4090.yaml',
  'designs/gpu/orin-nano.yaml',
];
const CONFIGS = [
  'test/fixtures/sweeps/tiny-model.json',
  'test/fixtures/traces/tiny-hgrn-bit.config.json',
  'test/fixtures/traces/tiny-llama.config.json',
  'test/fixtures/traces/tiny-bitnet.config.json',
  'src/workload/zoo/mmfree-370m.config.json',
  'src/workload/zoo/llama-370m.config.json',
  'src/workload/zoo/bitnet-b1.58-700m.config.json',
];
const TRACES = [
  'test/fixtures/traces/tiny-v1.jsonl',
  'test/fixtures/traces/tiny-attention-prefill.jsonl',
  'src/workload/traces/rwkv-paper-block-d512.jsonl',
  'test/fixtures/traces/captured/tiny-llama-decode.jsonl',
  'test/fixtures/traces/captured/tiny-hgrn-prefill.jsonl',
];
const DRAM_STANDARDS = ['DDR4-2400', 'DDR4-3200', 'DDR5-4800', 'LPDDR4-3200', 'LPDDR5-6400', 'GDDR6-16', 'HBM2-2.0', 'HBM2-2.0-PC', 'HBM3-6.4'];
const METRICS = ['tokensPerSecond', 'watts', 'joulesPerToken', 'tokensPerSecondPerWatt', 'areaMm2', 'status', 'key', 'model', 'sweep', 'cycles'];
const UNITS = ['MHz', 'GHz', 'Hz', 'kHz', 'B', 'KiB', 'MiB', 'GiB', 'KB', 'kB', 'Kb', 'nm', 'ns', 'C', 'degC', 'W', 'mhz', '', 'MHz MHz'];

/** Hostile strings: numbers that are not, units, markup, control characters, odd Unicode. */
const HOSTILE_STRINGS = [
  '', ' ', '-1', '0', '-0', '1e999', '-1e999', '1e-400', 'NaN', 'nan', 'Infinity', '-Infinity', '.inf', '0x10', '0b11', '1_000', '1,000', '9007199254740993',
  '250 MHz', '250MHz', '-250 MHz', '1e30 GHz', 'NaN MHz', 'Infinity B', '0 B', '-5 KiB', '5 Kb', '1.5 B', '85 C', '60 ns', '1/2', '１２', '٣',
  'true', 'false', 'null', '~', 'yes', 'no', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</style><svg onload=alert(1)>',
  '\u0000', '\u001b[31mred\u001b[0m', '\u001b]0;title\u0007', '\r', 'a\nb', '\t', '\u202eevil', '\u2028', '\ufeff', '🦄', '\ud800', 'x'.repeat(5000),
  '=cmd|/C calc!A0', '| col |', '# heading', '[link](javascript:alert(1))', "'; DROP TABLE points; --", '%s%n', '${HOME}', '$(id)', '../../etc/passwd',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
];
const HOSTILE_NUMBERS = [-1, 0, -0, 0.5, 1.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 32 + 1, 2 ** 53 + 1, 1e15, Number.NaN, Infinity, -Infinity, 1e6, 65536, 1023];

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS) },
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.fullUnicodeString({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(true, false, null) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(-1, 0, 0.001, 1, 1.5, 250, 1e6, 1e30, 1e300), fc.constantFrom(...UNITS)).map(([n, u]) => `${n} ${u}`) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [1, 2, 3], { a: 1 }, [[]], { __proto__: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 5000 }).map((n) => `${NEST}${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(200_000), '<script>'.repeat(5000)) },
);
const keyArb = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'unknownKey', 'Lanes', 'tau', 'clock', '', ' ', 'a.b', '<b>x</b>', '\u001b[2J', 'x'.repeat(300)), fc.string({ maxLength: 8 }));
/** A fraction in [0, 1), uniform (fc.double is uniform over the bits, so almost always near 0). */
const pick = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

const docMut: fc.Arbitrary<DocMut> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), pick }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), pick, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), pick, key: keyArb, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), pick, key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), pick, asList: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retype' as const), pick }) },
);

/** Text snippets spliced into a file. */
const SNIPPETS = [
  '\u0000', '\u001b[31m', '\t', '\r\n', '\ufeff', '{', '}', '[', ': :', '- ', '&a ', '*a', '*nope', '!!binary ', '!!js/function ', '!!python/object:os.system ',
  '%YAML 1.1\n---\n', '---\n', '...\n', '<<: *a\n', '? ', '"', "'", '\\', '#', '<script>alert(1)</script>', '\u202e', '\ud83e', 'é', '\n\n\n',
  'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
];
type TextMut = { op: 'truncate'; at: number } | { op: 'insert'; at: number; text: string } | { op: 'bytes'; at: number; bytes: number[] } | { op: 'dupLine'; at: number } | { op: 'dropLine'; at: number } | { op: 'crlf' };
const textMut: fc.Arbitrary<TextMut> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pick }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pick, text: fc.constantFrom(...SNIPPETS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('bytes' as const), at: pick, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dupLine' as const), at: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dropLine' as const), at: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crlf' as const) }) },
);

function applyText(text: string, muts: readonly TextMut[]): FileSpec {
  let b = Buffer.from(text);
  for (const m of muts) {
    const at = 'at' in m ? Math.floor(m.at * b.length) : 0;
    if (m.op === 'truncate') b = b.subarray(0, at);
    else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text), b.subarray(at)]);
    else if (m.op === 'bytes') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else if (m.op === 'crlf') b = Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    else {
      const lines = b.toString('latin1').split('\n');
      const i = Math.min(lines.length - 1, Math.floor((at / Math.max(1, b.length)) * lines.length));
      if (m.op === 'dupLine') lines.splice(i, 0, lines[i]!);
      else lines.splice(i, 1);
      b = Buffer.from(lines.join('\n'), 'latin1');
    }
  }
  const s = b.toString('utf8');
  return Buffer.from(s).equals(b) ? { kind: 'text', text: s } : { kind: 'bytes', base64: b.toString('base64') };
}

function serialize(doc: unknown, asJson: boolean): string {
  if (asJson) return spliceNests(JSON.stringify(doc, null, 2) ?? 'null');
  try {
    return spliceNests(YAML.stringify(doc, { lineWidth: 0 }));
  } catch {
    return spliceNests(JSON.stringify(doc) ?? 'null');
  }
}

/** A document file (YAML or JSON) mutated: structure edits, then text edits; sometimes garbage outright. */
function mutatedDoc(text: string, asJson: fc.Arbitrary<boolean>, transform: (doc: unknown) => unknown = (d) => d): fc.Arbitrary<FileSpec> {
  const doc = transform(asJsonDoc(text));
  return fc.oneof(
    { weight: 12, arbitrary: fc.tuple(fc.array(docMut, { maxLength: 3 }), fc.array(textMut, { maxLength: 2 }), asJson, pick).map(([dm, tm, json, p]) => applyText(serialize(mutateDoc(doc, dm), json), p < 0.7 ? [] : tm)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((b): FileSpec => ({ kind: 'bytes', base64: Buffer.from(b).toString('base64') })) },
    { weight: 1, arbitrary: fc.array(textMut, { minLength: 1, maxLength: 3 }).map((tm) => applyText(text, tm)) },
  );
}

function asJsonDoc(text: string): unknown {
  return YAML.parse(text, { maxAliasCount: -1 });
}

function parseJsonLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

const numberText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1', '2', '0', '-1', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '-0', '0x10', '0b11', '1_000', ' 1', '1 ', '', 'abc', '+1', '.5', '5.', '250 MHz', '1,000', '9007199254740993', '1e-400', '２', '4096', '65536', '1e9', '2/8', '0/0', '3/2', 'true') },
  { weight: 1, arbitrary: fc.integer({ min: -10, max: 100_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
);

/** Options of a command with hostile values (each taken 0-3 times). */
function optionsArb(names: readonly string[], value: fc.Arbitrary<string> = numberText): fc.Arbitrary<string[]> {
  return fc.array(fc.tuple(fc.constantFrom(...names), value, fc.nat(9)), { maxLength: 3 }).map((opts) =>
    opts.flatMap(([n, v, form]) => (form === 0 ? [`--${n}=${v}`] : form === 1 ? [`--${n}`] : [`--${n}`, v])),
  );
}

const SIM_OPTIONS = ['batch', 'phase', 'prompt', 'context', 'kv-bytes', 'zero-fraction', 'mode', 'json', 'breakdown'];

// ------------------------------------------------------------------------------------------------
// The surfaces.
// ------------------------------------------------------------------------------------------------

const designSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom(...DESIGNS), fc.boolean(), fc.constantFrom('m.json', 'm.json', 'm.json', 'm.json', 'm.json', 'llama.json', 'llama.json', 'mmfree-370m'), fc.nat(9), fc.nat(9))
  .chain(([base, asJson, model, outChoice, mode]) =>
    mutatedDoc(repoText(base), fc.constant(asJson)).map((file): FuzzCase => {
      const name = asJson ? 'design.json' : 'design.yaml';
      const out = outChoice === 0 ? ['--out', 'r.json'] : outChoice === 1 ? ['--timeline', 't.json'] : outChoice === 2 ? ['--json'] : [];
      return {
        surface: 'design',
        files: { [name]: file, 'm.json': { kind: 'repo', path: CONFIGS[0]! }, 'llama.json': { kind: 'repo', path: CONFIGS[2]! } },
        argv: ['simulate', name, '--model', model, ...(mode === 0 ? ['--mode', 'cycle'] : []), ...out],
        outputs: out[0] === '--out' || out[0] === '--timeline' ? [out[1]!] : [],
      };
    }),
  );

const SET_KEYS = ['__proto__.polluted', 'constructor.prototype.polluted', '__proto__', 'tau', 'tau.lanes.x', '', '.', 'tau..lanes', 'x'.repeat(1000), 'tau.lanes[0]', 'sources.x', 'memory', 'name', 'kind', 'clock', 'tau.lanes', 'memory.channels', 'memory.timing.tCK', 'power.node', 'weightStream.buffer.capacity'];
const setSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.constantFrom(...DESIGNS.slice(0, 8)),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...SET_KEYS), fc.string({ maxLength: 10 })), fc.oneof(hostileScalar.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')), fc.constantFrom('{a: 1}', '[1, 2]', '&a x', '*a', '!!js/function x', '{', '"', '- x', 'a: b: c')), fc.nat(7)), { minLength: 1, maxLength: 3 }),
  )
  .map(([base, sets]): FuzzCase => ({
    surface: 'set',
    files: { 'design.yaml': { kind: 'repo', path: base }, 'm.json': { kind: 'repo', path: CONFIGS[0]! } },
    argv: ['simulate', 'design.yaml', '--model', 'm.json', ...sets.flatMap(([k, v, f]) => (f === 0 ? ['--set', k] : f === 1 ? [`--set=${k}=${v}`] : ['--set', `${k}=${v}`]))],
    outputs: [],
  }));

const modelSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom(...CONFIGS), fc.nat(9), optionsArb(['batch', 'context', 'prompt', 'phase', 'kv-bytes', 'zero-fraction']))
  .chain(([base, how, opts]) =>
    mutatedDoc(repoText(base), fc.constant(true)).map((file): FuzzCase => {
      const files: Record<string, FileSpec> = { 'config.json': file, 'tiny.yaml': { kind: 'repo', path: DESIGNS[0]! } };
      if (how < 2) return { surface: 'model', files, argv: ['trace', 'export', '--model', 'config.json', '--out', 'ops.jsonl', ...opts], outputs: ['ops.jsonl'] };
      if (how < 3) return { surface: 'model', files: { ...files, 'h200.yaml': { kind: 'repo', path: 'designs/gpu/h200.yaml' } }, argv: ['simulate', 'h200.yaml', '--model', 'config.json', ...opts], outputs: [] };
      return { surface: 'model', files, argv: ['simulate', 'tiny.yaml', '--model', 'config.json', ...opts], outputs: [] };
    }),
  );

type LineMut = { line: number; muts: DocMut[] } | { line: number; drop: true } | { line: number; junk: string };
const traceSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.constantFrom(...TRACES),
    fc.array(fc.oneof({ weight: 5, arbitrary: fc.record({ line: pick, muts: fc.array(docMut, { minLength: 1, maxLength: 2 }) }) }, { weight: 1, arbitrary: fc.record({ line: pick, drop: fc.constant(true as const) }) }, { weight: 1, arbitrary: fc.record({ line: pick, junk: fc.constantFrom('', '{}', '[]', 'null', '{"kind":"matvec"}', 'x', '{"format":"ternsim-trace","version":99}', '\u0000', '{"kind":"load","id":"__proto__","deps":[],"layer":0,"tensor":"x","bytes":1e300,"space":"activation"}') }) }), { minLength: 0, maxLength: 3 }),
    fc.array(textMut, { maxLength: 1 }),
    fc.nat(5),
  )
  .map(([base, lineMuts, tm, how]): FuzzCase => {
    const lines = parseJsonLines(repoText(base));
    for (const m of lineMuts as LineMut[]) {
      const i = Math.min(lines.length - 1, Math.floor(m.line * lines.length));
      if ('drop' in m) lines.splice(i, 1);
      else if ('junk' in m) lines.splice(i, 0, m.junk);
      else {
        try {
          lines[i] = spliceNests(JSON.stringify(mutateDoc(JSON.parse(lines[i]!), m.muts)) ?? 'null');
        } catch {
          // The line was already garbled.
        }
      }
    }
    const file = applyText(`${lines.join('\n')}\n`, tm);
    const files: Record<string, FileSpec> = { 'ops.jsonl': file, 'tiny.yaml': { kind: 'repo', path: DESIGNS[0]! } };
    const argv = how < 3 ? ['trace', 'inspect', 'ops.jsonl', ...(how === 0 ? ['--json'] : [])] : ['simulate', 'tiny.yaml', '--trace', 'ops.jsonl'];
    return { surface: 'trace', files, argv, outputs: [] };
  });

const dramLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.nat(1 << 20), fc.constantFrom('READ', 'WRITE'), fc.nat(10_000), fc.boolean()).map(([a, op, c, withCycle]) => `0x${(a * 64).toString(16)} ${op}${withCycle ? ` ${c}` : ''}`) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(1 << 20), fc.boolean(), fc.nat(10_000)).map(([a, w, c]) => JSON.stringify({ addr: a * 64, write: w, cycle: c })) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.oneof(fc.constantFrom('0x44', '-0x40', '0xffffffffffffffffffff', '0x', 'zz', '64', '1e30', '0x0', 'NaN', '0X40'), fc.nat(1000).map((n) => `0x${(n * 64).toString(16)}`)), fc.constantFrom('READ', 'WRITE', 'read', 'FETCH', '', 'READ WRITE', 'P_MEM_RD'), fc.constantFrom('', '5', '-5', '1.5', '1e15', '9007199254740993', 'NaN', 'x', '0 0')).map(([a, o, c]) => `${a} ${o} ${c}`.trim()),
  },
  { weight: 1, arbitrary: fc.tuple(hostileScalar, hostileScalar, hostileScalar).map(([a, w, c]) => JSON.stringify({ addr: a, write: w, cycle: c }) ?? '{}') },
  { weight: 1, arbitrary: fc.constantFrom('', '#comment', '\u0000', '   ', '{', '\u001b[2J') },
);
const dramSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...DRAM_STANDARDS) }, { weight: 1, arbitrary: fc.constantFrom('DDR9-9999', '', 'ddr4-2400', '<script>', '__proto__', 'constructor', 'x'.repeat(500)) }),
    fc.array(dramLine, { maxLength: 60 }),
    fc.array(fc.tuple(fc.constantFrom('channels', 'mapping', 'page', 'refresh', 'queue', 'write-queue', 'power-down', 'interleave', 'json'), fc.oneof(numberText, fc.constantFrom('rochrababgco', 'RoBaCoBgCh', 'RoBaBgCoCh', 'xx', 'open', 'closed', 'all-bank', 'per-bank', 'RoRoRo', 'chchch')), fc.nat(9)), { maxLength: 3 }),
    fc.array(textMut, { maxLength: 1 }),
  )
  .map(([std, lines, opts, tm]): FuzzCase => ({
    surface: 'dram',
    files: { 'mem.trc': applyText(lines.join('\n') + (lines.length ? '\n' : ''), tm) },
    argv: ['dram', std, '--trace', 'mem.trc', ...opts.flatMap(([n, v, f]) => (f === 0 ? [`--${n}=${v}`] : f === 1 ? [`--${n}`] : [`--${n}`, v]))],
    outputs: [],
  }));

/** Shipped sweep specs, made small: the tiny model, a handful of points. */
const SWEEPS: { spec: string; base: [string, string]; small: (d: Record<string, unknown>) => unknown }[] = [
  { spec: 'test/fixtures/sweeps/tiny-grid.yaml', base: ['sweeps/tiny-base.yaml', 'test/fixtures/sweeps/tiny-base.yaml'], small: (d) => d },
  { spec: 'designs/sweeps/asic-node.yaml', base: ['asic/asic-28nm-hbm2.yaml', 'designs/asic/asic-28nm-hbm2.yaml'], small: (d) => ({ ...d, models: ['tiny-model.json'], sampler: { type: 'lhs', points: 4, seed: 1 } }) },
  { spec: 'designs/sweeps/u280-lanes-clock-dram.yaml', base: ['fpga/u280-hbm-stream.yaml', 'designs/fpga/u280-hbm-stream.yaml'], small: (d) => ({ ...d, models: ['tiny-model.json'], sampler: { type: 'random', points: 4, seed: 1 } }) },
];
const sweepSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.nat(SWEEPS.length - 1), fc.nat(9), optionsArb(['shard', 'jobs'], fc.constantFrom('1', '1/2', '2/2', '0/2', '3/2', 'x', '1/0', '', '-1', '1/100001', '2')))
  .chain(([k, how, opts]) => {
    const s = SWEEPS[k]!;
    const baseFile = mutatedDoc(repoText(s.base[1]), fc.constant(false));
    const specFile = mutatedDoc(repoText(s.spec), fc.constant(false), (d) => s.small(d as Record<string, unknown>));
    return fc.tuple(how < 2 ? baseFile : fc.constant<FileSpec>({ kind: 'repo', path: s.base[1] }), how < 2 ? fc.constant<FileSpec>({ kind: 'text', text: YAML.stringify(s.small(asJsonDoc(repoText(s.spec)) as Record<string, unknown>)) }) : specFile).map(([base, spec]): FuzzCase => {
      const files: Record<string, FileSpec> = { [s.base[0]]: base, 'sweeps/spec.yaml': spec, 'sweeps/tiny-model.json': { kind: 'repo', path: CONFIGS[0]! } };
      if (how === 2) files['s.db'] = { kind: 'template', template: 'store' };
      if (how === 3) files['s.db'] = { kind: 'template', template: 'store', ops: [{ op: 'flip', at: 0.5, xor: 0xff }, { op: 'truncate', at: 0.7 }] };
      const jobs = opts.some((o) => o.startsWith('--jobs')) ? [] : ['--jobs', '1'];
      return { surface: 'sweep', files, argv: ['sweep', 'sweeps/spec.yaml', '--store', 's.db', '--no-progress', ...jobs, ...opts], outputs: ['s.db'] };
    });
  });

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: pick }),
  fc.record({ op: fc.constant('flip' as const), at: pick, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('zero' as const), at: pick, len: fc.integer({ min: 1, max: 4096 }) }),
  fc.record({ op: fc.constant('insert' as const), at: pick, base64: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')) }),
);
/** A result store: intact, bytes edited, or not a store at all. */
const storeFile: fc.Arbitrary<FileSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<FileSpec>({ kind: 'template', template: 'store' }) },
  { weight: 5, arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 3 }).map((ops): FileSpec => ({ kind: 'template', template: 'store', ops })) },
  { weight: 1, arbitrary: fc.constantFrom<FileSpec>({ kind: 'text', text: '' }, { kind: 'text', text: '{"not":"a store"}' }, { kind: 'template', template: 'result' }, { kind: 'text', text: 'SQLite format 3\u0000' }) },
);
const whereArb: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom(...METRICS), fc.constantFrom('>', '<', '=', '!=', '>=', '<=', '<>', 'LIKE', '==', ''), fc.oneof(fc.constantFrom('100', "'done'", "'x' OR 1=1", '1; DROP TABLE points', "'", '"x"', 'NaN', '1e999', '-1', '(SELECT 1)', 'null', ''), numberText)), { minLength: 1, maxLength: 3 }).map((cs) => cs.map((c) => c.join(' ')).join(' and ')),
  fc.constantFrom(...HOSTILE_STRINGS),
);
const resultsSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.constantFrom('query', 'export', 'pareto', 'merge'), storeFile, storeFile, fc.option(whereArb), fc.option(fc.oneof(fc.constantFrom('table', 'csv', 'json'), fc.constantFrom(...HOSTILE_STRINGS))), fc.option(fc.oneof(fc.array(fc.tuple(fc.constantFrom(...METRICS), fc.constantFrom('max', 'min', 'MAX', '', 'up')), { minLength: 0, maxLength: 4 }).map((o) => o.map((x) => x.join(':')).join(',')), fc.constantFrom(...HOSTILE_STRINGS))), fc.boolean())
  .map(([action, s1, s2, where, format, objectives, out]): FuzzCase => {
    const files: Record<string, FileSpec> = { 's.db': s1, 's2.db': s2 };
    const opt = (n: string, v: string | null) => (v === null ? [] : [`--${n}`, v]);
    if (action === 'merge') return { surface: 'results', files, argv: ['results', 'merge', 's.db', 's2.db', '--out', 'merged.db'], outputs: ['merged.db'] };
    return {
      surface: 'results',
      files,
      argv: ['results', action, '--store', 's.db', ...opt('where', where), ...opt('format', format), ...(action === 'pareto' ? opt('objectives', objectives) : []), ...(out ? ['--out', 'o.txt'] : [])],
      outputs: out ? ['o.txt'] : [],
    };
  });

const resultFile: fc.Arbitrary<FileSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<FileSpec>({ kind: 'template', template: 'result' }) },
  { weight: 6, arbitrary: fc.array(docMut, { minLength: 1, maxLength: 3 }).map((docMuts): FileSpec => ({ kind: 'template', template: 'result', docMuts })) },
  { weight: 1, arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 2 }).map((ops): FileSpec => ({ kind: 'template', template: 'result', ops })) },
  { weight: 1, arbitrary: fc.constantFrom<FileSpec>({ kind: 'text', text: '[]' }, { kind: 'text', text: '{}' }, { kind: 'text', text: 'null' }, { kind: 'text', text: '[{"design":{"name":"<script>alert(1)</script>"}}]' }) },
);
const reportSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(resultFile, fc.option(resultFile), fc.option(storeFile, { freq: 4 }), fc.option(fc.constantFrom(...HOSTILE_STRINGS)))
  .map(([r1, r2, store, title]): FuzzCase => {
    const files: Record<string, FileSpec> = { 'r.json': r1 };
    const inputs = ['r.json'];
    if (r2) (files['r2.json'] = r2), inputs.push('r2.json');
    if (store) (files['s.db'] = store), inputs.push('s.db');
    return { surface: 'report', files, argv: ['report', ...inputs, '--out', 'rep', ...(title === null ? [] : ['--title', title])], outputs: ['rep'] };
  });

/** The valid files the `options` and `paths` surfaces run against. */
export const VALID_FILES: Record<string, FileSpec> = {
  'd.yaml': { kind: 'repo', path: DESIGNS[0]! },
  'm.json': { kind: 'repo', path: CONFIGS[0]! },
  't.jsonl': { kind: 'repo', path: TRACES[0]! },
  'a.trc': { kind: 'text', text: '0x0 READ\n0x40 WRITE 5\n0x1000 READ 9\n' },
  'sweeps/spec.yaml': { kind: 'repo', path: 'test/fixtures/sweeps/tiny-grid.yaml' },
  'sweeps/tiny-base.yaml': { kind: 'repo', path: 'test/fixtures/sweeps/tiny-base.yaml' },
  'sweeps/tiny-model.json': { kind: 'repo', path: CONFIGS[0]! },
  's.db': { kind: 'template', template: 'store' },
  'r.json': { kind: 'template', template: 'result' },
};
/** Command lines on the valid files: [argv, outputs]. */
const COMMANDS: [string[], string[], string[]][] = [
  [['simulate', 'd.yaml', '--model', 'm.json'], [], SIM_OPTIONS],
  [['simulate', 'd.yaml', '--trace', 't.jsonl'], [], SIM_OPTIONS],
  [['compare', '--designs', 'd.yaml', '--models', 'm.json', '--out', 'rep'], ['rep'], ['batch', 'mode']],
  [['trace', 'export', '--model', 'm.json', '--out', 'x.jsonl'], ['x.jsonl'], ['phase', 'batch', 'context', 'prompt', 'zero-fraction', 'kv-bytes']],
  [['trace', 'rwkv-paper-block', '--out', 'b.jsonl'], ['b.jsonl'], ['d']],
  [['trace', 'inspect', 't.jsonl'], [], ['json']],
  [['dram', 'DDR4-2400', '--trace', 'a.trc'], [], ['channels', 'queue', 'write-queue', 'power-down', 'interleave', 'page', 'refresh']],
  [['sweep', 'sweeps/spec.yaml', '--store', 'n.db', '--no-progress'], ['n.db'], ['jobs', 'shard', 'attempts']],
  [['results', 'query', '--store', 's.db'], [], ['where', 'format']],
  [['results', 'pareto', '--store', 's.db'], [], ['objectives', 'format']],
  [['report', 'r.json', '--out', 'rep'], ['rep'], ['title']],
  [['models'], [], ['json']],
];
const JUNK_ARGV = [[], ['--help'], ['--version'], ['bogus'], ['simulate'], ['simulate', '--help'], ['--'], ['-x'], ['simulate', 'd.yaml'], ['simulate', 'd.yaml', '--model'], ['simulate', 'd.yaml', '--model', 'm.json', '--bogus'], ['simulate', 'd.yaml', '--model', 'm.json', 'extra'], ['simulate', 'd.yaml', '--model', 'm.json', '--trace', 't.jsonl'], ['trace'], ['dram'], ['results'], ['results', 'nope'], ['sweep'], ['report', 'r.json'], ['simulate', 'd.yaml', '--model', 'm.json', '--batch', '1', '--batch', '2'], ['\u001b[31mbogus'], ['simulate', 'd.yaml', '--model', 'm.json', '--\u001b[2J']];
const optionsSurface: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.nat(COMMANDS.length + 2), fc.nat(JUNK_ARGV.length - 1), fc.array(fc.tuple(fc.nat(20), numberText, fc.nat(9)), { maxLength: 3 }), fc.array(fc.oneof(keyArb, numberText), { maxLength: 1 }))
  .map(([k, j, opts, extra]): FuzzCase => {
    if (k >= COMMANDS.length) return { surface: 'options', files: VALID_FILES, argv: [...JUNK_ARGV[j]!], outputs: [] };
    const [argv, outputs, names] = COMMANDS[k]!;
    const o = opts.flatMap(([n, v, f]) => {
      const name = names[n % names.length]!;
      return f === 0 ? [`--${name}=${v}`] : f === 1 ? [`--${name}`] : [`--${name}`, v];
    });
    return { surface: 'options', files: VALID_FILES, argv: [...argv, ...o, ...(k % 3 === 0 ? extra : [])], outputs };
  });

/** Hostile stand-ins for an input path: [files to add, the path]. */
export const HOSTILE_INPUTS: [Record<string, FileSpec>, string][] = [
  [{}, 'missing.yaml'],
  [{ 'adir.yaml': { kind: 'dir' } }, 'adir.yaml'],
  [{}, '/dev/null'],
  [{ 'fifo.yaml': { kind: 'fifo' } }, 'fifo.yaml'],
  [{ 'loop.yaml': { kind: 'symlink', target: 'loop.yaml' } }, 'loop.yaml'],
  [{ 'dangling.yaml': { kind: 'symlink', target: 'nowhere.yaml' } }, 'dangling.yaml'],
  [{ 'dirlink.yaml': { kind: 'symlink', target: '.' } }, 'dirlink.yaml'],
  [{ 'fifolink.yaml': { kind: 'symlink', target: 'fifo2' }, fifo2: { kind: 'fifo' } }, 'fifolink.yaml'],
  [{ 'empty.yaml': { kind: 'text', text: '' } }, 'empty.yaml'],
  [{}, `${'a'.repeat(300)}.yaml`],
  [{}, 'd.yaml/x'],
  [{}, ''],
  [{}, '-'],
  [{ 'line\nbreak\u001b[31m.yaml': { kind: 'repo', path: DESIGNS[0]! } }, 'line\nbreak\u001b[31m.yaml'],
  [{ '<script>.yaml': { kind: 'text', text: 'x: [' } }, '<script>.yaml'],
];
/** Hostile stand-ins for an output path: [files to add, the path]. */
export const HOSTILE_OUTPUTS: [Record<string, FileSpec>, string][] = [
  [{ 'odir': { kind: 'dir' } }, 'odir'],
  [{ 'victim.txt': { kind: 'text', text: 'keep me\n' }, 'olink': { kind: 'symlink', target: 'victim.txt' } }, 'olink'],
  [{ 'ofifo': { kind: 'fifo' } }, 'ofifo'],
  [{ 'odangling': { kind: 'symlink', target: 'nowhere/x' } }, 'odangling'],
  [{ 'victim.txt': { kind: 'text', text: 'keep me\n' } }, 'victim.txt/out'],
  [{ 'old.out': { kind: 'text', text: 'old\n' } }, 'old.out'],
  [{}, 'new/deep/out'],
  [{}, 'line\nbreak\u001b[31m.out'],
  [{}, `${'o'.repeat(300)}.out`],
  [{ 'dirlink': { kind: 'symlink', target: '.' } }, 'dirlink'],
  [{}, ''],
];
export const INPUT_SLOTS: ((p: string) => string[])[] = [
  (p) => ['simulate', p, '--model', 'm.json'],
  (p) => ['simulate', 'd.yaml', '--model', p],
  (p) => ['simulate', 'd.yaml', '--trace', p],
  (p) => ['trace', 'inspect', p],
  (p) => ['dram', 'DDR4-2400', '--trace', p],
  (p) => ['sweep', p, '--store', 'n.db', '--no-progress', '--jobs', '1'],
  (p) => ['results', 'query', '--store', p],
  (p) => ['report', p, '--out', 'rep'],
  (p) => ['compare', '--designs', p, '--models', 'm.json', '--out', 'rep'],
];
export const OUTPUT_SLOTS: ((p: string) => string[])[] = [
  (p) => ['simulate', 'd.yaml', '--model', 'm.json', '--out', p],
  (p) => ['simulate', 'd.yaml', '--model', 'm.json', '--timeline', p],
  (p) => ['trace', 'export', '--model', 'm.json', '--out', p],
  (p) => ['results', 'export', '--store', 's.db', '--out', p],
  (p) => ['report', 'r.json', '--out', p],
  (p) => ['sweep', 'sweeps/spec.yaml', '--store', p, '--no-progress', '--jobs', '1'],
  (p) => ['results', 'merge', 's.db', '--out', p],
];
const pathsSurface: fc.Arbitrary<FuzzCase> = fc.tuple(fc.boolean(), fc.nat(100), fc.nat(100)).map(([input, slot, kind]): FuzzCase => {
  const [extra, p] = input ? HOSTILE_INPUTS[kind % HOSTILE_INPUTS.length]! : HOSTILE_OUTPUTS[kind % HOSTILE_OUTPUTS.length]!;
  const argv = input ? INPUT_SLOTS[slot % INPUT_SLOTS.length]!(p) : OUTPUT_SLOTS[slot % OUTPUT_SLOTS.length]!(p);
  const defaults = argv.includes('rep') ? ['rep'] : argv.includes('n.db') ? ['n.db'] : [];
  return { surface: 'paths', files: { ...VALID_FILES, ...extra }, argv, outputs: input ? defaults : [p] };
});

const ARBITRARIES: Record<Surface, fc.Arbitrary<FuzzCase>> = {
  design: designSurface,
  set: setSurface,
  model: modelSurface,
  trace: traceSurface,
  dram: dramSurface,
  sweep: sweepSurface,
  results: resultsSurface,
  report: reportSurface,
  options: optionsSurface,
  paths: pathsSurface,
};

/** The case of `surface` drawn from `seed` (the same case for the same seed, every time). */
export function drawCase(surface: Surface, seed: number): FuzzCase {
  return fc.sample(fc.noBias(ARBITRARIES[surface]), { seed, numRuns: 1 })[0]!;
}
