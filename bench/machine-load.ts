/**
 * How busy the machine was around a benchmark, because timings taken beside other jobs are not the
 * machine's speed. Two measures:
 *  - **other programs' CPU during the run** (Linux): all cores' busy time from the kernel's counters
 *    (os.cpus), minus this process's own CPU time (every thread) and that of the children it has
 *    waited for (PyTorch, OpenCV: /proc/self/stat), over the wall time. This is what the run shared
 *    the cores with, and it is not fooled by the load average our own previous run leaves behind
 *    (the 1-minute average takes minutes to decay, so a quiet machine used to read "busy").
 *  - the 1-, 5- and 15-minute load averages at the start and the end, recorded as before.
 * Busy means other programs used more than a quarter of the cores on average; where the counters are
 * missing, the load-average rule (`wasBusy`) decides.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface LoadRecord {
  cores: number;
  /** 1-, 5- and 15-minute load averages at the start and at the end. */
  start: number[];
  end: number[];
  /** Cores' worth of CPU other programs used during the run, on average; null where unmeasurable. */
  others_cores: number | null;
  busy: boolean;
}

/** A point in time: all cores' busy milliseconds, our own and our waited children's CPU milliseconds. */
export interface CpuSnapshot {
  atMs: number;
  machineBusyMs: number;
  ownMs: number;
  /** null where /proc/self/stat cannot be read (not Linux). */
  childrenMs: number | null;
}

const rounded = () => os.loadavg().map((v) => Number(v.toFixed(2)));

/** Kernel clock ticks per second for /proc times: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // fields after the ")" that closes the command name: state is field 3, cutime 16, cstime 17
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const machineBusyMs = os
    .cpus()
    .reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
  const own = process.cpuUsage();
  return {
    atMs: performance.now(),
    machineBusyMs,
    ownMs: (own.user + own.system) / 1000,
    childrenMs: childrenCpuMs(),
  };
}

/** Cores' worth of CPU used by other programs between two snapshots (≥ 0), or null without the counters. */
export function othersCores(a: CpuSnapshot, b: CpuSnapshot): number | null {
  const wall = b.atMs - a.atMs;
  if (a.childrenMs === null || b.childrenMs === null || wall <= 0) return null;
  const others = b.machineBusyMs - a.machineBusyMs - (b.ownMs - a.ownMs) - (b.childrenMs - a.childrenMs);
  return Math.max(0, others / wall);
}

/** Starts a record; call `finish(ownThreads)` at the end with the most threads the benchmark ran at once. */
export function recordLoad(): { start: number[]; cores: number; finish: (ownThreads: number) => LoadRecord } {
  const cores = os.availableParallelism();
  const start = rounded();
  const first = cpuSnapshot();
  return {
    start,
    cores,
    finish(ownThreads: number): LoadRecord {
      const end = rounded();
      const others = othersCores(first, cpuSnapshot());
      const busy = others === null ? wasBusy(start[0], end[0], cores, ownThreads) : others > cores / 4;
      return { cores, start, end, others_cores: others === null ? null : Number(others.toFixed(2)), busy };
    },
  };
}

/**
 * The fallback rule, on 1-minute load averages: before we started, other work already kept a quarter
 * of the cores busy, or by the end the load exceeded what this benchmark alone puts on the cores.
 */
export function wasBusy(startLoad: number, endLoad: number, cores: number, ownThreads: number): boolean {
  return startLoad >= cores / 4 || endLoad > Math.max(ownThreads, 1) + cores / 4;
}

/** A one-line warning for a busy machine, or null. */
export function busyWarning(load: LoadRecord): string | null {
  if (!load.busy) return null;
  const others =
    load.others_cores === null ? '' : `other programs used ${load.others_cores} of ${load.cores} cores on average; `;
  return `WARNING: the machine was busy (${others}load average ${load.start[0]} at the start, ${load.end[0]} at the end, ${load.cores} cores): other work shared the cores, so these timings are not this machine's speed; compare ratios from one run, and re-run on a quiet machine for absolute figures.`;
}
