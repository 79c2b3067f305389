/**
 * Finds a Python that has Jupyter's pieces (nbclient, nbconvert, jupyter_client), installs
 * Debian's packages when missing and allowed, and writes this checkout's kernelspec.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The kernelspec's name and display name: written once, in package.json's "workbook.kernel". */
const KERNEL: { name: string; displayName: string } = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
).workbook.kernel;
export const KERNEL_NAME = KERNEL.name;
export const KERNEL_DISPLAY_NAME = KERNEL.displayName;
export const JUPYTER_DIR = path.join(ROOT, '.jupyter');
export const DEBIAN_PACKAGES = [
  'jupyter-nbconvert',
  'python3-nbclient',
  'jupyter-client',
  'python3-jupyter-kernel-test',
];
const MODULES = ['nbclient', 'nbconvert', 'jupyter_client'];

/** Pythons to try: $WORKBOOK_PYTHON alone when set, else python3 on PATH, then Debian's own. */
function candidates(): string[] {
  return process.env.WORKBOOK_PYTHON ? [process.env.WORKBOOK_PYTHON] : ['python3', '/usr/bin/python3'];
}

/** Which of `modules` a python lacks ([] = all present); null if the python does not run. */
export function missingModules(python: string, modules = MODULES): string[] | null {
  const code = `import importlib.util,sys;print(",".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))`;
  const r = spawnSync(python, ['-c', code, ...modules], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return r.stdout.trim() ? r.stdout.trim().split(',') : [];
}

/** The first python with all the given modules, or null. */
export function findPython(modules = MODULES): string | null {
  for (const p of candidates()) if (missingModules(p, modules)?.length === 0) return p;
  return null;
}

export function installCommand(): string {
  return `apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`;
}

/** Installs Debian's Jupyter packages when we are root with apt-get; returns whether it tried. */
export function installJupyter(log: (s: string) => void = console.log): boolean {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (!root || !apt) return false;
  log(`Jupyter is missing; installing Debian packages: ${DEBIAN_PACKAGES.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...DEBIAN_PACKAGES], { stdio: 'inherit', env });
  return r.status === 0;
}

/** A python with Jupyter, installing it if we may; otherwise throws with the exact fix. */
export function ensureJupyter(options: { install?: boolean } = {}): string {
  let python = findPython();
  if (!python && options.install !== false && installJupyter()) python = findPython();
  if (!python) {
    const tried = candidates()
      .map((p) => `${p}: ${missingModules(p)?.join(', ') || 'not runnable'}`)
      .join('; ');
    throw new Error(
      `Jupyter not found (need Python modules ${MODULES.join(', ')}; ${tried}).\nFix: ${installCommand()}\n(or set WORKBOOK_PYTHON to a python that has them)`,
    );
  }
  return python;
}

/** The kernelspec for this checkout: the project's kernel (kernel-setup/kernel/, on tslab's
 * converter), built to dist/ and run by this node. */
export function kernelSpec(): Record<string, unknown> {
  return {
    argv: [process.execPath, path.join(ROOT, 'dist', 'kernel-setup', 'kernel', 'main.js'), '{connection_file}'],
    display_name: KERNEL_DISPLAY_NAME,
    language: 'typescript',
    env: { NODE_OPTIONS: '--max-old-space-size=8192' },
  };
}

/** Writes the kernelspec into dir/kernels/<name>/kernel.json (idempotent). Returns its path. */
export function writeKernelSpec(dir = JUPYTER_DIR): string {
  const kdir = path.join(dir, 'kernels', KERNEL_NAME);
  fs.mkdirSync(kdir, { recursive: true });
  const file = path.join(kdir, 'kernel.json');
  const text = JSON.stringify(kernelSpec(), null, 2) + '\n';
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  return file;
}

/** The user's own Jupyter data dir (where `jupyter lab` looks), per Jupyter's rules. */
export function userJupyterDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Jupyter');
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'jupyter');
}

/** Environment for Jupyter processes that makes them see our project-local kernelspec. */
export function jupyterEnv(): NodeJS.ProcessEnv {
  const paths = [JUPYTER_DIR, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return { ...process.env, JUPYTER_PATH: paths, PYDEVD_DISABLE_FILE_VALIDATION: '1' };
}
