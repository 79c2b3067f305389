/**
 * The project's Jupyter kernel: `node dist/kernel-setup/kernel/main.js <connection_file>`.
 * tslab compiles the TypeScript (its converter, with source maps from patches/tslab+*.patch);
 * this kernel runs the cells and speaks the whole messaging protocol: execute_result, error
 * messages with tracebacks, history, is_complete "invalid", clear_output, interrupts.
 */
import * as path from 'path';
import { createConverter } from 'tslab/dist/converter';
import { versions } from 'tslab';
import { CellExecutor } from './executor';
import { KernelServer } from './server';

// The display API (tslab's `display`, and the library's plots through it) calls these hooks.
const tslabJupyter = require('tslab/dist/jupyter') as {
  lastWriteDisplayData: ((data: Record<string, unknown>, update: boolean) => void) | null;
  lastClearOutput: ((wait: boolean) => void) | null;
};

function kernelInfo(): Record<string, unknown> {
  const pkg = require(path.join(__dirname, '..', '..', '..', 'package.json')) as { name: string; version: string };
  return {
    protocol_version: '5.3',
    implementation: `${pkg.name}-kernel`,
    implementation_version: pkg.version,
    language_info: {
      name: 'typescript',
      version: versions.typescript,
      mimetype: 'text/typescript',
      file_extension: '.ts',
      // As tslab: TypeScript highlighting in JupyterLab (mode) and the classic notebook (name + typescript).
      codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
    },
    banner: `TypeScript ${versions.typescript} on Node ${process.version} (tslab ${versions.tslab} converter)`,
    help_links: [],
  };
}

async function main(): Promise<void> {
  const connectionFile = process.argv[2];
  if (!connectionFile) throw new Error('usage: main.js <connection_file>');
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (s: string) => void realStderr(s);
  const executor = new CellExecutor(process.cwd(), createConverter({ isJS: false, isBrowser: false }));
  const server = new KernelServer(executor, kernelInfo(), log);
  await server.start(connectionFile);
  // Output of cell code (also of work it left running) goes to the cell that runs now, or ran last.
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const original = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return server.stream(name, text) || (original as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
  tslabJupyter.lastWriteDisplayData = (data, update) => server.display(data, update);
  tslabJupyter.lastClearOutput = (wait) => server.clearOutput(wait);
  // Jupyter interrupts a kernel with SIGINT (or interrupt_request): an awaiting cell stops, fit at its next batch.
  process.on('SIGINT', () => executor.interrupt());
  process.on('uncaughtException', (e) => console.error('Uncaught exception (outside the running cell):', e));
  process.on('unhandledRejection', (e) => console.error('Unhandled promise rejection:', e));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
