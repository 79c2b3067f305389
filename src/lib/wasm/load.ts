/**
 * Loads a WebAssembly module compiled from wasm/<name>.ts by `npm run build` (into dist/wasm).
 * Synchronous on purpose: kernels are needed inside synchronous calls such as `transform.apply`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** dist/wasm, seen from dist/src/lib/wasm (compiled) — the only place this file runs from. */
const WASM_DIR = path.join(__dirname, '..', '..', '..', 'wasm');

export function loadWasm(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  const file = path.join(WASM_DIR, `${name}.wasm`);
  if (!fs.existsSync(file)) throw new Error(`WebAssembly module ${file} is missing: run \`npm run build\` (it compiles wasm/${name}.ts)`);
  const env = { abort: (_msg: number, _file: number, line: number, col: number) => { throw new Error(`wasm/${name}.ts aborted at ${line}:${col}`); }, ...(imports.env ?? {}) };
  return new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(file)), { ...imports, env });
}
