/**
 * Throughput of every image-aug transform, images/second, on batches of 256×256×3 and 28×28×1
 * 0-255 images on the project's default backend, through the tensor API (int32 tensor in, int32
 * tensor out: includes reading and writing the tensors) and the typed-array API. When Debian's
 * python3-opencv is importable from /usr/bin/python3, OpenCV does the same operations per image,
 * single-threaded, in the same run, as the reference (albumentations runs on OpenCV).
 * Last line: one JSON object {"size", "img_per_s": {"<transform>": {"project", "project_pixels", "opencv"}}, "small": {...}}.
 */
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
const TRANSFORMS: Record<string, Maker> = {
  HorizontalFlip: () => new A.HorizontalFlip(),
  VerticalFlip: () => new A.VerticalFlip(),
  RandomCrop: ([h, w]) => new A.RandomCrop({ height: h, width: w }),
  CenterCrop: ([h, w]) => new A.CenterCrop({ height: h, width: w }),
  RandomResizedCrop: ([h, w]) => new A.RandomResizedCrop({ height: h, width: w }),
  Resize: ([h, w]) => new A.Resize({ height: h, width: w }),
  Rotate: () => new A.Rotate({ limit: 30 }),
  RandomScale: () => new A.RandomScale({ scaleLimit: 0.1 }),
  Affine: () => new A.Affine({ rotate: 15, scale: 0.1, shear: 10, translate: 0.1 }),
  Brightness: () => new A.Brightness({ limit: 0.2 }),
  Contrast: () => new A.Contrast({ limit: 0.2 }),
  Saturation: () => new A.Saturation({ limit: 0.2 }),
  Hue: () => new A.Hue({ limit: 20 }),
  GaussianNoise: () => new A.GaussianNoise({ std: [0.02, 0.1] }),
  SaltAndPepper: () => new A.SaltAndPepper({ amount: [0.01, 0.06] }),
  GaussianBlur: () => new A.GaussianBlur({ sigma: [0.5, 1.5] }),
  RandomErasing: () => new A.RandomErasing({ scale: [0.1, 0.12], ratio: [1, 1] }),
  Cutout: () => new A.Cutout({ holes: 1, size: 0.4 }),
  MixUp: () => new A.MixUp({ alpha: 0.2 }),
  CutMix: () => new A.CutMix({ alpha: 1 }),
};

/**
 * Calls per second of fn: the best of TRIALS windows of at least MIN_SECONDS (two calls or more
 * each, after one warm-up). The best window is the one least disturbed by other processes.
 */
function rate(fn: () => void): number {
  fn();
  let best = 0;
  for (let trial = 0; trial < TRIALS; trial++) {
    let reps = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (reps < 2 || elapsed < MIN_SECONDS) {
      fn();
      reps++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    }
    best = Math.max(best, reps / elapsed);
  }
  return best;
}

/** A persistent /usr/bin/python3 running bench/image-aug-opencv.py, or null without OpenCV. */
async function startOpenCv(): Promise<{ ask: (line: string) => Promise<number | null>; version: string; stop: () => void } | null> {
  const script = path.join(__dirname, '..', '..', 'bench', 'image-aug-opencv.py');
  if (!fs.existsSync('/usr/bin/python3') || !fs.existsSync(script)) return null;
  const child: ChildProcessWithoutNullStreams = spawn('/usr/bin/python3', [script], { env: { ...process.env, OMP_NUM_THREADS: '1' } });
  child.stderr.on('data', () => undefined);
  const lines = readline.createInterface({ input: child.stdout });
  const queue: ((line: string | null) => void)[] = [];
  lines.on('line', (line) => queue.shift()?.(line));
  child.on('close', () => queue.splice(0).forEach((resolve) => resolve(null)));
  const next = () => new Promise<string | null>((resolve) => queue.push(resolve));
  const ready = await next();
  if (!ready) return null;
  const version = JSON.parse(ready).ready as string;
  return {
    version,
    ask: async (line) => {
      child.stdin.write(line + '\n');
      const answer = await next();
      return answer ? (JSON.parse(answer).img_per_s as number | null) : null;
    },
    stop: () => child.stdin.end(),
  };
}

async function main(): Promise<void> {
  const backend = await selectBackend({});
  const opencv = await startOpenCv();
  console.log(`backend ${backend.name}; OpenCV reference: ${opencv ? `cv2 ${opencv.version}, single thread, per image` : 'not available (opencv: null)'}`);
  const results: Record<string, unknown>[] = [];
  for (const { shape, batch, crop } of SIZES) {
    const [h, w, c] = shape;
    const x = tf.randomUniform([batch, h, w, c], 0, 256, 'int32', 1);
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32'), 10);
    const pixels: A.RawBatch = { data: new Uint8ClampedArray(x.dataSync()), n: batch, h, w, c, labels: { data: Float32Array.from(labels.dataSync()), k: 10 } };
    const table: Record<string, { project: number; project_pixels: number; opencv: number | null }> = {};
    console.log(`\n${batch} images of ${h}×${w}×${c} (0-255), images/second:`);
    for (const [name, make] of Object.entries(TRANSFORMS)) {
      const t = make(crop);
      const isMix = !(t instanceof A.Augmentation);
      const project = batch * rate(() => {
        const out = isMix ? t.applyBatch(x, labels) : (t as A.Augmentation).apply(x);
        tf.dispose(out);
      });
      const r = rng(1);
      const projectPixels = batch * rate(() => void t.runBatch(pixels, r));
      const cv = opencv ? await opencv.ask(`${name} ${h} ${w} ${c} ${batch} ${crop[0]} ${crop[1]}`) : null;
      table[name] = { project: Math.round(project), project_pixels: Math.round(projectPixels), opencv: cv === null ? null : Math.round(cv) };
      const ratio = cv ? ` (${(project / cv).toFixed(2)}× OpenCV)` : '';
      console.log(`  ${name.padEnd(18)} tensor ${Math.round(project).toString().padStart(8)}  typed-array ${Math.round(projectPixels).toString().padStart(8)}  OpenCV ${String(cv === null ? '–' : Math.round(cv)).padStart(8)}${ratio}`);
    }
    tf.dispose([x, labels]);
    results.push({ size: shape, batch, img_per_s: table });
  }
  opencv?.stop();
  const [big, small] = results;
  const table = big.img_per_s as Record<string, { project: number; opencv: number | null }>;
  const behind = Object.entries(table).filter(([, v]) => v.opencv !== null && v.project < v.opencv).map(([k]) => k);
  console.log(opencv ? `\nAt 256×256×3 the tensor API is at least as fast as OpenCV for ${Object.keys(table).length - behind.length} of ${Object.keys(table).length} transforms; behind on: ${behind.join(', ') || 'none'}.` : '');
  console.log(JSON.stringify({ ...big, backend: backend.name, opencv_version: opencv?.version ?? null, small }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
