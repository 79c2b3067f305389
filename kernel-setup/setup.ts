/**
 * `npm run kernel:setup [-- --user]`: makes sure Jupyter is there and registers this checkout's
 * tslab kernel in .jupyter/ (used by the workbook and tests via JUPYTER_PATH). With --user it is
 * also installed where your own `jupyter lab` / `jupyter notebook` finds it.
 */
import { ensureJupyter, KERNEL_NAME, userJupyterDir, writeKernelSpec } from './jupyter';

function main(): void {
  const python = ensureJupyter();
  console.log(`Jupyter: ${python}`);
  console.log(`Kernel "${KERNEL_NAME}": ${writeKernelSpec()}`);
  if (process.argv.includes('--user')) {
    console.log(`Kernel "${KERNEL_NAME}" for your own Jupyter: ${writeKernelSpec(userJupyterDir())}`);
  }
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
