/**
 * Throughput of every image-aug transform, images/second, on batches of 256×256×3 and 28×28×1
 * 0-255 images, every transform with p = 1 (OpenCV always applies its op). "project": the batched
 * 0-255 path, input batch in a pixelBuffer (kernel memory) and output into a reused pixelBuffer
 * via runBatch(batch, rng, out). "project_tensor": the tensor API on the project's default backend
 * (int32 tensor in, int32 tensor out: includes reading and writing the tensors). When Debian's
 * python3-opencv is importable from /usr/bin/python3, OpenCV does the same operations per image,
 * single-threaded, in the same run, as the reference (albumentations runs on OpenCV). Each figure
 * is the best of three windows of >= 0.2 s, the project's and OpenCV's windows interleaved so that
 * all see the same load on a shared machine.
 * Usage: node dist/bench/image-aug.js [Name,Name,...] (default: every transform).
 * Last line: one JSON object {"size", "img_per_s": {"<transform>": {"project", "opencv", "project_tensor"}}, "small": {...}}.
 */
import { torchEnvironment } from '../src/experiments/01-backends/torch-reference';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/lib/backend';
import { rng } from '../src/lib/random';
import * as A from '../src/image-aug';

const SIZES = [
  { shape: [256, 256, 3], batch: 32, crop: [224, 224] },
  { shape: [28, 28, 1], batch: 512, crop: [24, 24] },
];
const MIN_SECONDS = 0.2;
const TRIALS = 3;

type Maker = (crop: number[]) => A.BatchAugmentation;
// p: 1 everywhere (the size-changing ones have p fixed at 1 and take no p option)
const TRANSFORMS: Record<string, Maker> = {
  HorizontalFlip: () => new A.HorizontalFlip({ p: 1 }),
  VerticalFlip: () => new A.VerticalFlip({ p: 1 }),
  RandomCrop: ([h, w]) => new A.RandomCrop({ height: h, width: w }),
  CenterCrop: ([h, w]) => new A.CenterCrop({ height: h, width: w }),
  RandomResizedCrop: ([h, w]) => new A.RandomResizedCrop({ height: h, width: w }),
  Resize: ([h, w]) => new A.Resize({ height: h, width: w }),
  Rotate: () => new A.Rotate({ p: 1, limit: 30 }),
  RandomScale: () => new A.RandomScale({ p: 1, scaleLimit: 0.1 }),
  Affine: () => new A.Affine({ p: 1, rotate: 15, scale: 0.1, shear: 10, translate: 0.1 }),
  Brightness: () => new A.Brightness({ p: 1, limit: 0.2 }),
  Contrast: () => new A.Contrast({ p: 1, limit: 0.2 }),
  Saturation: () => new A.Saturation({ p: 1, limit: 0.2 }),
  Hue: () => new A.Hue({ p: 1, limit: 20 }),
  GaussianNoise: () => new A.GaussianNoise({ p: 1, std: [0.02, 0.1] }),
  SaltAndPepper: () => new A.SaltAndPepper({ p: 1, amount: [0.01, 0.06] }),
  GaussianBlur: () => new A.GaussianBlur({ p: 1, sigma: [0.5, 1.5] }),
  RandomErasing: () => new A.RandomErasing({ p: 1, scale: [0.1, 0.12], ratio: [1, 1] }),
  Cutout: () => new A.Cutout({ p: 1, holes: 1, size: 0.4 }),
  MixUp: () => new A.MixUp({ p: 1, alpha: 0.2 }),
  CutMix: () => new A.CutMix({ p: 1, alpha: 1 }),
};

/** Calls per second of fn over one window of at least MIN_SECONDS (and two calls). */
function windowRate(fn: () => void): number {
  let reps = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (reps < 2 || elapsed < MIN_SECONDS) {
    fn();
    reps++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return reps / elapsed;
}

/** A persistent /usr/bin/python3 running bench/image-aug-opencv.py, or null without OpenCV. */
interface OpenCv {
  version: string;
  /** Prepares an op ("name h w c n crop_h crop_w"); false when OpenCV cannot do it. */
  prepare: (line: string) => Promise<boolean>;
  /** Images/second of the prepared op over one window, or null. */
  window: () => Promise<number | null>;
  stop: () => void;
}

async function startOpenCv(): Promise<OpenCv | null> {
  const script = path.join(__dirname, '..', '..', 'bench', 'image-aug-opencv.py');
  if (!fs.existsSync('/usr/bin/python3') || !fs.existsSync(script)) return null;
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [script], {
    // glibc's malloc tuned as for PyTorch (TORCH_MALLOC_TUNABLES): the warm-up in the script gets
    // most of the way, but GaussianBlur still ran 25% faster with the tunables (5 Dec 2026)
    env: { ...torchEnvironment('tuned'), OMP_NUM_THREADS: '1' },
  });
  child.stderr.on('data', () => undefined);
  const lines = readline.createInterface({ input: child.stdout });
  const queue: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  child.on('close', () => queue.splice(0).forEach((resolve) => resolve(null)));
  const next = () => new Promise<string | null>((resolve) => queue.push(resolve));
  const ready = await next();
  if (!ready) return null;
  const version = JSON.parse(ready).ready as string;
  const ask = async (line: string) => {
    child.stdin.write(line + '\n');
    const answer = await next();
    return answer ? JSON.parse(answer) : null;
  };
  return {
    version,
    prepare: async (line) => (await ask(line))?.ready === true,
    window: async () => ((await ask('window'))?.img_per_s as number | null) ?? null,
    stop: () => child.stdin.end(),
  };
}

/** One size's results as the README's markdown table. */
function markdownTable(result: Record<string, unknown>, version: string | null): string {
  const [h, w, c] = result.size as number[];
  const fmt = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US'));
  const rows = [
    `| ${h}×${w}×${c}, batch ${result.batch} | batched (pixelBuffer) | OpenCV ${version ?? '–'} | batched ÷ OpenCV | tensor API |`,
    '|---|---:|---:|---:|---:|',
  ];
  for (const [name, v] of Object.entries(
    result.img_per_s as Record<string, { project: number; opencv: number | null; project_tensor: number }>,
  )) {
    rows.push(
      `| ${name} | ${fmt(v.project)} | ${fmt(v.opencv)} | ${v.opencv ? (v.project / v.opencv).toFixed(2) : '–'} | ${fmt(v.project_tensor)} |`,
    );
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const backend = await selectBackend({});
  const opencv = await startOpenCv();
  console.log(
    `backend ${backend.name}; OpenCV reference: ${opencv ? `cv2 ${opencv.version}, single thread, per image` : 'not available (opencv: null)'}`,
  );
  const results: Record<string, unknown>[] = [];
  const only = process.argv[2]?.split(',');
  const chosen = Object.entries(TRANSFORMS).filter(([name]) => !only || only.includes(name));
  for (const { shape, batch, crop } of SIZES) {
    const [h, w, c] = shape;
    const x = tf.randomUniform([batch, h, w, c], 0, 256, 'int32', 1);
    const labels = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: batch }, (_, i) => i % 10),
        'int32',
      ),
      10,
    );
    const input = A.pixelBuffer(batch * h * w * c); // resident in kernel memory: no staging copies
    input.set(x.dataSync());
    const pixels: A.RawBatch = {
      data: input,
      n: batch,
      h,
      w,
      c,
      labels: { data: Float32Array.from(labels.dataSync()), k: 10 },
    };
    const table: Record<string, { project: number; opencv: number | null; project_tensor: number }> = {};
    console.log(`\n${batch} images of ${h}×${w}×${c} (0-255), images/second (ratio = batched path / OpenCV):`);
    for (const [name, make] of chosen) {
      const t = make(crop);
      const isMix = !(t instanceof A.Augmentation);
      const [oh, ow] = t instanceof A.Augmentation ? t.outputSize(h, w) : [h, w];
      const out = A.pixelBuffer(batch * oh * ow * c);
      const r = rng(1);
      const batched = () => void t.runBatch(pixels, r, out);
      const tensor = () => {
        const result = isMix ? t.applyBatch(x, labels) : (t as A.Augmentation).apply(x);
        tf.dispose(result);
      };
      const hasCv = opencv ? await opencv.prepare(`${name} ${h} ${w} ${c} ${batch} ${crop[0]} ${crop[1]}`) : false;
      batched(); // warm-up
      tensor();
      // best of TRIALS windows each, the three kinds interleaved so that they share the machine's load
      let project = 0,
        projectTensor = 0;
      let cv: number | null = hasCv ? 0 : null;
      for (let trial = 0; trial < TRIALS; trial++) {
        project = Math.max(project, batch * windowRate(batched));
        projectTensor = Math.max(projectTensor, batch * windowRate(tensor));
        if (cv !== null) cv = Math.max(cv, (await opencv!.window()) ?? 0);
      }
      A.release(out);
      table[name] = {
        project: Math.round(project),
        opencv: cv === null ? null : Math.round(cv),
        project_tensor: Math.round(projectTensor),
      };
      const ratio = cv ? `  ${(project / cv).toFixed(2)}×` : '';
      console.log(
        `  ${name.padEnd(18)} batched ${Math.round(project).toString().padStart(8)}  OpenCV ${String(cv === null ? '–' : Math.round(cv)).padStart(8)}  tensor ${Math.round(projectTensor).toString().padStart(8)}${ratio}`,
      );
    }
    A.release(input);
    tf.dispose([x, labels]);
    results.push({ size: shape, batch, img_per_s: table });
  }
  opencv?.stop();
  const [big, small] = results;
  const table = big.img_per_s as Record<string, { project: number; opencv: number | null }>;
  const behind = Object.entries(table)
    .filter(([, v]) => v.opencv !== null && v.project < v.opencv)
    .map(([k]) => k);
  console.log(
    opencv
      ? `\nAt 256×256×3 the batched path is at least as fast as OpenCV for ${Object.keys(table).length - behind.length} of ${Object.keys(table).length} transforms; behind on: ${behind.join(', ') || 'none'}.`
      : '',
  );
  console.log('\nREADME tables (### Benchmark under image augmentation):\n');
  for (const result of results) console.log(markdownTable(result, opencv?.version ?? null) + '\n');
  console.log(JSON.stringify({ ...big, backend: backend.name, opencv_version: opencv?.version ?? null, small }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
