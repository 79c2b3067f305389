/**
 * Argument checks shared by every public function, so bad input fails at the edge (before any
 * tensor or optimizer exists) with one error type naming the function, the parameter, the value
 * given and what is accepted.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check, checkInt } from './errors';
import { isRng } from './random';

/** Edit distance (Levenshtein), for "did you mean" suggestions on misspelt option keys. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(
        prev[j] + 1,
        prev[j - 1] + 1,
        diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1),
      );
      diag = up;
    }
  }
  return prev[b.length];
}

/** The known name closest to `given` (ties: the first listed). */
export function closest(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    // A prefix ("restoreBest" for "restoreBestWeights") counts as close whatever its length.
    const d =
      k.toLowerCase().startsWith(given.toLowerCase()) || given.toLowerCase().startsWith(k.toLowerCase())
        ? 0.5
        : editDistance(given, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof tf.Tensor);

/**
 * An options object or undefined (→ {}); null, arrays and primitives are refused, and so is any key
 * not in `known` (a typo would otherwise be ignored silently), with the closest known key suggested.
 */
export function checkOptions<T>(
  where: string,
  options: T | undefined,
  known: readonly string[],
  parameter = 'options',
): T {
  if (options === undefined) return {} as T;
  if (!isPlainObject(options)) throw new WorkbookError(where, parameter, options, 'an options object or undefined');
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    const accepted = known.length ? `one of ${known.map((k) => `\`${k}\``).join(', ')}` : 'no options';
    throw new WorkbookError(
      where,
      parameter,
      key,
      accepted,
      `${where}: unknown option \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ''}; accepted: ${accepted}`,
    );
  }
  return options;
}

/** A seed: undefined (the global seed), an integer, or a generator made by random.ts's rng(). */
export function checkSeed(where: string, seed: unknown, parameter = 'seed'): void {
  if (seed === undefined || isRng(seed)) return;
  check(
    typeof seed === 'number' && Number.isSafeInteger(seed),
    where,
    parameter,
    seed,
    'an integer or a generator from rng()',
  );
}

/** A value that must be given. */
export function checkRequired(where: string, parameter: string, value: unknown, accepted = 'a value'): void {
  check(value !== undefined && value !== null, where, parameter, value, accepted);
}

/** An integer ≥ 1 (a count, a size). */
export function checkPositiveInt(
  where: string,
  parameter: string,
  value: unknown,
  max = Number.MAX_SAFE_INTEGER,
): void {
  checkInt(where, parameter, value, 1, max);
}

/** A finite number (optionally in [lo, hi]). */
export function checkFinite(where: string, parameter: string, value: unknown, lo = -Infinity, hi = Infinity): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= lo && value <= hi;
  check(
    ok,
    where,
    parameter,
    value,
    lo === -Infinity && hi === Infinity ? 'a finite number' : `a finite number in [${lo}, ${hi}]`,
  );
}

export function checkFunction(where: string, parameter: string, value: unknown): void {
  check(
    typeof value === 'function',
    where,
    parameter,
    typeof value === 'object' ? describeValue(value) : value,
    'a function',
  );
}

export function checkString(where: string, parameter: string, value: unknown, nonEmpty = true): void {
  check(
    typeof value === 'string' && (!nonEmpty || value.length > 0),
    where,
    parameter,
    value,
    nonEmpty ? 'a non-empty string' : 'a string',
  );
}

export function checkBoolean(where: string, parameter: string, value: unknown): void {
  check(typeof value === 'boolean', where, parameter, value, 'true or false');
}

/** A non-empty array (of numbers when `numbers`, finite ones). */
export function checkArray(
  where: string,
  parameter: string,
  value: unknown,
  opts: { nonEmpty?: boolean; numbers?: boolean } = {},
): void {
  const { nonEmpty = true, numbers = false } = opts;
  const ok =
    (Array.isArray(value) || ArrayBuffer.isView(value)) && (!nonEmpty || (value as ArrayLike<unknown>).length > 0);
  check(ok, where, parameter, describeValue(value), nonEmpty ? 'a non-empty array' : 'an array');
  if (numbers) {
    const arr = value as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++)
      check(
        typeof arr[i] === 'number' && Number.isFinite(arr[i] as number),
        where,
        `${parameter}[${i}]`,
        arr[i],
        'a finite number',
      );
  }
}

export interface TensorSpec {
  /** Accepted ranks (one or several). */
  rank?: number | readonly number[];
  dtype?: tf.DataType | readonly tf.DataType[];
  /** Reads the values and refuses NaN/±Infinity. */
  finite?: boolean;
  /** At least one row (shape[0] ≥ 1) and no zero-size dimension. */
  nonEmpty?: boolean;
}

/** A live tf.Tensor of the expected rank/dtype (and finite values when asked). */
export function checkTensor(
  where: string,
  parameter: string,
  t: unknown,
  spec: TensorSpec = {},
): asserts t is tf.Tensor {
  check(t instanceof tf.Tensor, where, parameter, describeValue(t), 'a tf.Tensor');
  const x = t as tf.Tensor;
  check(!x.isDisposed, where, parameter, 'a disposed tensor', 'a live tf.Tensor');
  if (spec.rank !== undefined) {
    const ranks = typeof spec.rank === 'number' ? [spec.rank] : spec.rank;
    check(
      ranks.includes(x.rank),
      where,
      `${parameter} rank`,
      `${x.rank} (shape [${x.shape}])`,
      `rank ${ranks.join(' or ')}`,
    );
  }
  if (spec.dtype !== undefined) {
    const dtypes = typeof spec.dtype === 'string' ? [spec.dtype] : spec.dtype;
    check(dtypes.includes(x.dtype), where, `${parameter} dtype`, x.dtype, dtypes.join(' or '));
  }
  if (spec.nonEmpty !== false)
    check(x.size > 0, where, parameter, `shape [${x.shape}]`, 'a tensor with at least one element');
  if (spec.finite) {
    const values = x.dataSync();
    for (let i = 0; i < values.length; i++)
      if (!Number.isFinite(values[i]))
        throw new WorkbookError(where, parameter, `a tensor holding ${values[i]}`, 'finite values');
  }
}

/** A tf.LayersModel (not disposed). */
export function checkModel(where: string, parameter: string, model: unknown): asserts model is tf.LayersModel {
  check(model instanceof tf.LayersModel, where, parameter, describeValue(model), 'a tf.LayersModel');
}

/** A short description of a value for error messages (no huge dumps of arrays or objects). */
export function describeValue(v: unknown): unknown {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (v instanceof tf.Tensor) return `a tensor of shape [${v.shape}]`;
  if (Array.isArray(v)) return v.length > 6 ? `an array of ${v.length}` : v;
  return `a ${v.constructor?.name ?? 'object'}`;
}

/** A finite number (NaN and ±Infinity would only come back as NaN). */
export function checkNumber(where: string, parameter: string, value: unknown): void {
  check(typeof value === 'number' && Number.isFinite(value), where, parameter, value, 'a finite number');
}

/** A generator made by rng(). */
export function checkRng(where: string, parameter: string, value: unknown): void {
  check(isRng(value), where, parameter, describeValue(value), 'a generator from rng()');
}

/** An object (an array, a tensor or a plain object: not null, not a primitive); the shape is the caller's business. */
export function checkObject(where: string, parameter: string, value: unknown, accepted = 'an object'): void {
  check(
    (typeof value === 'object' && value !== null) || typeof value === 'function',
    where,
    parameter,
    describeValue(value),
    accepted,
  ); // functions too: some parameters take an array or a predicate
}

/** A danfo DataFrame (duck-typed: columns and shape), without importing danfo here. */
export function checkDataFrame(where: string, parameter: string, value: unknown): void {
  const df = value as { columns?: unknown; shape?: unknown } | null;
  check(
    typeof df === 'object' && df !== null && Array.isArray(df.columns) && Array.isArray(df.shape),
    where,
    parameter,
    describeValue(value),
    'a DataFrame',
  );
}

export function checkMap(where: string, parameter: string, value: unknown): void {
  check(value instanceof Map, where, parameter, describeValue(value), 'a Map');
}

/** Row indices into n rows: integers in [0, n). */
export function checkIndices(where: string, parameter: string, indices: unknown, n: number, rowsOf?: string): void {
  checkArray(where, parameter, indices);
  const a = indices as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++)
    check(
      Number.isInteger(a[i]) && (a[i] as number) >= 0 && (a[i] as number) < n,
      where,
      `${parameter}[${i}]`,
      a[i],
      `a row index in [0, ${n - 1}]${rowsOf ? ` (${rowsOf} has ${n} rows)` : ''}`,
    );
}

/** A plotly figure spec ({ data: [...], layout: {...} }) as the plot builders make. */
export function checkFigure(where: string, parameter: string, figure: unknown): void {
  const f = figure as { data?: unknown; layout?: unknown } | null;
  check(
    typeof f === 'object' && f !== null && Array.isArray(f.data) && typeof f.layout === 'object' && f.layout !== null,
    where,
    parameter,
    describeValue(figure),
    'a figure { data: [...], layout: {...} } from a plot builder',
  );
}

/** x fits the model's input: rank and every fixed dimension after the batch one. */
export function checkModelInput(where: string, parameter: string, model: tf.LayersModel, x: tf.Tensor): void {
  const shape = model.inputs[0]?.shape;
  if (!shape) return;
  const ok = x.rank === shape.length && shape.every((d, i) => i === 0 || d === null || d === x.shape[i]);
  check(
    ok,
    where,
    `${parameter} shape`,
    `[${x.shape}]`,
    `[N, ${shape
      .slice(1)
      .map((d) => d ?? '*')
      .join(', ')}] (the model's input)`,
  );
}

/**
 * On a non-finite loss: names the input that holds a NaN or ±Infinity (reading the tensors back
 * only on this failure path, never per batch), so the error blames x or y rather than the loss.
 */
export function blameNonFinite(where: string, tensors: Record<string, tf.Tensor>): void {
  for (const [name, t] of Object.entries(tensors))
    if (t instanceof tf.Tensor && !t.isDisposed && t.dtype !== 'string')
      checkTensor(where, name, t, { nonEmpty: false, finite: true });
}
