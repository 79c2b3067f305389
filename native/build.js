// Compiles the native kernels (native/*.c: AVX2/FMA GEMM and its thread pool, a Node-API addon) to
// dist/native/workbook_native.node with the system C compiler, when there is one: run by
// `npm run build` and by `prepare`. Without a compiler or Node's headers it says so and exits 0,
// and the wasm kernels do the work (src/lib/backend/native.ts decides at run time).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'native', 'workbook_native.node');
const sources = [
  'addon.c',
  'bind_products.c',
  'bind_memory.c',
  'adam.c',
  'conv.c',
  'conv_blocks.c',
  'gemm.c',
  'pool.c',
  'pool2d.c',
  'elementwise.c',
].map((f) => path.join(__dirname, f));
const compiler = process.env.CC || 'cc';

/** Node's own C headers: next to the node binary (official builds, Debian's nodejs), else node-api-headers. */
function nodeHeaders() {
  const candidates = [path.join(path.dirname(process.execPath), '..', 'include', 'node')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('node-api-headers/package.json')), 'include'));
  } catch {
    // not installed: the first candidate or nothing
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'node_api.h')));
}

const inputs = [...sources, ...sources.map((f) => f.replace(/\.c$/, '.h')), __filename].filter((f) => fs.existsSync(f));
const newest = Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) process.exit(0);

const headers = nodeHeaders();
if (!headers) {
  console.log("native kernels skipped: Node's C headers (node_api.h) not found; the wasm kernels will run");
  process.exit(0);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
const flags = [
  '-O3',
  '-std=gnu11',
  '-ffp-contract=off',
  '-fno-math-errno',
  '-shared',
  '-fPIC',
  '-Wall',
  '-I',
  headers,
  '-o',
  out,
  ...sources,
  '-lpthread',
];
try {
  execFileSync(compiler, flags, { stdio: ['ignore', 'inherit', 'pipe'] });
} catch (error) {
  const why = error.code === 'ENOENT' ? `no C compiler (${compiler})` : String(error.stderr || error.message).trim();
  fs.rmSync(out, { force: true });
  console.log(`native kernels skipped: ${why}; the wasm kernels will run`);
}
