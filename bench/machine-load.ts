/**
 * Load average around a benchmark: recorded at the start and the end, and a warning when the
 * machine was busy, because timings taken beside other jobs are not the machine's speed.
 * Busy means: before we started, other work already kept a quarter of the cores busy (1-minute
 * load ≥ cores / 4), or by the end the load exceeded what this benchmark alone puts on the cores.
 */
import * as os from 'node:os';

export interface LoadRecord {
  cores: number;
  /** 1-, 5- and 15-minute load averages at the start and at the end. */
  start: number[];
  end: number[];
  busy: boolean;
}

const rounded = () => os.loadavg().map((v) => Number(v.toFixed(2)));

/** Starts a record; call `finish(ownThreads)` at the end with the most threads the benchmark ran at once. */
export function recordLoad(): { start: number[]; cores: number; finish: (ownThreads: number) => LoadRecord } {
  const cores = os.availableParallelism();
  const start = rounded();
  return {
    start,
    cores,
    finish(ownThreads: number): LoadRecord {
      const end = rounded();
      return { cores, start, end, busy: wasBusy(start[0], end[0], cores, ownThreads) };
    },
  };
}

/** The rule above, on 1-minute load averages. */
export function wasBusy(startLoad: number, endLoad: number, cores: number, ownThreads: number): boolean {
  return startLoad >= cores / 4 || endLoad > Math.max(ownThreads, 1) + cores / 4;
}

/** A one-line warning for a busy machine, or null. */
export function busyWarning(load: LoadRecord): string | null {
  if (!load.busy) return null;
  return `WARNING: the machine was busy (load average ${load.start[0]} at the start, ${load.end[0]} at the end, ${load.cores} cores): other work shared the cores, so these timings are not this machine's speed; compare ratios from one run, and re-run on a quiet machine for absolute figures.`;
}
