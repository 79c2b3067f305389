/**
 * Runs cells: tslab's converter compiles each cell against the declarations of the cells before
 * it, and this executor runs the result, keeping the cell's last expression as its value and
 * reporting errors as Jupyter error content (source-mapped to cell lines).
 */
import Module from 'module';
import * as path from 'path';
import * as util from 'util';
import * as vm from 'vm';
import { SourceMap } from 'module';
import type { Converter, SideOutput } from 'tslab/dist/converter';
import { CellRegistry, cellFile, compileError, ErrorContent, interruptError, thrownError } from './errors';
import { interruptible } from '../../src/lib/interrupt';

export type Outcome = { ok: true; value?: unknown; hasValue: boolean } | { ok: false; error: ErrorContent };

/** Thrown (as a rejection) into a cell awaiting something when the kernel is interrupted. */
class Interrupted extends Error {}

/** The cells' shared exports: TypeScript's `Object.defineProperty(exports, ...)` becomes a plain
 * (re-assignable) property, so a later cell may redeclare a name. */
function cellExports(): Record<string, unknown> {
  const store: Record<string, unknown> = {};
  return new Proxy(store, {
    defineProperty: (_t, prop, attrs) => {
      if (prop !== '__esModule') store[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

export class CellExecutor {
  readonly cells = new CellRegistry();
  private readonly exports = cellExports();
  private readonly sideOutputs = new Map<string, string>();
  private readonly sideModules = new Map<string, Module>();
  private prevDecl = '';
  private rejectInterrupt: ((e: Error) => void) | null = null;
  /** An interrupt that came while the cell compiled (before it could be raised in it). */
  private interruptPending = false;
  /** Marks the running cell's work (and whatever it started) as interrupted, for library loops. */
  private interruptWork: (() => void) | null = null;

  constructor(
    private readonly rootDir: string,
    private readonly converter: Converter,
  ) {
    const require = this.wrapRequire(Module.createRequire(path.join(rootDir, 'src.js')), rootDir);
    (globalThis as Record<string, unknown>).__tslab__ = { exports: this.exports, require };
  }

  private runs = 0;

  /** Compiles and runs `code`; `label` names it in tracebacks ("In [3]"). */
  async execute(code: string, label: string): Promise<Outcome> {
    const count = ++this.runs;
    this.interruptPending = false;
    const converted = this.converter.convert(this.prevDecl, code);
    // A SIGINT that came during the (synchronous) compile waits in the event loop: let it reach interrupt().
    await new Promise((resolve) => setImmediate(resolve));
    if (this.interruptPending) return { ok: false, error: interruptError() };
    for (const out of converted.sideOutputs ?? []) this.addSideOutput(out);
    if (converted.diagnostics.length > 0)
      return { ok: false, error: compileError(converted.diagnostics, { label, source: code }) };
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? '';
      return { ok: true, hasValue: false };
    }
    this.cells.add(count, {
      label,
      source: code,
      compiledLines: converted.output.split('\n').length,
      toEsModule: converted.commonJsSourceMap ? new SourceMap(JSON.parse(converted.commonJsSourceMap)) : undefined,
      toTypeScript: converted.sourceMap ? new SourceMap(JSON.parse(converted.sourceMap)) : undefined,
    });
    // The wrapper sits on its own line (WRAPPER_LINES) so compiled line n is file line n + 1.
    const prefix = converted.hasToplevelAwait
      ? '(async function (exports, require) {\n'
      : '(function (exports, require) {\n';
    const wrapped = `${prefix}${converted.output}\n})(__tslab__.exports, __tslab__.require)`;
    try {
      // No breakOnSigint: in Node 20 it takes the SIGINT listeners off while it runs, and afterwards
      // interrupts sent during an await were seen late or never (measured); so synchronous code runs
      // to its end, and only awaiting cells (and fit, between batches) can be interrupted.
      const work = interruptible(() => vm.runInThisContext(wrapped, { filename: cellFile(count) }));
      this.interruptWork = work.interrupt;
      if (converted.hasToplevelAwait) await this.interruptible(work.result as Promise<unknown>);
    } catch (e) {
      if (e instanceof Interrupted) return { ok: false, error: interruptError() };
      return { ok: false, error: thrownError(e, this.cells) };
    }
    this.prevDecl = converted.declOutput ?? '';
    const name = converted.lastExpressionVar;
    if (!name || !(name in this.exports)) return { ok: true, hasValue: false };
    const value = this.exports[name];
    delete this.exports[name];
    return { ok: true, value, hasValue: value !== undefined };
  }

  /** Stops a cell that is awaiting (its promise loses the race to a KeyboardInterrupt), or one still
   * compiling; library loops the cell started stop at their next step. */
  interrupt(): void {
    if (this.rejectInterrupt) this.rejectInterrupt(new Interrupted('interrupted'));
    else this.interruptPending = true;
    // Library loops (fit) the cell started stop at their next step; its other work runs on.
    this.interruptWork?.();
  }

  private interruptible<T>(promise: Promise<T>): Promise<T> {
    // The race handles the cell's promise: when it ends after an interrupt (fit's InterruptedError,
    // say), that is no unhandled rejection.
    const interrupted = new Promise<never>((_, reject) => (this.rejectInterrupt = reject));
    return Promise.race([promise, interrupted]).finally(() => (this.rejectInterrupt = null));
  }

  inspect(code: string, position: number) {
    return this.converter.inspect(this.prevDecl, code, position);
  }

  complete(code: string, position: number) {
    return this.converter.complete(this.prevDecl, code, position);
  }

  /** Text Node's REPL would show for a cell's value. */
  static plain(value: unknown): string {
    return util.inspect(value);
  }

  private addSideOutput(out: SideOutput): void {
    this.sideModules.delete(out.path);
    this.sideOutputs.set(out.path, out.data);
  }

  /** `require` for cells: local .ts files the converter compiled come from memory; the rest from rootDir. */
  private wrapRequire(req: NodeRequire, dirname: string): NodeRequire {
    const fromSideOutputs = (id: string): unknown => {
      let file = path.resolve(dirname, id);
      if (path.extname(file) === '') file += '.js';
      const cached = this.sideModules.get(file);
      if (cached) return cached.exports;
      const code = this.sideOutputs.get(file);
      if (code === undefined) return undefined;
      const mod = new Module(file, module) as Module & { _compile(code: string, file: string): void; paths: string[] };
      mod.filename = file;
      mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
        path.dirname(file),
      );
      mod.require = this.wrapRequire(Module.createRequire(file), path.dirname(file));
      this.sideModules.set(file, mod);
      mod._compile(code, file);
      return mod.exports;
    };
    return new Proxy(req, {
      apply: (_target, thisArg, args: [string]) => {
        if (args.length !== 1) return req.apply(thisArg, args);
        // `tslab` is this kernel's own copy (its display API is wired to this kernel).
        if (args[0] === 'tslab') return require('tslab');
        return fromSideOutputs(args[0]) ?? req.apply(thisArg, args);
      },
    });
  }
}
