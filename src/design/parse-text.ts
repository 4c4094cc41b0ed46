/**
 * Turning the text of a design or config file into a plain value, with errors that name the file
 * and the line: YAML for `.yaml`/`.yml` (and anything else), strict JSON for `.json`. Both refuse
 * duplicate keys, naming the key path. Messages do not depend on the Node version: JSON is read by
 * the small parser below rather than JSON.parse, whose messages differ between V8 releases.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { InputError } from './design-error.js';

/** Nesting depth beyond which a file is refused (deeper input would overflow the stack). */
const MAX_DEPTH = 256;

/** The 1-based line and column of character offset `pos` in `text`. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

/** Parses `text` as YAML if `file` does not end in `.json`, else as strict JSON. */
export function parseDataText(text: string, file: string): unknown {
  return /\.json$/i.test(file) ? parseJsonText(text, file) : parseYamlText(text, file);
}

/**
 * Parses YAML (JSON is YAML too) into a plain value. Syntax errors, duplicate keys, nesting
 * deeper than 256 levels, several documents and alias bombs are InputErrors naming the file and
 * the line. Duplicate keys are found by one pass over the document (the yaml package's own
 * `uniqueKeys` check compares every key of a mapping with every other: minutes for 100,000 keys).
 */
export function parseYamlText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const { line } = lineColumn(text, e.pos[0]);
    if (/call stack/i.test(e.message)) throw new InputError(file, '', `malformed YAML at line ${line}: expected at most ${MAX_DEPTH} levels of nesting`);
    throw new InputError(file, '', `malformed YAML at line ${line}: ${e.message.split('\n')[0]}`);
  }
  const dup = findDuplicateKey(doc.contents, text);
  if (dup?.collectionKey) throw new InputError(file, dup.path, `a mapping, list or tagged value (!!binary, !!timestamp) used as a key at line ${dup.line}; expected plain keys (names)`);
  if (dup) throw new InputError(file, dup.path, dup.line > 0 ? `duplicate key at line ${dup.line}; expected each key once` : dup.message);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const message = (e as Error).message;
    if (/call stack/i.test(message)) throw new InputError(file, '', `malformed YAML: expected at most ${MAX_DEPTH} levels of nesting`);
    throw new InputError(file, '', `malformed YAML: ${message.split('\n')[0]}`);
  }
}

/**
 * The first key that appears twice in one mapping (its dot path and line), a key that is itself a
 * mapping or list (`collectionKey`), or a nesting deeper than MAX_DEPTH (line 0 and a message), or
 * null; one pass, a set of keys per mapping.
 */
function findDuplicateKey(root: unknown, text: string): { path: string; line: number; message: string; collectionKey?: boolean } | null {
  const stack: { node: unknown; path: string[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) return { path: '', line: 0, message: `malformed YAML: expected at most ${MAX_DEPTH} levels of nesting` };
    if (isMap(node)) {
      const seen = new Set<string>();
      const children: { node: unknown; path: string[] }[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        // A mapping or list as a key (`? [a, b]`) has no place in a design; the yaml package would
        // stringify it and print a process warning.
        const scalarObject = isScalar(key) && key.value !== null && typeof key.value === 'object'; // a !!binary or !!timestamp key
        if (isMap(key) || isSeq(key) || scalarObject) return { path: path.join('.'), line: lineColumn(text, key.range?.[0] ?? 0).line, message: '', collectionKey: true };
        const name = isScalar(key) ? String(key.value) : key === null ? '' : String(key);
        if (seen.has(name)) return { path: [...path, name].join('.'), line: lineColumn(text, key?.range?.[0] ?? 0).line, message: '' };
        seen.add(name);
        children.push({ node: pair.value, path: [...path, name] });
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], path: [...path, String(i)] });
    }
  }
  return null;
}

/** A JSON syntax problem at a character offset. */
class JsonSyntaxError extends Error {
  constructor(
    readonly pos: number,
    message: string,
    readonly keyPath = '',
  ) {
    super(message);
  }
}

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas, no single quotes) into a plain
 * value. A syntax error names the line and what was expected; a duplicate key names its path.
 */
export function parseJsonText(text: string, file: string): unknown {
  const p = new JsonParser(text);
  try {
    p.skipWs();
    if (p.i >= text.length) throw new JsonSyntaxError(p.i, 'expected a JSON value, got an empty file');
    const v = p.value(0, []);
    p.skipWs();
    if (p.i < text.length) throw new JsonSyntaxError(p.i, `expected the end of the file after the JSON value, got ${p.describeHere()}`);
    return v;
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const { line, column } = lineColumn(text, e.pos);
    if (e.keyPath) throw new InputError(file, e.keyPath, `duplicate key at line ${line}; expected each key once`);
    throw new InputError(file, '', `malformed JSON at line ${line}, column ${column}: ${e.message}`);
  }
}

class JsonParser {
  i = 0;
  constructor(private readonly s: string) {}

  skipWs(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  /** What is at the cursor, for a message: `"}"`, `end of file`. */
  describeHere(): string {
    if (this.i >= this.s.length) return 'end of file';
    return JSON.stringify(this.s[this.i]);
  }

  private fail(expected: string): never {
    throw new JsonSyntaxError(this.i, `expected ${expected}, got ${this.describeHere()}`);
  }

  value(depth: number, path: string[]): unknown {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.i, `expected at most ${MAX_DEPTH} levels of nesting`);
    this.skipWs();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth, path);
    if (c === '[') return this.array(depth, path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail('a JSON value');
  }

  private object(depth: number, path: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.i++;
    this.skipWs();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s[this.i] !== '"') this.fail('a quoted key');
      const keyPos = this.i;
      const key = this.string();
      if (seen.has(key)) throw new JsonSyntaxError(keyPos, 'duplicate key', [...path, key].join('.'));
      seen.add(key);
      this.skipWs();
      if (this.s[this.i] !== ':') this.fail('":" after a key');
      this.i++;
      Object.defineProperty(out, key, { value: this.value(depth + 1, [...path, key]), enumerable: true, writable: true, configurable: true });
      this.skipWs();
      if (this.s[this.i] === ',') {
        this.i++;
        this.skipWs();
        if (this.s[this.i] === '}') this.fail('another key after "," (JSON allows no trailing comma)');
        continue;
      }
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      this.fail('"," or "}"');
    }
  }

  private array(depth: number, path: string[]): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.skipWs();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1, [...path, String(out.length)]));
      this.skipWs();
      if (this.s[this.i] === ',') {
        this.i++;
        this.skipWs();
        if (this.s[this.i] === ']') this.fail('another value after "," (JSON allows no trailing comma)');
        continue;
      }
      if (this.s[this.i] === ']') {
        this.i++;
        return out;
      }
      this.fail('"," or "]"');
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new JsonSyntaxError(start, 'expected a closing quote for the string that starts here, got end of file');
      const c = this.s[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.i++;
          this.fail('an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('a closing quote (a string cannot span lines or hold control characters)');
      out += c;
      this.i++;
    }
  }

  private number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail('a number');
    const next = this.s[this.i + m[0].length];
    if (next !== undefined && /[0-9A-Za-z.+\-_]/.test(next)) {
      this.i += m[0].length;
      this.fail('a delimiter after the number');
    }
    this.i += m[0].length;
    return Number(m[0]);
  }
}
