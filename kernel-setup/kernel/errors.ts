/**
 * Turns what a cell threw (or failed to compile with) into Jupyter's error content: ename,
 * evalue and a traceback whose frames inside cells name the cell and its own line, found through
 * the two source maps of tslab's conversion (TypeScript -> ES module -> CommonJS).
 */
import * as fs from 'fs';
import { SourceMap } from 'module';
import * as path from 'path';
import * as util from 'util';
import type { Diagnostic } from 'tslab/dist/converter';

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One executed cell: its label, its TypeScript and the maps from its compiled code back to it. */
export interface CellCode {
  label: string;
  source: string;
  /** Lines of compiled code; a frame below them is the executor's call of the wrapper. */
  compiledLines?: number;
  toEsModule?: SourceMap;
  toTypeScript?: SourceMap;
}

/** The file name a cell's compiled code runs under; stack frames carry it. */
export const cellFile = (count: number): string => `__cell_${count}__`;
/** Lines the executor puts before a cell's compiled code (the function wrapper). */
export const WRAPPER_LINES = 1;
/** tslab compiles a cell as `export {};\n` + source, so its line 1 is the cell's line 0. */
const PREFIX_LINES = 1;
const FRAME = /^(\s*at (?:async )?)(?:(.*?) \()?(__cell_(\d+)__):(\d+):(\d+)\)?$/;
const KERNEL_DIR = __dirname;
/** The checkout (dist/kernel-setup/kernel is three below it): library frames are shown relative to it. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

const DIST = path.join(ROOT, 'dist') + path.sep;
const FILE_FRAME = /\(?(\/[^():]+\.js):(\d+):(\d+)\)?$/;
const libraryMaps = new Map<string, SourceMap | null>();

/** A frame in this project's compiled library (dist/…js) shown at its TypeScript source line, as tsc's
 * source maps give it (the kernel does not turn on Node's source maps: reading every package's maps
 * at load would slow it down). Other frames are returned as they are. */
function libraryFrame(line: string): string {
  const m = FILE_FRAME.exec(line);
  if (!m || !m[1].startsWith(DIST)) return line;
  const [whole, file, l, c] = m;
  if (!libraryMaps.has(file)) {
    let map: SourceMap | null = null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
    } catch {}
    libraryMaps.set(file, map);
  }
  const entry = libraryMaps.get(file)?.findEntry(Number(l) - 1, Number(c) - 1) as
    { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource || entry.originalLine === undefined) return line;
  const source = entry.originalSource.startsWith('file://')
    ? new URL(entry.originalSource).pathname
    : path.resolve(path.dirname(file), entry.originalSource);
  const at = `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  return line.slice(0, line.length - whole.length) + (whole.startsWith('(') ? `(${at})` : at);
}

/** The cells run so far, by file name, so that a function defined in one cell maps when called from another. */
export class CellRegistry {
  private readonly cells = new Map<string, CellCode>();

  add(count: number, cell: CellCode): void {
    this.cells.set(cellFile(count), cell);
  }

  /** `In [n]` line and column (1-based) of a position in a cell's compiled code; null where unknown,
   * 'wrapper' for the executor's own call of the cell. */
  locate(
    file: string,
    line: number,
    column: number,
  ): { cell: CellCode; line: number; column: number } | 'wrapper' | null {
    const cell = this.cells.get(file);
    if (!cell?.toEsModule || !cell.toTypeScript) return null;
    if (cell.compiledLines !== undefined && line - WRAPPER_LINES > cell.compiledLines) return 'wrapper';
    const esm = cell.toEsModule.findEntry(line - 1 - WRAPPER_LINES, column - 1) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (esm.originalLine === undefined) return null;
    const ts = cell.toTypeScript.findEntry(esm.originalLine, esm.originalColumn ?? 0) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (ts.originalLine === undefined) return null;
    return { cell, line: ts.originalLine - PREFIX_LINES + 1, column: (ts.originalColumn ?? 0) + 1 };
  }

  /** A stack frame rewritten to name the cell line (with that line's code), or dropped (null) if kernel-internal. */
  frame(line: string): string | null {
    const m = FRAME.exec(line);
    if (!m) {
      if (/\(node:internal|at node:internal|\(vm\.js|\(node:vm/.test(line) || line.includes(KERNEL_DIR)) return null;
      return libraryFrame(line).replace(ROOT + path.sep, '');
    }
    const [, at, fnRaw, file, count, l, c] = m;
    // Functions declared in a cell are called through the cells' exports proxy: V8 says "Proxy.f".
    const fn = fnRaw?.replace(/^Proxy\./, '');
    const where = this.locate(file, Number(l), Number(c));
    if (where === 'wrapper') return null;
    const place = where
      ? `${where.cell.label}, line ${where.line}:${where.column}`
      : (this.cells.get(file)?.label ?? `cell ${count}`);
    const code = where ? `\n        ${(where.cell.source.split('\n')[where.line - 1] ?? '').trim()}` : '';
    return `${at}${fn ? `${fn} (${place})` : place}${code}`;
  }
}

function isError(value: unknown): value is Error {
  return value instanceof Error || util.types.isNativeError(value);
}

/** Error content for a value a cell threw: an Error's name and message, anything else inspected. */
export function thrownError(value: unknown, cells: CellRegistry): ErrorContent {
  if (!isError(value)) {
    const shown = util.inspect(value);
    return { ename: 'Uncaught', evalue: shown, traceback: [`Uncaught ${shown}`] };
  }
  const ename = value.name || value.constructor?.name || 'Error';
  const evalue = value.message ?? '';
  const lines = String(value.stack ?? '').split('\n');
  const firstFrame = lines.findIndex((l) => /^\s*at /.test(l));
  const frames =
    firstFrame < 0
      ? []
      : lines
          .slice(firstFrame)
          .map((l) => cells.frame(l))
          .filter((l): l is string => l !== null);
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...frames] };
}

/** An interrupt (Jupyter's SIGINT or interrupt_request) while the cell compiled or awaited. */
export function interruptError(): ErrorContent {
  return {
    ename: 'KeyboardInterrupt',
    evalue: 'execution interrupted',
    traceback: ['KeyboardInterrupt: execution interrupted'],
  };
}

/** TypeScript's diagnostics for a cell that does not compile: SyntaxError when all are syntax (TS1xxx). */
export function compileError(diagnostics: Diagnostic[], cell: CellCode): ErrorContent {
  const syntax = diagnostics.every((d) => d.code >= 1000 && d.code < 2000);
  const ename = syntax ? 'SyntaxError' : 'TSError';
  const lines = cell.source.split('\n');
  const describe = (d: Diagnostic) =>
    `${d.fileName ?? cell.label}, line ${d.start.line + 1}:${d.start.character + 1}: ${d.messageText} (TS${d.code})`;
  const traceback = diagnostics.map((d) => {
    if (d.fileName) return describe(d);
    const code = lines[d.start.line] ?? '';
    return `${describe(d)}\n    ${code}\n    ${' '.repeat(d.start.character)}^`;
  });
  const first = diagnostics[0];
  const evalue = `${first.messageText} (line ${first.start.line + 1}, column ${first.start.character + 1})`;
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...traceback] };
}
