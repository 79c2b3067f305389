/**
 * One error type for every bad argument, so a user sees which function, which parameter,
 * what they gave and what is accepted, before anything reaches TF.js.
 */
export class WorkbookError extends Error {
  constructor(
    readonly where: string,
    readonly parameter: string,
    readonly given: unknown,
    readonly accepted: string,
    detail?: string,
  ) {
    super(detail ?? `${where}: ${parameter} ${show(given)} is invalid; accepted: ${accepted}`);
    this.name = 'WorkbookError';
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v))
    return v.length > 8 ? `[${v.slice(0, 8).map(show).join(', ')}, … (${v.length})]` : `[${v.map(show).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    const name = v.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return String(v);
}

/** Throws a WorkbookError unless `ok`. */
export function check(ok: boolean, where: string, parameter: string, given: unknown, accepted: string): void {
  if (!ok) throw new WorkbookError(where, parameter, given, accepted);
}

/** Checks lo <= value <= hi (a finite number). */
export function checkRange(where: string, parameter: string, value: unknown, lo: number, hi: number): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= lo && value <= hi;
  check(ok, where, parameter, value, `a number in [${lo}, ${hi}]`);
}

/** Checks an integer in [lo, hi] (a safe integer: 1e300 is no count). */
export function checkInt(where: string, parameter: string, value: unknown, lo: number, hi = Infinity): void {
  const ok = typeof value === 'number' && Number.isSafeInteger(value) && value >= lo && value <= hi;
  check(ok, where, parameter, value, `an integer in [${lo}, ${hi === Infinity ? '∞' : hi}]`);
}

/** Checks value is one of the listed options. */
export function checkOneOf<T>(
  where: string,
  parameter: string,
  value: unknown,
  options: readonly T[],
): asserts value is T {
  check(
    Array.isArray(options) && options.length > 0,
    'checkOneOf',
    'options',
    options,
    'a non-empty array of accepted values',
  );
  check(
    options.includes(value as T),
    where,
    parameter,
    value,
    `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
  );
}
