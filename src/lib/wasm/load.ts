/**
 * Loads a WebAssembly module compiled from wasm/<name>.ts by `npm run build` (into dist/wasm).
 * Synchronous on purpose: kernels are needed inside synchronous calls such as `transform.apply`.
 *
 * Each module exists in two builds (see wasm/build.js): SIMD128 only, and with relaxed SIMD
 * (fused multiply-add, plain byte shuffles), which is faster. Node ≥ 22 runs relaxed SIMD as is;
 * Node 20 has it behind the V8 flag --experimental-wasm-relaxed-simd, which is switched on here
 * before the first module is compiled. WORKBOOK_WASM_RELAXED=0 keeps the SIMD128 build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';

/** dist/wasm, seen from dist/src/lib/wasm (compiled) — the only place this file runs from. */
const WASM_DIR = path.join(__dirname, '..', '..', '..', 'wasm');

let relaxed: boolean | undefined;

/**
 * A module whose one function is f32x4.relaxed_madd: it validates only where relaxed SIMD runs.
 * (Probing with the first module loaded instead would go wrong when that build happens to contain
 * no relaxed instruction: the flag would stay off for a later module that has some.)
 */
const RELAXED_PROBE = new Uint8Array([
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b, 3, 2, 1, 0, 10, 13, 1, 11, 0, 0x20, 0,
  0x20, 1, 0x20, 2, 0xfd, 0x85, 2, 0x0b,
]);

/** Whether the relaxed-SIMD builds are used in this process (decided once, on the first load). */
export function relaxedSimdInUse(probe?: Uint8Array): boolean {
  if (relaxed !== undefined) return relaxed;
  if (process.env.WORKBOOK_WASM_RELAXED === '0' || !probe) return (relaxed = false);
  if (!WebAssembly.validate(RELAXED_PROBE)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return (relaxed = WebAssembly.validate(RELAXED_PROBE) && WebAssembly.validate(probe));
}

export function loadWasm(name: string, imports: WebAssembly.Imports = {}): WebAssembly.Instance {
  const file = path.join(WASM_DIR, `${name}.wasm`);
  const relaxedFile = path.join(WASM_DIR, `${name}-relaxed.wasm`);
  if (!fs.existsSync(file))
    throw new Error(`WebAssembly module ${file} is missing: run \`npm run build\` (it compiles wasm/${name}.ts)`);
  const relaxedBytes = fs.existsSync(relaxedFile) ? fs.readFileSync(relaxedFile) : undefined;
  const bytes = relaxedBytes && relaxedSimdInUse(relaxedBytes) ? relaxedBytes : fs.readFileSync(file);
  const env = {
    abort: (_msg: number, _file: number, line: number, col: number) => {
      throw new Error(`wasm/${name}.ts aborted at ${line}:${col}`);
    },
    ...(imports.env ?? {}),
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { ...imports, env });
}
