// %% [markdown]
// # Backends: where the arithmetic runs
// TensorFlow.js separates *what* to compute (ops like `conv2d`, `matMul`) from *where* it is computed:
// a **backend** supplies one implementation, a *kernel*, per op. The same model code runs on any of
// them. Under Node the candidates are, fastest first: `tensorflow` through `@tensorflow/tfjs-node-gpu`
// (CUDA), `webgpu` (`@tensorflow/tfjs-backend-webgpu` on Dawn through the `webgpu` package, only
// when a GPU adapter is found), `tensorflow` through `@tensorflow/tfjs-node` (the native TensorFlow C library, CPU),
// `wasm` (`@tensorflow/tfjs-backend-wasm`: WebAssembly with SIMD, convolutions and matmuls from
// Google's XNNPACK), and `cpu` (plain JavaScript loops). `setup` picks the first that works here.
// %%
import { claim, showClaims, setup, showTable, smallCnn, tf, show } from 'tfjs-workbook';
import { nativeIsa, nativeKernelsActive, WASM_TRAINING_KERNELS } from 'tfjs-workbook/backend';
import {
  backendTable,
  compareGradients,
  quickBenchmark,
  benchmarkChart,
  epochSeconds,
} from 'tfjs-workbook/experiments/01-backends';
const backend = await setup({ seed: 1 });
// %% [markdown]
// ## Which backend runs here, and why
// The selection tries each backend in order and records why it skipped the ones before. Missing
// optional packages are not errors. You can force one with `setup({ backend: 'cpu' })` or the
// environment variable `WORKBOOK_BACKEND=cpu`.
// %%
showTable(backendTable(backend), 'Backend selection on this machine');
// %% [markdown]
// ## Training kernels for wasm
// Stock `wasm` runs inference fast but cannot train a CNN: it has no kernel for the filter gradient
// of a convolution (`Conv2DBackpropFilter`), none for an Embedding's gradient
// (`UnsortedSegmentSum`), and its transposed matmul — used by every Dense layer's backward pass — is
// ~10× slower than transposing first. The library registers the kernels below for `wasm`. Most are
// its own WebAssembly SIMD code (AssemblyScript in `wasm/train/`) running directly on the tensors in
// the wasm heap: a matrix product that reads both operands where they lie (XNNPACK re-packs one
// operand on every call, which in training costs more than the product), a direct convolution (also
// used for the input gradient), im2col plus that product for the filter gradient, max-pool and bias
// gradients, and an Adam update fused into one pass per weight tensor. The matrix products and
// convolutions split their output rows across every core (worker threads sharing one WebAssembly
// memory; `setTrainingThreads(n)` or `WORKBOOK_THREADS`), with bit-for-bit the results of one thread.
//
// WebAssembly's SIMD is 128 bits wide, so one core of it does half the multiply-adds per cycle that
// the same core does with 256-bit AVX2 fused multiply-add, and a quarter of what it does with
// AVX-512 where the CPU has two 512-bit FMA pipes (AMD Zen 5, like the machines this workbook is
// tested on). Where the machine has a C compiler and an AVX2 CPU, `npm run build` also compiles
// **native kernels** (C in `native/`): the matrix products, the convolutions (one register-blocked
// product whose reduction runs over every filter row), the Adam step, pooling, ReLU and the bias
// add and gradient then run there, with AVX-512 register blocks where the CPU has them, on the same
// wasm heap in place, on a pthread pool of the same size. Every output is the same chain of fused
// multiply-adds whatever the thread count or instruction set, so the bytes are the same.
// `setNativeKernels(false)` or `WORKBOOK_NATIVE=0` switches them off; `setNativeIsa('avx2')` or
// `WORKBOOK_NATIVE_ISA=avx2` holds them to AVX2.
// %%
showTable(
  Object.keys(WASM_TRAINING_KERNELS).map((kernel) => ({ kernel })),
  'Kernels the library registers for wasm',
);
console.log(
  nativeKernelsActive()
    ? `Native kernels: on (products, convolutions, Adam, pooling and ReLU run in native/, ${nativeIsa() === 'avx512' ? 'AVX-512' : 'AVX2 + FMA'} register blocks).`
    : 'Native kernels: off here (not built, no AVX2/FMA, or switched off): the wasm kernels do all the work.',
);
// %% [markdown]
// A fast kernel is worthless if it is wrong. Here we compute the gradients of every weight of a small
// CNN on a batch of 8 images twice — on `wasm` with our kernels and on the reference `cpu` backend,
// from the same weights — and compare. (The test suite does this for 21 layer types.)
// %%
const check = await compareGradients(
  () => smallCnn({ seed: 1 }),
  () => tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 1),
);
showTable(
  check.names.map((name, i) => ({
    weight: name,
    values: check.tested.grads[i].length,
    'max |gradient|': check.reference.grads[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0),
  })),
  `wasm vs cpu: max relative difference ${check.maxRelDiff.toExponential(1)}`,
);
// %% [markdown]
// ## How fast: a few training steps per runtime
// One training step = forward pass, loss, backward pass and an Adam update on a batch of 64 images.
// The reference CNN (conv 5×5·32, pool, conv 3×3·64, pool, dense 128, dense 10) and the
// 784-800-800-10 MLP are timed on this backend, the MLP for one step on the pure-JavaScript `cpu`
// backend, and both in PyTorch when a Python with torch is installed — at one thread and at every
// core (`torch.set_num_threads`), since PyTorch's default here is one thread and its two-thread
// steps are much faster; we compare with its best. PyTorch also runs with glibc's malloc told to
// keep freed memory (`TORCH_MALLOC_TUNABLES`): by default every multi-megabyte tensor a step frees
// goes back to the operating system and is page-faulted in again on the next step, which made its MLP
// step 27–35 ms instead of 6 ms here (PyTorch's tuning guide recommends jemalloc or TCMalloc for the
// same reason). Five steps each keep this quick; `npm run
// bench:backend` runs 20, alternates with PyTorch over three rounds, records the load average and
// adds one CNN step on `cpu` (a minute or more). On a shared machine, take the ratios as indicative.
// %%
const rows = await quickBenchmark({ backend: backend.tfBackend as 'wasm', steps: 5, log: console.log });
show(benchmarkChart(rows));
// %% [markdown]
// ## When is a GPU worth it?
// Multiply ms per step by the steps in an epoch: that is how long one pass over the 60,000 MNIST
// training images takes. A GPU (`tfjs-node-gpu`, CUDA 11.2 / cuDNN 8.1) pays off when this number is
// minutes, not seconds: large images, deep networks, big batches, many epochs. For the small models
// of this workbook, seconds per epoch on the CPU is fine — and there is no driver to install.
// %%
showTable(
  rows.map((r) => ({
    model: r.model,
    runtime: r.runtime,
    'ms / step': r.msPerStep,
    'seconds per MNIST epoch': epochSeconds(r.msPerStep),
  })),
  'One epoch of 60,000 images at batch 64',
);
// %% [markdown]
// ## What we measured
// %%
const get = (model: string, runtime: string) => rows.find((r) => r.model === model && r.runtime === runtime);
const torchBest = (model: string) =>
  rows.filter((r) => r.model === model && r.runtime.startsWith('pytorch')).sort((a, b) => a.msPerStep - b.msPerStep)[0];
const cnn = get('cnn', backend.tfBackend)!,
  mlpRow = get('mlp', backend.tfBackend)!,
  cpuMlp = get('mlp', 'cpu'),
  torchCnn = torchBest('cnn'),
  torchMlp = torchBest('mlp');
console.log(
  `Here the ${backend.name} backend trains the reference CNN at ${cnn.msPerStep.toFixed(0)} ms per batch of 64 ` +
    `(${epochSeconds(cnn.msPerStep).toFixed(0)} s per MNIST epoch) and the MLP at ${mlpRow.msPerStep.toFixed(0)} ms` +
    (cpuMlp
      ? `, ${(cpuMlp.msPerStep / mlpRow.msPerStep).toFixed(0)}× faster than the pure-JavaScript cpu backend`
      : '') +
    (torchCnn && torchMlp
      ? `; PyTorch on the CPU at its best thread count needs ${torchCnn.msPerStep.toFixed(0)} ms for the CNN step (${torchCnn.runtime}) and ${torchMlp.msPerStep.toFixed(0)} ms for the MLP step (${torchMlp.runtime}): our steps take ${(cnn.msPerStep / torchCnn.msPerStep).toFixed(2)}× and ${(mlpRow.msPerStep / torchMlp.msPerStep).toFixed(2)}× as long as PyTorch's (above 1 = PyTorch is faster; five steps on a possibly shared machine)`
      : '; PyTorch is not installed here') +
    `. Our wasm gradients match the cpu backend's to a relative ${check.maxRelDiff.toExponential(1)}.`,
);
// the speed claim is a ratio measured in this run (both backends timed back to back), so a busy machine slows both
if (cpuMlp && backend.tfBackend !== 'cpu')
  claim({
    id: 'faster-than-cpu',
    text: `the ${backend.name} backend trains the MLP more than 5× faster per step than the pure-JavaScript cpu backend`,
    measured: cpuMlp.msPerStep / mlpRow.msPerStep,
    expected: '>',
    against: 5,
    unit: '×',
  });
claim({
  id: 'gradients-match-cpu',
  text: `the ${backend.name} gradients of the small CNN match the cpu backend's (max relative difference below 1e-3)`,
  measured: check.maxRelDiff,
  expected: '<',
  against: 1e-3,
});
showClaims();
