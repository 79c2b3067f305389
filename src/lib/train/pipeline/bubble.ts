/**
 * The pipeline bubble: the share of stage-time spent idle while a batch passes through. With S
 * stages of equal cost and M micro-batches, GPipe keeps every stage busy for M of the M + S − 1
 * slots of each phase, so the bubble is (S − 1) / (M + S − 1) (Huang et al., 2019). The measured
 * bubble comes from the stages' own timestamps: 1 − (time spent computing) / (S × the batch's span).
 */
import { check, checkInt } from '../../errors';
import { checkArray } from '../../validate';
import type { PassEvent } from './protocol';

export function theoreticalBubble(stages: number, microBatches: number): number {
  checkInt('theoreticalBubble', 'stages', stages, 1, 1024);
  checkInt('theoreticalBubble', 'microBatches', microBatches, 1, 1 << 20);
  return (stages - 1) / (microBatches + stages - 1);
}

export interface BubbleMeasurement {
  /** Idle share of the S stages over the batch's span (0 … 1). */
  bubble: number;
  /** From the first stage's first forward pass to the end of the last backward pass, ms. */
  spanMs: number;
  /** Milliseconds each stage spent computing. */
  busyMs: number[];
}

/** The bubble of one batch from each stage's pass events (timestamps in ms, on one clock). */
export function measuredBubble(eventsPerStage: PassEvent[][]): BubbleMeasurement {
  checkArray('measuredBubble', 'eventsPerStage', eventsPerStage);
  eventsPerStage.forEach((events, s) => {
    checkArray('measuredBubble', `eventsPerStage[${s}]`, events);
    events.forEach((e, i) =>
      check(
        typeof e === 'object' && e !== null && Number.isFinite(e.start) && Number.isFinite(e.end) && e.end >= e.start,
        'measuredBubble',
        `eventsPerStage[${s}][${i}]`,
        e,
        'a pass event { kind, m, start, end } with finite start ≤ end',
      ),
    );
  });
  const all = eventsPerStage.flat();
  const spanMs = Math.max(...all.map((e) => e.end)) - Math.min(...all.map((e) => e.start));
  const busyMs = eventsPerStage.map((events) => events.reduce((t, e) => t + (e.end - e.start), 0));
  const busy = busyMs.reduce((a, b) => a + b, 0);
  const bubble = spanMs > 0 ? Math.max(0, 1 - busy / (eventsPerStage.length * spanMs)) : 0;
  return { bubble, spanMs, busyMs };
}

/**
 * The bubble the same passes would leave on S dedicated devices with instant links: each stage's
 * passes are replayed in the order it ran them, each with its measured duration, starting as soon
 * as its stage is free and its input is there (F of micro-batch m after the previous stage's F of
 * m; B of m after the next stage's B of m). What the measured bubble has on top of this is the
 * machine's doing — messages, and cores shared with other stages or programs — not the schedule's.
 */
export function replayedBubble(eventsPerStage: PassEvent[][]): BubbleMeasurement {
  measuredBubble(eventsPerStage); // the same checks
  const S = eventsPerStage.length;
  const ends = new Map<string, number>(); // `${kind}${stage}:${m}` → replayed end
  const queues = eventsPerStage.map((events) => [...events].sort((a, b) => a.start - b.start));
  const free = new Array<number>(S).fill(0);
  const next = new Array<number>(S).fill(0);
  let remaining = queues.reduce((n, q) => n + q.length, 0);
  while (remaining > 0) {
    let progressed = false;
    for (let s = 0; s < S; s++) {
      const e = queues[s][next[s]];
      if (!e) continue;
      const from = e.kind === 'F' ? s - 1 : s + 1;
      const dependency = from >= 0 && from < S ? ends.get(`${e.kind}${from}:${e.m}`) : 0;
      if (dependency === undefined) continue; // its input is not there yet
      const end = Math.max(free[s], dependency) + (e.end - e.start);
      ends.set(`${e.kind}${s}:${e.m}`, end);
      free[s] = end;
      next[s]++;
      remaining--;
      progressed = true;
    }
    check(
      progressed,
      'replayedBubble',
      'eventsPerStage',
      'passes that wait on each other',
      'the passes of one pipelined batch',
    );
  }
  const spanMs = Math.max(...free);
  const busyMs = eventsPerStage.map((events) => events.reduce((t, e) => t + (e.end - e.start), 0));
  const busy = busyMs.reduce((a, b) => a + b, 0);
  return { bubble: spanMs > 0 ? Math.max(0, 1 - busy / (S * spanMs)) : 0, spanMs, busyMs };
}
