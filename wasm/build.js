// Compiles the AssemblyScript kernels in wasm/ to dist/wasm/<name>.wasm (run by `npm run build`
// and by `prepare`). Each module states its own compiler flags below: why they differ is written
// at the top of each source file. Every module is built twice: <name>.wasm with SIMD128 only, and
// <name>-relaxed.wasm with relaxed SIMD too (fused multiply-add, single-instruction byte shuffles);
// sources branch on the compile-time constant ASC_FEATURE_RELAXED_SIMD, and src/lib/wasm/load.ts
// picks the relaxed build where the engine runs it.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const asc = path.join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const COMMON = ['-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd'];
const MODULES = {
  // pixel kernels for src/image-aug: own memory, shared so that growing it never detaches views
  image: ['--enable', 'threads', '--sharedMemory', '--initialMemory', '64', '--maximumMemory', '65536'],
  // training kernels for src/lib/backend: no memory of their own, they run on the tfjs wasm heap
  train: ['--importMemory', '--noExportMemory'],
  // the same training kernels for the thread pool (src/lib/backend/kernels/thread-pool.ts): they
  // import a SHARED memory, which every worker thread instantiates them on; 1 GiB at most
  'train-shared': [
    '--importMemory',
    '--noExportMemory',
    '--sharedMemory',
    '--maximumMemory',
    '16384',
    '--enable',
    'threads',
  ],
};
/** Modules built from another module's source. */
const SOURCE = { 'train-shared': 'train' };

/** Newest modification time among a module's sources (wasm/<name>.ts and wasm/<name>/**) and this script. */
function newestSource(name) {
  const files = [path.join(__dirname, `${name}.ts`), __filename];
  const dir = path.join(__dirname, name);
  if (fs.existsSync(dir))
    for (const f of fs.readdirSync(dir, { recursive: true })) files.push(path.join(dir, String(f)));
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

const outDir = path.join(root, 'dist', 'wasm');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, flags] of Object.entries(MODULES)) {
  const source = path.join(__dirname, `${SOURCE[name] ?? name}.ts`);
  for (const [suffix, extra] of [
    ['', []],
    ['-relaxed', ['--enable', 'relaxed-simd']],
  ]) {
    const target = path.join(outDir, `${name}${suffix}.wasm`);
    const upToDate = fs.existsSync(target) && fs.statSync(target).mtimeMs >= newestSource(SOURCE[name] ?? name);
    if (upToDate) continue;
    execFileSync(process.execPath, [asc, source, '--outFile', target, ...COMMON, ...extra, ...flags], {
      stdio: 'inherit',
    });
  }
}
