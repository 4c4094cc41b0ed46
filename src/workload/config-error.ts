/**
 * Errors in user-supplied workload inputs (Hugging Face config.json objects, traces, model specs).
 * Each names the key path, what was expected and what was found, so that the caller (which knows
 * the file name) can print one actionable line.
 */

/** Describes a JSON-ish value for an error message: `-3`, `"abc"`, `null`, `nothing`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

/** A ready-made description of a found value, for when the value itself is not at hand. */
export class Found {
  /** @param text what was found, e.g. `end of file`, `an empty line` */
  constructor(readonly text: string) {}
}

/**
 * A malformed or unsupported input value. `keyPath` is where (`hidden_size`, `deps[2]`; empty for
 * the whole input), `expected` says what would be accepted, `got` describes what was found.
 * Message: `hidden_size: expected a positive integer, got -3`.
 */
export class ConfigError extends Error {
  /** Where in the input the problem is (dot/bracket path; empty for the input as a whole). */
  readonly keyPath: string;
  /** What would have been accepted, phrased to follow "expected". */
  readonly expected: string;
  /** What was found, already described (see {@link describeValue}). */
  readonly got: string;

  /**
   * @param keyPath where the problem is
   * @param expected what would be accepted
   * @param got the offending value (described with {@link describeValue}), or a {@link Found}
   */
  constructor(keyPath: string, expected: string, got: unknown) {
    const gotText = got instanceof Found ? got.text : describeValue(got);
    super(`${keyPath ? `${keyPath}: ` : ''}expected ${expected}, got ${gotText}`);
    this.name = 'ConfigError';
    this.keyPath = keyPath;
    this.expected = expected;
    this.got = gotText;
  }
}

/**
 * A problem on one line of a trace file (1-based `line`; the header is line 1).
 * Message: `line 7: deps[0]: expected the id of an earlier op, got "x"`.
 */
export class TraceError extends ConfigError {
  /** 1-based line number in the trace text. */
  readonly line: number;

  /** See {@link ConfigError}; `line` is the 1-based line of the trace text. */
  constructor(line: number, keyPath: string, expected: string, got: unknown) {
    super(keyPath, expected, got);
    this.name = 'TraceError';
    this.line = line;
    this.message = `line ${line}: ${this.message}`;
  }
}
