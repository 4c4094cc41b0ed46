/**
 * The fuzzer's cases and the properties every run of the CLI must keep (issue 21, class 7).
 *
 * A {@link FuzzCase} is plain JSON: the files of a fresh case folder, the argv run in it (paths are
 * relative: the run's working directory is the case folder) and the outputs the command line names.
 * {@link materialize} writes the folder, {@link snapshot} records it (lstat, never following links or
 * reading FIFOs), and {@link checkRun} compares a run against the properties:
 *
 *  - the exit code is 0 or 2 (1 is an internal error, anything else unexpected);
 *  - on exit 2: exactly one stderr line (`ternsim: …`), nothing on stdout, and no file created,
 *    changed or removed anywhere in the case folder;
 *  - on exit 0: no file changed except the named outputs (and what lies under a named folder), and a
 *    named output that was a symlink, FIFO or folder is not replaced;
 *  - no terminal control characters in what is printed;
 *  - nothing written to process.stdout/stderr directly, no file descriptor left open, no
 *    Object.prototype pollution, no unhandled rejection;
 *  - wall time bounded: a run past the limit is a `hang` (the runner kills the server).
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, isAbsolute, join, normalize } from 'node:path';

/** The input surfaces, each with its own generator. */
export const SURFACES = ['design', 'set', 'model', 'trace', 'dram', 'sweep', 'results', 'report', 'options', 'paths'] as const;
export type Surface = (typeof SURFACES)[number];

/** An edit of a file's bytes, at a fraction (0..1) of its length, so it applies to any template. */
export type ByteOp =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; xor: number }
  | { op: 'insert'; at: number; base64: string }
  | { op: 'zero'; at: number; len: number };

/**
 * An edit of a parsed document (YAML or JSON): the node picked is the one at fraction `pick` of the
 * document's paths in order (so an edit applies to any document). `value` may hold the marker
 * {@link NEST} ("[[[…]]]" that deep, spliced in after serializing).
 */
export type DocMut =
  | { op: 'delete'; pick: number }
  | { op: 'set'; pick: number; value: unknown }
  | { op: 'add'; pick: number; key: string; value: unknown }
  | { op: 'rename'; pick: number; key: string }
  | { op: 'wrap'; pick: number; asList: boolean }
  | { op: 'retype'; pick: number };

/** A string value standing for an array nested `n` deep: `\u0000NEST:n`. */
export const NEST = '\u0000NEST:';

type Path = (string | number)[];

function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (out.length > 5000) return out;
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), pathsOf(x, [...prefix, i], out)));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push([...prefix, k]), pathsOf(x, [...prefix, k], out);
  return out;
}

/** Applies edits to a copy of `doc` (a parsed document). */
export function mutateDoc(doc: unknown, muts: readonly DocMut[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const m of muts) {
    const paths = pathsOf(root);
    if (paths.length === 0) {
      if (m.op === 'set') root = m.value;
      continue;
    }
    const path = paths[Math.min(paths.length - 1, Math.floor(m.pick * paths.length))]!;
    let parent = root as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    const cur = parent[key];
    switch (m.op) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'set':
        parent[key] = m.value;
        break;
      case 'add':
        if (cur && typeof cur === 'object' && !Array.isArray(cur)) (cur as Record<string, unknown>)[m.key] = m.value;
        else if (Array.isArray(cur)) cur.push(m.value);
        else if (!Array.isArray(parent)) parent[m.key] = m.value;
        break;
      case 'rename':
        if (!Array.isArray(parent)) {
          delete parent[key];
          parent[m.key] = cur;
        }
        break;
      case 'wrap':
        parent[key] = m.asList ? [cur] : { value: cur };
        break;
      case 'retype':
        parent[key] = typeof cur === 'number' ? String(cur) : typeof cur === 'string' ? (Number.isNaN(Number(cur)) ? cur.length : Number(cur)) : typeof cur === 'boolean' ? String(cur) : cur === null ? 0 : JSON.stringify(cur);
        break;
    }
  }
  return root;
}

/** Splices the {@link NEST} markers of serialized text into nested arrays. */
export function spliceNests(text: string): string {
  return text.replace(/"\\(?:u0000|0|x00)NEST:(\d+)"/g, (_m, n: string) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);
}

/** One file (or other entry) of a case folder. */
export type FileSpec =
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; base64: string }
  /** A file the server makes once (`store`: a 12-point sweep store; `result`: a `simulate --out` Result), then edited. */
  | { kind: 'template'; template: 'store' | 'result'; ops?: ByteOp[]; docMuts?: DocMut[] }
  /** A file of the ternsim checkout, copied. */
  | { kind: 'repo'; path: string }
  | { kind: 'dir' }
  | { kind: 'fifo' }
  | { kind: 'symlink'; target: string };

export interface FuzzCase {
  surface: Surface;
  /** Case-folder paths (relative, `/`-separated) in creation order. */
  files: Record<string, FileSpec>;
  /** The command line, run with the case folder as the working directory. */
  argv: string[];
  /** Outputs the command line names (relative paths): the only things a successful run may change. */
  outputs: string[];
}

export type ViolationKind =
  | 'internal-error'
  | 'unexpected-exit'
  | 'exit2-stderr-not-one-line'
  | 'exit2-stdout'
  | 'exit2-files-changed'
  | 'unnamed-file-changed'
  | 'special-output-replaced'
  | 'control-chars-printed'
  | 'direct-process-write'
  | 'fd-leak'
  | 'prototype-pollution'
  | 'unhandled-rejection'
  | 'opened-fifo'
  | 'hang'
  | 'server-crash';

export interface Violation {
  kind: ViolationKind;
  detail: string;
}

/** What one case did. */
export interface Outcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  violations: Violation[];
}

/** One entry of a folder snapshot. */
interface Entry {
  type: 'file' | 'dir' | 'symlink' | 'fifo' | 'other';
  ino: number;
  size: number;
  mtimeMs: number;
  /** sha1 of a regular file, the target of a link. */
  content: string;
}
export type Snapshot = Map<string, Entry>;

function applyOps(data: Buffer, ops: readonly ByteOp[] = []): Buffer {
  let b = data;
  for (const o of ops) {
    const at = Math.min(b.length, Math.max(0, Math.floor(o.at * b.length)));
    if (o.op === 'truncate') b = b.subarray(0, at);
    else if (o.op === 'flip') {
      if (b.length > 0) {
        b = Buffer.from(b);
        const i = Math.min(at, b.length - 1);
        b[i] = b[i]! ^ (o.xor & 0xff || 1);
      }
    } else if (o.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(o.base64, 'base64'), b.subarray(at)]);
    else {
      b = Buffer.from(b);
      b.fill(0, at, Math.min(b.length, at + o.len));
    }
  }
  return b;
}

/** Writes the case's files under `dir` (which exists and is empty). */
export function materialize(c: FuzzCase, dir: string, opts: { repoRoot: string; templates: Record<'store' | 'result', string> }): void {
  for (const [name, spec] of Object.entries(c.files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    switch (spec.kind) {
      case 'text':
        writeFileSync(path, spec.text);
        break;
      case 'bytes':
        writeFileSync(path, Buffer.from(spec.base64, 'base64'));
        break;
      case 'template': {
        let data = readFileSync(opts.templates[spec.template]);
        if (spec.docMuts) data = Buffer.from(spliceNests(JSON.stringify(mutateDoc(JSON.parse(data.toString()), spec.docMuts), null, 2)));
        writeFileSync(path, applyOps(data, spec.ops));
        break;
      }
      case 'repo':
        writeFileSync(path, readFileSync(join(opts.repoRoot, spec.path)));
        break;
      case 'dir':
        mkdirSync(path, { recursive: true });
        break;
      case 'fifo':
        execFileSync('mkfifo', [path]);
        break;
      case 'symlink':
        symlinkSync(spec.target, path);
        break;
    }
  }
}

/** Every entry under `dir` (relative paths), by lstat: links and FIFOs are recorded, never followed or read. */
export function snapshot(dir: string): Snapshot {
  const out: Snapshot = new Map();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const p = join(dir, r);
      const st = lstatSync(p);
      const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFIFO() ? 'fifo' : 'other';
      const content = type === 'file' ? createHash('sha1').update(readFileSync(p)).digest('hex') : type === 'symlink' ? readlinkSync(p) : '';
      out.set(r, { type, ino: st.ino, size: st.size, mtimeMs: type === 'dir' ? 0 : st.mtimeMs, content });
      if (type === 'dir') walk(r);
    }
  };
  walk('');
  return out;
}

/**
 * What differs between two snapshots: `+path` new, `-path` removed, `~path` changed or replaced (its
 * bytes, type or inode), `^path` written again with the same bytes (only its mtime moved).
 */
export function diff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [p, a] of after) {
    const b = before.get(p);
    if (!b) out.push(`+${p}`);
    // A FIFO's times change when the runner feeds it (see runner.ts): only its identity counts.
    else if (b.type !== a.type || b.ino !== a.ino || (a.type !== 'fifo' && (b.size !== a.size || b.content !== a.content))) out.push(`~${p}`);
    else if (a.type !== 'fifo' && b.mtimeMs !== a.mtimeMs) out.push(`^${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) out.push(`-${p}`);
  return out.sort();
}

/** Whether a case-folder path is, or lies under, a named output (a store's -wal/-shm/-journal side files included). */
export function isNamed(path: string, outputs: readonly string[]): boolean {
  return outputs.some((o) => {
    const n = o.replace(/^\.\//, '').replace(/\/+$/, '');
    if (n === '') return true; // the case folder itself (a link to '.')
    return path === n || path.startsWith(`${n}/`) || n.startsWith(`${path}/`) || ['-wal', '-shm', '-journal'].some((s) => path === `${n}${s}`);
  });
}

/** What the outputs that are symbolic links in the case folder point at, as case-folder paths ('' for the folder itself). */
export function linkTargets(outputs: readonly string[], before: Snapshot): string[] {
  const out: string[] = [];
  for (const o of outputs) {
    const e = before.get(o.replace(/^\.\//, '').replace(/\/+$/, ''));
    if (e?.type !== 'symlink' || isAbsolute(e.content)) continue;
    const t = normalize(join(dirname(o), e.content));
    if (!t.startsWith('..')) out.push(t === '.' ? '' : t);
  }
  return out;
}

/** C0 controls other than tab and newline, DEL, C1 controls, and bidi overrides. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function clip(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
}

/** The properties of one finished run (everything but hangs, FIFOs and crashes, which the runner sees). */
export function checkRun(c: FuzzCase, r: { exitCode: number; stdout: string; stderr: string }, before: Snapshot, after: Snapshot): Violation[] {
  const v: Violation[] = [];
  const changes = diff(before, after);
  if (r.exitCode === 1) v.push({ kind: 'internal-error', detail: clip(r.stderr.split('\n')[0] ?? '') });
  else if (r.exitCode !== 0 && r.exitCode !== 2) v.push({ kind: 'unexpected-exit', detail: `exit ${r.exitCode}: ${clip(r.stderr)}` });
  if (r.exitCode === 2) {
    if (!/^ternsim: [^\n]*\n$/.test(r.stderr)) v.push({ kind: 'exit2-stderr-not-one-line', detail: clip(JSON.stringify(r.stderr)) });
    if (r.stdout !== '') v.push({ kind: 'exit2-stdout', detail: clip(JSON.stringify(r.stdout)) });
    if (changes.length > 0) v.push({ kind: 'exit2-files-changed', detail: clip(changes.join(' ')) });
  } else {
    // An output named through a symbolic link names what the link points at (a shell redirect writes there too).
    const named = [...c.outputs, ...linkTargets(c.outputs, before)];
    const unnamed = changes.filter((ch) => !isNamed(ch.slice(1), named));
    if (unnamed.length > 0) v.push({ kind: 'unnamed-file-changed', detail: clip(unnamed.join(' ')) });
    for (const o of c.outputs) {
      const b = before.get(o);
      const a = after.get(o);
      if (b && b.type !== 'file' && (!a || a.type !== b.type || a.ino !== b.ino || a.content !== b.content)) {
        v.push({ kind: 'special-output-replaced', detail: `${o} was a ${b.type}, now ${a ? a.type : 'gone'}` });
      }
    }
  }
  for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    const m = CONTROL.exec(text);
    if (m) v.push({ kind: 'control-chars-printed', detail: `${name} has U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0')}: ${clip(JSON.stringify(text.slice(Math.max(0, m.index - 60), m.index + 60)))}` });
  }
  return v;
}

/** A shell line that reproduces a case folder's run (after `materialize`). */
export function shellLine(c: FuzzCase): string {
  const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return `node <repo>/dist/src/cli/main.js ${c.argv.map(q).join(' ')}`;
}
