/**
 * The WebGPU path: tfjs's `webgpu` backend (@tensorflow/tfjs-backend-webgpu) on Node through the
 * `webgpu` npm package, which ships Google's Dawn as a prebuilt `dawn.node` (Vulkan on Linux,
 * Metal on macOS, D3D12 on Windows). Both packages are optional: the backend is offered only when
 * both are installed AND Dawn finds an adapter (a GPU with a working driver). Without a GPU, Dawn
 * finds none (Debian 12's software Vulkan, lavapipe, is too old for it), and selection moves on.
 */

/** Both packages, and how to get them. */
export const WEBGPU_PACKAGES = ['webgpu', '@tensorflow/tfjs-backend-webgpu'] as const;
export const WEBGPU_INSTALL = 'npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0';

/** The part of the WebGPU API we touch before tfjs takes over. */
export interface GpuEntry {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<object | null>;
}

export interface WebGpuHooks {
  /** CommonJS loader (require), as for the other backends. */
  load: (pkg: string) => unknown;
  /** ESM loader: `webgpu` is an ES module, which require() cannot load on Node 20. */
  importModule?: (pkg: string) => Promise<unknown>;
}

// `import()` written so that tsc's CommonJS output keeps it (it would turn it into require())
const nativeImport = new Function('specifier', 'return import(specifier)') as (pkg: string) => Promise<unknown>;

/** Why a package is unusable (missing, or an npm alias of something else), or null. */
function packageProblem(pkg: string, load: (pkg: string) => unknown): string | null {
  try {
    const meta = load(`${pkg}/package.json`) as { name?: string };
    return meta?.name === pkg ? null : `${pkg} is not installed (only an alias of ${meta?.name}); ${WEBGPU_INSTALL}`;
  } catch {
    return `${pkg} is not installed (${WEBGPU_INSTALL})`;
  }
}

/**
 * Makes tfjs's 'webgpu' backend available: checks both packages, creates Dawn's `navigator.gpu`
 * (unless the runtime has one), asks for an adapter, and only then exposes the WebGPU globals and
 * loads the tfjs backend (which registers itself only where `navigator.gpu` exists). Returns null
 * when tf.setBackend('webgpu') can be tried, else why not (missing package, no adapter).
 */
export async function prepareWebGpu(hooks: WebGpuHooks): Promise<string | null> {
  for (const pkg of WEBGPU_PACKAGES) {
    const problem = packageProblem(pkg, hooks.load);
    if (problem) return problem;
  }
  const nav = (globalThis as { navigator?: { gpu?: GpuEntry } }).navigator;
  let gpu = nav?.gpu;
  let globals: Record<string, unknown> = {};
  if (!gpu) {
    try {
      const dawn = (await (hooks.importModule ?? nativeImport)('webgpu')) as {
        create(flags: string[]): GpuEntry;
        globals: Record<string, unknown>;
      };
      gpu = dawn.create([]);
      globals = dawn.globals;
    } catch (e) {
      return `the webgpu package could not start Dawn: ${(e as Error).message}`;
    }
  }
  let adapter: object | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return `webgpu is installed but requesting an adapter failed: ${(e as Error).message}`;
  }
  if (!adapter)
    return 'webgpu is installed but Dawn found no WebGPU adapter: it needs a GPU with a Vulkan (Linux: apt-get install libvulkan1 and the vendor driver), Metal (macOS) or D3D12 (Windows) driver';
  Object.assign(globalThis, globals); // GPUBufferUsage, GPUMapMode, … which the tfjs backend reads
  if (!nav) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  const navigator = (globalThis as unknown as { navigator: { gpu?: GpuEntry } }).navigator;
  if (!navigator.gpu) Object.defineProperty(navigator, 'gpu', { value: gpu, configurable: true });
  hooks.load('@tensorflow/tfjs-backend-webgpu');
  return null;
}
