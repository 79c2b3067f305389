/**
 * The machinery of the API fuzz suite: the bad values tried, how a call is judged (a finite
 * result or a WorkbookError, in time, with no tensor left behind) and the tally.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError } from '../../src/lib/errors';

export type Args = unknown[];

/** One export's baseline: the arguments of a call that works, and what else the suite may do with it. */
export interface Entry {
  /** Arguments of a working call (constructor arguments for a class); built fresh for every call. */
  args?: () => Args | Promise<Args>;
  /** Why the export is not called at all (it needs the network, a GPU, minutes, or changes global state). */
  skip?: string;
  /** Why the export is called with its baseline only (not fuzzed). */
  baselineOnly?: string;
  /** Parameters (argument index as a string, or option key) that accept a huge value and would then run for long. */
  noHuge?: string[];
  /** Why a NaN in the result is documented (a missing value, a blank table cell), not a silent failure. */
  nanOk?: string;
  /** Parameters not fuzzed at all (e.g. a callback the test supplies), with no further reason needed than the key. */
  fixed?: string[];
  /** For a class whose constructor is not public: makes an instance (the constructor is then not called). */
  instance?: () => unknown | Promise<unknown>;
  /** Static methods: name → the arguments of a working call, or a reason string when not called. */
  statics?: Record<string, (() => Args | Promise<Args>) | string>;
  /** Class methods: name → the arguments of a working call on a fresh instance, or a reason string when not called. */
  methods?: Record<string, ((self: any) => Args | Promise<Args>) | string>;
  /** A per-call time limit other than TIME_LIMIT_MS, and why this export needs it. */
  timeLimit?: { ms: number; why: string };
}

export interface Tally {
  calls: number;
  ok: number;
  clear: number;
  unclear: string[];
  crashes: string[];
  nans: string[];
  leaks: string[];
  hangs: string[];
  skipped: string[];
}

export const newTally = (): Tally => ({
  calls: 0,
  ok: 0,
  clear: 0,
  unclear: [],
  crashes: [],
  nans: [],
  leaks: [],
  hangs: [],
  skipped: [],
});

/** A bad value, made fresh per call (tensors are created before the leak snapshot and freed after). */
export interface Bad {
  label: string;
  make: (baseline: unknown) => unknown;
}

const isTensor = (v: unknown): v is tf.Tensor => v instanceof tf.Tensor;

/** The bad values tried in place of one parameter or option. */
export function badValues(baseline: unknown, allowHuge: boolean): Bad[] {
  const out: Bad[] = [
    { label: 'undefined', make: () => undefined },
    { label: 'null', make: () => null },
    { label: 'NaN', make: () => NaN },
    { label: 'Infinity', make: () => Infinity },
    { label: '-Infinity', make: () => -Infinity },
    { label: '-1', make: () => -1 },
    { label: '0', make: () => 0 },
    { label: 'wrong type (string)', make: () => 'oops' },
    { label: 'wrong type (object)', make: () => ({ oops: 1 }) },
    { label: 'empty array', make: () => [] },
    { label: 'empty string', make: () => '' },
  ];
  if (allowHuge) out.push({ label: 'huge', make: () => 1e300 });
  if (isTensor(baseline)) {
    out.push({
      label: 'wrong-rank tensor',
      make: (b) => ((b as tf.Tensor).rank === 1 ? tf.zeros([2, 2, 2]) : tf.zeros([2])),
    });
    out.push({ label: 'NaN-filled tensor', make: (b) => tf.fill((b as tf.Tensor).shape, NaN, 'float32') });
    out.push({ label: 'empty tensor', make: (b) => tf.zeros([0, ...(b as tf.Tensor).shape.slice(1)]) });
  }
  if (Array.isArray(baseline) && baseline.length && typeof baseline[0] === 'number')
    out.push({ label: 'array with NaN', make: (b) => (b as number[]).map((v, i) => (i === 0 ? NaN : v)) });
  return out;
}

/** A plain options object (not an array, tensor, model or class instance). */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Everything disposable in a value (tensors, models, optimizers), a few levels deep. */
export function disposables(v: unknown, depth = 4, seen = new Set<unknown>()): Array<{ dispose(): void }> {
  if (v === null || typeof v !== 'object' || seen.has(v) || depth < 0) return [];
  seen.add(v);
  if (isTensor(v) || v instanceof tf.LayersModel || v instanceof tf.Optimizer) return [v as { dispose(): void }];
  if (ArrayBuffer.isView(v)) return [];
  const values = Array.isArray(v)
    ? v.slice(0, 2000)
    : v instanceof Map
      ? [...v.values()]
      : Object.getPrototypeOf(v) === Object.prototype
        ? Object.values(v)
        : [];
  return values.flatMap((x) => disposables(x, depth - 1, seen));
}

export function disposeAll(items: Array<{ dispose(): void }>, except = new Set<unknown>()): void {
  for (const d of items) {
    if (except.has(d)) continue;
    try {
      if (isTensor(d) && d.isDisposed) continue;
      d.dispose();
    } catch {
      // a model whose weights the call already freed, or one disposed twice: nothing left to free
    }
  }
}

/** The path of a NaN in a result (numbers, arrays, typed arrays, small tensors, plain objects), or null. */
export function findNaN(v: unknown, path = 'result', depth = 4, seen = new Set<unknown>()): string | null {
  if (typeof v === 'number') return Number.isNaN(v) ? path : null;
  if (v === null || typeof v !== 'object' || depth < 0 || seen.has(v)) return null;
  seen.add(v);
  if (isTensor(v)) {
    if (v.isDisposed || v.size > 100_000 || v.dtype === 'string') return null;
    const data = v.dataSync();
    for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return `${path} (tensor)`;
    return null;
  }
  if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < Math.min(a.length, 100_000); i++) if (Number.isNaN(a[i])) return `${path}[${i}]`;
    return null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < Math.min(v.length, 2000); i++) {
      const p = findNaN(v[i], `${path}[${i}]`, depth - 1, seen);
      if (p) return p;
    }
    return null;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return null;
  for (const [k, x] of Object.entries(v)) {
    const p = findNaN(x, `${path}.${k}`, depth - 1, seen);
    if (p) return p;
  }
  return null;
}

/** The per-call time limit, unless a registry row states its own (Entry.timeLimit). */
export const TIME_LIMIT_MS = 20_000;

/**
 * For calls that start worker threads (fitDataParallel, fitPipeline): every call that passes
 * validation starts a worker, which loads tfjs and the wasm backend before it trains, and on a
 * machine shared with other jobs that start alone has come close to the 20 s default.
 */
export const WORKER_START_LIMIT = { ms: 60_000, why: 'starts worker threads on every call that passes validation' };

/** Awaits a call's result within the time limit (a synchronous call that runs long is timed after the fact). */
export async function settle(
  run: () => unknown,
  limitMs = TIME_LIMIT_MS,
): Promise<{ value?: unknown; error?: unknown; hung?: boolean; ms: number; limitMs: number }> {
  const started = Date.now();
  try {
    let value = run();
    if (value instanceof Promise) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(HUNG), limitMs)));
      value = await Promise.race([value, timeout]);
      clearTimeout(timer);
      if (value === HUNG) return { hung: true, ms: Date.now() - started, limitMs };
    }
    return { value, ms: Date.now() - started, hung: Date.now() - started > limitMs, limitMs };
  } catch (error) {
    return { error, ms: Date.now() - started, hung: Date.now() - started > limitMs, limitMs };
  }
}
const HUNG = Symbol('hung');

/**
 * Whether a WorkbookError names the parameter that was changed: one of `names` appears as a whole
 * word (not inside a longer name: `b` is not named by "batch") in its parameter field or message.
 */
export function namesParameter(error: WorkbookError, names: string[]): boolean {
  const text = `${error.parameter} ${error.message}`.toLowerCase();
  return names.some((n) => {
    const at = (from: number): number => text.indexOf(n.toLowerCase(), from);
    for (let i = at(0); i >= 0; i = at(i + 1)) {
      const before = text[i - 1] ?? ' ';
      const after = text[i + n.length] ?? ' ';
      if (!/[a-z0-9_$]/.test(before) && !/[a-z0-9_$]/.test(after)) return true;
    }
    return false;
  });
}

/**
 * The parameter names of a function or class constructor, read from its compiled source; a rest
 * parameter keeps its `...` so the suite can name `hooks[1]` for the second of `...hooks`.
 */
export function parameterNames(fn: Function): string[] {
  const src = Function.prototype.toString.call(fn);
  const m = /^class\b/.test(src) ? src.match(/constructor\s*\(([^)]*)\)/) : src.match(/^[^(]*\(([^)]*)\)/);
  if (!m) return [];
  return m[1]
    .split(',')
    .map((p) => p.trim().split(/[\s=]/)[0])
    .filter(Boolean);
}

/** The names an error about argument i may use: its own, or for a rest parameter `rest[j]` and `rest`. */
export function argumentNames(names: string[], i: number): { label: string; accepted: string[] } {
  const rest = names.findIndex((n) => n.startsWith('...'));
  if (rest >= 0 && i >= rest) {
    const base = names[rest].slice(3);
    return { label: `${base}[${i - rest}]`, accepted: [`${base}[${i - rest}]`, base] };
  }
  const name = names[i] ?? `argument ${i}`;
  return { label: name, accepted: [name] };
}

/**
 * A generator from rng() (every value a method) is passed whole, not opened key by key like an
 * options object: replacing its `next` with NaN tests nothing a bad generator does not.
 */
export function isMethodRecord(v: Record<string, unknown>): boolean {
  const values = Object.values(v);
  return values.length >= 2 && values.every((x) => typeof x === 'function');
}

/** A parameter that holds options (its keys must be named) rather than a record such as a QuantisedTensor. */
export const isOptionsParameter = (name: string): boolean => /^(options|opts|o|config|spec)$/i.test(name);

export function summaryLine(t: Tally): string {
  return `API fuzz: ${t.calls} calls, ${t.ok} succeeded, ${t.clear} clear errors (${t.unclear.length} not naming the parameter), ${t.crashes.length} crashes, ${t.nans.length} silent NaN, ${t.leaks.length} leaks, ${t.hangs.length} hangs, ${t.skipped.length} exports/methods skipped`;
}

export { WorkbookError };
