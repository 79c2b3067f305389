/**
 * Cooperative interruption of long loops. JavaScript cannot stop a running promise from outside,
 * so a host that runs library code interactively (the project's notebook kernel) runs each piece of
 * work with `interruptible`, and long loops (fit) look between steps: they yield to the event loop
 * now and then (so that the host's interrupt can arrive at all) and throw InterruptedError once the
 * work they belong to was interrupted. The scope follows the work through every await
 * (AsyncLocalStorage), so code an interrupted cell still had running stops too when it reaches a
 * loop; work outside any scope (scripts, tests) is never interrupted. Nothing here knows about Jupyter.
 */
import { AsyncLocalStorage } from 'async_hooks';
import { checkFunction } from './validate';

export class InterruptedError extends Error {
  constructor(where: string) {
    super(`${where}: interrupted`);
    this.name = 'InterruptedError';
  }
}

interface Scope {
  interrupted: boolean;
}

// One per process, even if two copies of the library are loaded (the host's and a notebook's).
const KEY = Symbol.for('tfjs-workbook.interrupt-scope');
const scopes: AsyncLocalStorage<Scope> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new AsyncLocalStorage<Scope>()) as AsyncLocalStorage<Scope>;

/** Runs `work` in a new scope; `interrupt()` marks everything it started (now or later) as interrupted. */
export function interruptible<T>(work: () => T): { result: T; interrupt(): void } {
  checkFunction('interruptible', 'work', work);
  const scope: Scope = { interrupted: false };
  const result = scopes.run(scope, work);
  return { result, interrupt: () => void (scope.interrupted = true) };
}

/** Whether the work calling this was interrupted. */
export function interrupted(): boolean {
  return scopes.getStore()?.interrupted ?? false;
}

let lastYield = 0;

/** Lets timers, I/O and signals run (at most every `everyMs`), so an interrupt can reach a busy loop. */
export async function yieldToEventLoop(everyMs = 50): Promise<void> {
  const now = performance.now();
  if (now - lastYield < everyMs) return;
  lastYield = now;
  await new Promise((resolve) => setImmediate(resolve));
}
