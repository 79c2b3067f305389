/**
 * Cooperative interruption of long loops. JavaScript cannot stop a running promise from outside,
 * so a host that runs library code interactively (the project's notebook kernel) emits
 * INTERRUPT_EVENT on `process` when the user interrupts, and long loops (fit) look between steps:
 * they yield to the event loop now and then (so the interrupt can arrive at all) and throw
 * InterruptedError when one came after they started. Nothing here knows about Jupyter.
 */
export const INTERRUPT_EVENT = 'tfjs-workbook:interrupt';

export class InterruptedError extends Error {
  constructor(where: string) {
    super(`${where}: interrupted`);
    this.name = 'InterruptedError';
  }
}

let lastInterrupt = -Infinity;
(process.on as (event: string, listener: () => void) => void)(INTERRUPT_EVENT, () => {
  lastInterrupt = performance.now();
});

/** Whether an interrupt arrived after `since` (a performance.now() time). */
export function interruptedSince(since: number): boolean {
  return lastInterrupt > since;
}

let lastYield = 0;

/** Lets timers, I/O and signals run (at most every `everyMs`), so an interrupt can reach a busy loop. */
export async function yieldToEventLoop(everyMs = 50): Promise<void> {
  const now = performance.now();
  if (now - lastYield < everyMs) return;
  lastYield = now;
  await new Promise((resolve) => setImmediate(resolve));
}
