/**
 * Picks the fastest working compute backend, in order:
 *   tensorflow (GPU, @tensorflow/tfjs-node-gpu) → webgpu (@tensorflow/tfjs-backend-webgpu on Dawn,
 *   only when a GPU adapter is found: ./webgpu.ts) → tensorflow (CPU, @tensorflow/tfjs-node)
 *   → wasm with our training kernels → cpu (pure JS).
 * The tfjs-node and webgpu packages are optional peers: absent is not an error, we just move on.
 * Force one with `selectBackend({ force: 'wasm' })` or the env var WORKBOOK_BACKEND.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbookError, check } from '../errors';
import { registerWasmTrainingKernels } from './kernels';
import { checkObject } from '../validate';
import { prepareWebGpu, WEBGPU_PACKAGES } from './webgpu';
import { OptionsOf, defineOptions } from '../define-options';

export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

/** The npm package behind each backend. */
export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: WEBGPU_PACKAGES.join(' + '),
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

export interface BackendChoice {
  /** Our name for it (tfjs calls both node backends 'tensorflow'). */
  name: BackendName;
  /** tf.getBackend() after selection. */
  tfBackend: string;
  /** Why this one was picked, and why earlier ones were skipped. */
  reason: string;
  skipped: { name: BackendName; why: string }[];
}

const SELECT_OPTIONS = defineOptions('selectBackend', {
  /** Use exactly this backend; throws if it cannot be used. Default: env WORKBOOK_BACKEND, else auto. */
  force: undefined as BackendName | undefined,
  /** Module loader, injectable for tests. */
  load: undefined as ((pkg: string) => unknown) | undefined,
  /** GPU probe for tfjs-node-gpu, injectable for tests. */
  gpuWorks: undefined as (() => boolean) | undefined,
  /** ES-module loader for the `webgpu` package (Dawn), injectable for tests. */
  importModule: undefined as ((pkg: string) => Promise<unknown>) | undefined,
});

export type SelectOptions = OptionsOf<typeof SELECT_OPTIONS>;

let current: BackendChoice | null = null;

/** Tries one backend; returns null on success or the reason it cannot be used. */
async function tryBackend(
  name: BackendName,
  load: (pkg: string) => unknown,
  gpuWorks: () => boolean,
  importModule?: (pkg: string) => Promise<unknown>,
): Promise<string | null> {
  if (name === 'webgpu') {
    const why = await prepareWebGpu({ load, importModule });
    return why ?? (await initialise('webgpu'));
  }
  const pkg = BACKEND_PACKAGES[name];
  try {
    // npm aliases (danfojs's override maps tfjs-node to plain tfjs) install under the name but
    // are not the package: check the real name before loading anything.
    const meta = load(`${pkg}/package.json`) as { name?: string };
    if (meta?.name !== pkg) return `${pkg} is not installed (only an alias of ${meta?.name}); npm install ${pkg}`;
    load(pkg);
  } catch (e) {
    return `${pkg} is not installed (npm install ${pkg})`;
  }
  if (name === 'tensorflow-gpu' && !gpuWorks()) return 'tfjs-node-gpu is installed but no working CUDA GPU was found';
  const tfName = name === 'tensorflow-gpu' ? 'tensorflow' : name;
  if (name === 'wasm') registerWasmTrainingKernels();
  return initialise(tfName);
}

/** tf.setBackend + tf.ready; null on success, else why not. */
async function initialise(tfName: string): Promise<string | null> {
  try {
    const ok = await tf.setBackend(tfName);
    if (!ok) return `tf.setBackend('${tfName}') failed`;
    await tf.ready();
  } catch (e) {
    return `initialising ${tfName} failed: ${(e as Error).message}`;
  }
  return null;
}

function defaultGpuWorks(): boolean {
  // tfjs-node-gpu silently falls back to the CPU when CUDA finds no device, so ask the driver:
  // a working NVIDIA GPU shows up in `nvidia-smi -L`.
  try {
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const r = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 5000 });
    return r.status === 0 && /GPU \d+/.test(r.stdout ?? '');
  } catch {
    return false;
  }
}

/**
 * Selects and initialises a backend. Idempotent: a second call returns the first choice
 * unless `force` names a different one.
 */
export async function selectBackend(options: SelectOptions = {}): Promise<BackendChoice> {
  options = SELECT_OPTIONS.read(options);
  const envForce = process.env.WORKBOOK_BACKEND as BackendName | undefined;
  const force = options.force ?? (envForce || undefined);
  if (force !== undefined && !BACKEND_ORDER.includes(force)) {
    throw new WorkbookError(
      'selectBackend',
      'force',
      force,
      `one of ${BACKEND_ORDER.join(', ')} (or WORKBOOK_BACKEND unset)`,
    );
  }
  if (current && (force === undefined || force === current.name) && !options.load) {
    // someone may have switched tfjs to another backend meanwhile (tf.setBackend): switch back
    if (tf.getBackend() !== current.tfBackend) await tf.setBackend(current.tfBackend);
    return current;
  }
  const load = options.load ?? ((pkg: string) => require(pkg));
  const gpuWorks = options.gpuWorks ?? defaultGpuWorks;
  const skipped: { name: BackendName; why: string }[] = [];
  for (const name of force ? [force] : BACKEND_ORDER) {
    const why = await tryBackend(name, load, gpuWorks, options.importModule);
    if (why === null) {
      const reason = force
        ? `forced (${options.force ? 'option' : 'WORKBOOK_BACKEND'})`
        : skipped.length
          ? `fastest available; skipped ${skipped.map((s) => s.name).join(', ')}`
          : 'fastest available';
      current = { name, tfBackend: tf.getBackend(), reason, skipped };
      return current;
    }
    if (force) {
      throw new WorkbookError(
        'selectBackend',
        'force',
        force,
        `an installed backend: ${why}`,
        `selectBackend: cannot use backend "${force}": ${why}`,
      );
    }
    skipped.push({ name, why });
  }
  throw new WorkbookError(
    'selectBackend',
    'backend',
    'none',
    BACKEND_ORDER.join(', '),
    'selectBackend: no backend could be initialised',
  );
}

/** The backend chosen so far, or null before selectBackend. */
export function currentBackend(): BackendChoice | null {
  return current;
}

/** One line for humans: "Backend: wasm (fastest available; skipped tensorflow-gpu, tensorflow)". */
export function describeBackend(choice: BackendChoice): string {
  checkObject('describeBackend', 'choice', choice);
  check(
    typeof choice.name === 'string' && Array.isArray(choice.skipped),
    'describeBackend',
    'choice',
    'an object without name/skipped',
    'the BackendChoice that selectBackend returns',
  );
  return `Backend: ${choice.name} (${choice.reason})`;
}
