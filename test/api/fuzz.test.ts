/**
 * The API fuzz suite: every export of every entry point in package.json `exports` (found at run
 * time, so a new export or subpath is covered the day it appears) is called with a working
 * baseline from registry.ts, then with one bad value at a time in place of each argument and each
 * option, plus a misspelt option key. Every call must succeed with a result free of NaN or throw a
 * WorkbookError that names the changed parameter (or option key) as a whole word, within the
 * time limit, leaving tf.memory().numTensors where it was. An export without a registry entry
 * fails the suite. FUZZ_ONLY=regex limits it to some exports, FUZZ_VERBOSE=1 lists the skipped
 * ones and the slowest, FUZZ_REPORT=file.json writes the whole tally.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../helpers';
import {
  Args,
  Entry,
  Tally,
  WorkbookError,
  badValues,
  disposables,
  disposeAll,
  findNaN,
  argumentNames,
  isMethodRecord,
  isOptionsObject,
  isOptionsParameter,
  namesParameter,
  newTally,
  parameterNames,
  settle,
  summaryLine,
} from './fuzz-harness';
import { entryFor, sharedMethods } from './registry';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = require(path.join(root, 'package.json')) as { exports: Record<string, string> };

/** [subpath, export name, value] for every function or class exported (namespaces other than tf opened one level). */
function allExports(): Array<[string, string, Function]> {
  const out: Array<[string, string, Function]> = [];
  for (const [subpath, file] of Object.entries(pkg.exports)) {
    if (!file.endsWith('.js') || file.includes('*')) continue; // ./experiments/*: notebook harnesses, not API
    const mod = require(path.join(root, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name === 'tf') continue; // TF.js itself, re-exported for notebooks
      if (typeof value === 'function') out.push([subpath, name, value]);
      else if (value && typeof value === 'object' && !Array.isArray(value) && !entryFor(subpath, name)?.skip) {
        for (const [inner, v] of Object.entries(value))
          if (typeof v === 'function') out.push([subpath, `${name}.${inner}`, v as Function]);
      }
    }
  }
  return out;
}

const isClass = (f: Function) => /^class\b/.test(Function.prototype.toString.call(f));

/** Public method names of a class (own and inherited), in prototype order. */
function methodNames(cls: Function): string[] {
  const names: string[] = [];
  for (let p = cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, n)!;
      if (n !== 'constructor' && !n.startsWith('_') && typeof d.value === 'function' && !names.includes(n))
        names.push(n);
    }
  }
  return names;
}

interface Case {
  label: string;
  /** Names the error should mention (the changed parameter). */
  names: string[];
  /** Builds the call's arguments and instance (all inside the leak snapshot) and runs it. */
  run: () => Promise<{ outcome: Awaited<ReturnType<typeof settle>>; owned: unknown[] }>;
}

async function judge(c: Case, t: Tally, expectOk: boolean, nanOk = false): Promise<void> {
  const before = tf.memory().numTensors;
  let outcome: Awaited<ReturnType<typeof settle>>;
  let owned: unknown[] = [];
  try {
    ({ outcome, owned } = await c.run());
  } catch (error) {
    outcome = { error, ms: 0, limitMs: 0 }; // building the arguments failed: the registry's fault, reported as a crash
  }
  t.calls++;
  if (outcome.hung) t.hangs.push(`${c.label}: over the time limit of ${outcome.limitMs} ms (${outcome.ms} ms)`);
  if ('error' in outcome && outcome.error !== undefined) {
    const e = outcome.error;
    if (e instanceof WorkbookError && !expectOk) {
      t.clear++;
      if (!namesParameter(e, c.names)) t.unclear.push(`${c.label}: ${e.message} [parameter: ${e.parameter}]`);
    } else t.crashes.push(`${c.label}: ${e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e)}`);
  } else {
    t.ok++;
    const nan = findNaN(outcome.value);
    if (nan && !nanOk) t.nans.push(`${c.label}: NaN at ${nan}`);
  }
  const value = outcome.value as { dispose?: () => void } | undefined;
  const extra =
    value &&
    typeof value === 'object' &&
    !(value instanceof tf.Tensor) &&
    !(value instanceof tf.LayersModel) &&
    typeof value.dispose === 'function'
      ? [{ dispose: () => value.dispose!() }]
      : [];
  // An owned wrapper { dispose } (a per-call class instance) is disposed itself: disposables() only
  // looks into plain objects for tensors, so such an instance used to be left alive (2 tensors per Word2Vec call).
  const ownedDisposables = owned.flatMap((o) =>
    isOptionsObject(o) && typeof o.dispose === 'function' ? [o as { dispose(): void }] : disposables(o),
  );
  disposeAll([...extra, ...disposables(outcome.value), ...ownedDisposables]);
  const after = tf.memory().numTensors;
  if (after !== before) t.leaks.push(`${c.label}: ${after - before} tensors`);
}

/** The cases for one call shape: baseline, then each argument and each option replaced by each bad value. */
function cases(
  label: string,
  names: string[],
  makeArgs: () => Promise<Args>,
  call: (args: Args) => unknown,
  entry: Entry,
  extraOwned: () => unknown[] = () => [],
): { baseline: Case; bad: (args: Args) => Case[] } {
  const noHuge = new Set(entry.noHuge ?? []);
  const fixed = new Set(entry.fixed ?? []);
  const mk = (caseLabel: string, caseNames: string[], change: (args: Args) => void): Case => ({
    label: caseLabel,
    names: caseNames,
    run: async () => {
      const args = await makeArgs();
      // The values a bad one replaces are still ours to free (a dropped baseline tensor is no leak of the call).
      const originals = args.map((a) => (isOptionsObject(a) ? { ...a } : a));
      change(args);
      const outcome = await settle(() => call(args), entry.timeLimit?.ms);
      return { outcome, owned: [args, originals, ...extraOwned()] };
    },
  });
  const baseline = mk(`${label} baseline`, [], () => {});
  const bad = (sample: Args): Case[] => {
    const out: Case[] = [];
    if (process.env.FUZZ_BASELINE_ONLY) return out;
    sample.forEach((value, i) => {
      const { label: pname, accepted } = argumentNames(names, i);
      const opened = isOptionsObject(value) && !isMethodRecord(value);
      // A whole options object replaced: an error naming a required key it now lacks, or the
      // unknown key of the wrong-type object ({ oops: 1 }), names the problem as well as `options` does.
      const wholeNames = opened ? [...accepted, ...Object.keys(value), 'oops'] : accepted;
      if (!fixed.has(String(i))) {
        for (const b of badValues(value, !noHuge.has(String(i)))) {
          out.push(mk(`${label}(${pname} = ${b.label})`, wholeNames, (args) => (args[i] = b.make(args[i]))));
        }
      }
      if (opened) {
        // A record argument (a QuantisedTensor, a dataset { texts, labels }) may be named as a whole.
        const keyNames = (key: string) => (isOptionsParameter(pname) ? [key] : [key, ...accepted]);
        for (const key of Object.keys(value)) {
          if (fixed.has(key)) continue;
          for (const b of badValues(value[key], !noHuge.has(key))) {
            out.push(
              mk(`${label}(${pname}.${key} = ${b.label})`, keyNames(key), (args) => {
                const o = args[i] as Record<string, unknown>;
                args[i] = { ...o, [key]: b.make(o[key]) };
              }),
            );
          }
        }
        const keys = Object.keys(value);
        const typo = keys.length ? `${keys[0].slice(0, -1)}` : 'colour';
        out.push(
          // A record missing a field it needs may be named as a whole; an options typo must name the key.
          mk(`${label}(${pname} with unknown key \`${typo}\`)`, keyNames(typo), (args) => {
            const o = { ...(args[i] as Record<string, unknown>) };
            if (keys.length) {
              o[typo] = o[keys[0]];
              delete o[keys[0]];
            } else o[typo] = 1;
            args[i] = o;
          }),
        );
      }
    });
    return out;
  };
  return { baseline, bad };
}

async function fuzzExport(subpath: string, name: string, fn: Function, t: Tally): Promise<void> {
  const entry = entryFor(subpath, name);
  const label = `${subpath === '.' ? '' : `${subpath}#`}${name}`;
  if (!entry) {
    t.crashes.push(`${label}: no entry in test/api/registry.ts (every export needs a working baseline call)`);
    return;
  }
  if (entry.skip) {
    t.skipped.push(`${label}: ${entry.skip}`);
    return;
  }
  const cls = isClass(fn);
  const makeArgs = async () => [...(entry.args ? await entry.args() : [])];
  const construct = (args: Args) =>
    entry.instance ? entry.instance() : new (fn as new (...a: unknown[]) => unknown)(...args);
  const call = (args: Args) => (cls ? construct(args) : (fn as (...a: unknown[]) => unknown)(...args));
  if (!entry.instance) {
    const shape = cases(label, parameterNames(fn), makeArgs, call, entry);
    await judge(shape.baseline, newTally(), true); // warm-up: lazily created constants are allowed once
    await judge(shape.baseline, t, true, !!entry.nanOk);
    if (!entry.baselineOnly) {
      const sample = await makeArgs();
      for (const c of shape.bad(sample)) await judge(c, t, false, !!entry.nanOk);
      disposeAll(disposables(sample));
    } else t.skipped.push(`${label} fuzzing: ${entry.baselineOnly}`);
  }
  if (!cls) return;
  for (const name of Object.getOwnPropertyNames(fn).filter(
    (n) => !['length', 'name', 'prototype'].includes(n) && typeof (fn as any)[n] === 'function',
  )) {
    const spec = entry.statics?.[name];
    const slabel = `${label}.${name}`;
    if (spec === undefined) {
      t.crashes.push(`${slabel}: no static entry in test/api/registry.ts`);
      continue;
    }
    if (typeof spec === 'string') {
      t.skipped.push(`${slabel}: ${spec}`);
      continue;
    }
    const sshape = cases(
      slabel,
      parameterNames((fn as any)[name]),
      async () => [...(await spec())],
      (args) => (fn as any)[name](...args),
      entry,
    );
    await judge(sshape.baseline, newTally(), true);
    await judge(sshape.baseline, t, true);
    const sample = await spec();
    for (const c of sshape.bad([...sample])) await judge(c, t, false);
    disposeAll(disposables(sample));
  }
  for (const method of methodNames(fn)) {
    const spec = entry.methods?.[method] ?? sharedMethods[method];
    const mlabel = `${label}#${method}`;
    if (spec === undefined) {
      t.crashes.push(`${mlabel}: no method entry in test/api/registry.ts`);
      continue;
    }
    if (typeof spec === 'string') {
      t.skipped.push(`${mlabel}: ${spec}`);
      continue;
    }
    let instance: any;
    let ctorArgs: Args = [];
    const makeMethodArgs = async () => {
      ctorArgs = await makeArgs();
      instance = await call(ctorArgs);
      return [...(await spec(instance))];
    };
    let probe: Args;
    try {
      probe = await makeMethodArgs();
    } catch (e) {
      t.crashes.push(`${mlabel}: the registry's instance or arguments failed: ${(e as Error).message}`);
      continue;
    }
    const names = parameterNames(instance[method]);
    disposeAll([...disposables(probe), ...disposables(ctorArgs)]);
    if (typeof instance?.dispose === 'function') instance.dispose();
    const owned = () =>
      [
        ctorArgs,
        instance && typeof instance.dispose === 'function' ? { dispose: () => instance.dispose() } : undefined,
      ].filter(Boolean);
    const mshape = cases(mlabel, names, makeMethodArgs, (args) => instance[method](...args), entry, owned);
    await judge(mshape.baseline, newTally(), true);
    await judge(mshape.baseline, t, true, !!entry.nanOk);
    if (entry.baselineOnly) continue;
    const sample = await makeMethodArgs();
    const badCases = mshape.bad(sample);
    disposeAll([...disposables(sample), ...disposables(ctorArgs)]);
    if (typeof instance?.dispose === 'function') instance.dispose();
    for (const c of badCases) await judge(c, t, false, !!entry.nanOk);
  }
}

test(
  'API fuzz: every export validates its input, returns no NaN and leaks nothing',
  { timeout: 15 * 60_000 },
  async () => {
    await useBackend();
    const tally = newTally();
    const quiet = ['log', 'info', 'warn', 'error', 'table'] as const;
    const saved = quiet.map((k) => console[k]);
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
    const started = Date.now();
    const slow: Array<[number, string]> = [];
    try {
      for (const k of quiet) console[k] = () => {};
      for (const [subpath, name, fn] of allExports()) {
        if (only && !only.test(name)) continue;
        const t0 = Date.now();
        const seen = [tally.crashes.length, tally.nans.length, tally.leaks.length, tally.hangs.length];
        if (process.env.FUZZ_TRACE) require('node:fs').appendFileSync(process.env.FUZZ_TRACE, `${name} ...`);
        await fuzzExport(subpath, name, fn, tally);
        slow.push([Date.now() - t0, name]);
        if (process.env.FUZZ_TRACE) {
          const fresh = [tally.crashes, tally.nans, tally.leaks, tally.hangs].flatMap((list, i) =>
            list.slice(seen[i]).map((line) => `  ${['crash', 'NaN', 'leak', 'hang'][i]}: ${line}`),
          );
          require('node:fs').appendFileSync(
            process.env.FUZZ_TRACE,
            ` ${Date.now() - t0} ms, ${tally.calls} calls\n${fresh.join('\n')}${fresh.length ? '\n' : ''}`,
          );
        }
      }
    } finally {
      quiet.forEach((k, i) => (console[k] = saved[i] as never));
    }
    const show = (title: string, list: string[]) =>
      list.length && console.log(`${title} (${list.length}):\n  ${list.slice(0, 60).join('\n  ')}`);
    show('crashes', tally.crashes);
    show('silent NaN', tally.nans);
    show('leaks', tally.leaks);
    show('hangs', tally.hangs);
    show('errors not naming the parameter', tally.unclear);
    if (process.env.FUZZ_VERBOSE) {
      show('skipped', tally.skipped);
      console.log(
        'slowest:',
        slow
          .sort((a, b) => b[0] - a[0])
          .slice(0, 15)
          .map(([ms, n]) => `${n} ${ms} ms`)
          .join(', '),
      );
    }
    if (process.env.FUZZ_REPORT)
      require('node:fs').writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(tally, null, 1));
    console.log(`${summaryLine(tally)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    assert.deepEqual(
      {
        crashes: tally.crashes.length,
        nans: tally.nans.length,
        leaks: tally.leaks.length,
        hangs: tally.hangs.length,
        unclear: tally.unclear.length,
      },
      { crashes: 0, nans: 0, leaks: 0, hangs: 0, unclear: 0 },
    );
  },
);
