/**
 * Figures of notebook 25: one batch's schedule as a timeline (each stage's forward and backward
 * passes, idle gaps = the bubble), and the bubble against the micro-batch count beside the formula.
 */
import type { Figure } from '../../lib';
import type { PipelineStepStats } from '../../lib/train';
import { theoreticalBubble } from '../../lib/train';
import type { SweepRow } from '../25-model-parallel';

/** A Gantt chart of one pipelined batch: a bar per pass, one row per stage, time from the first pass. */
export function scheduleFigure(step: PipelineStepStats, title: string): Figure {
  const t0 = Math.min(...step.events.flat().map((e) => e.start));
  const trace = (kind: 'F' | 'B', name: string, color: string) => {
    const passes = step.events.flatMap((events, s) => events.filter((e) => e.kind === kind).map((e) => ({ ...e, s })));
    return {
      type: 'bar',
      orientation: 'h',
      name,
      y: passes.map((p) => `stage ${p.s}`),
      base: passes.map((p) => p.start - t0),
      x: passes.map((p) => p.end - p.start),
      text: passes.map((p) => String(p.m)),
      textposition: 'inside',
      marker: { color, line: { color: 'white', width: 1 } },
    };
  };
  return {
    data: [trace('F', 'forward (micro-batch no.)', '#4c78a8'), trace('B', 'backward, recomputing', '#f58518')],
    layout: {
      title: { text: title },
      barmode: 'overlay',
      xaxis: { title: { text: 'milliseconds since the first pass' } },
      yaxis: { autorange: 'reversed' },
      height: 120 + 40 * step.events.length,
      margin: { t: 48, r: 16, b: 48, l: 72 },
    },
  };
}

const sd = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1));
};

/** Measured bubble (± sd over the timed batches), the replayed schedule's and the formula, per stage count. */
export function bubbleFigure(rows: SweepRow[]): Figure {
  const stageCounts = [...new Set(rows.map((r) => r.stages))].filter((s) => s > 1);
  const colors = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2'];
  const data = stageCounts.flatMap((S, k) => {
    const mine = rows.filter((r) => r.stages === S);
    const x = mine.map((r) => r.microBatches);
    const dense = Array.from({ length: Math.max(...x) }, (_, i) => i + 1);
    const color = colors[k % colors.length];
    return [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `S=${S} measured`,
        x,
        y: mine.map((r) => r.bubble),
        error_y: { type: 'data', array: mine.map((r) => sd(r.bubbles)), visible: true },
        line: { color },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: `S=${S} replayed on dedicated stages`,
        x,
        y: mine.map((r) => r.replayed),
        marker: { color, symbol: 'diamond-open', size: 10 },
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `S=${S} theory (S−1)/(M+S−1)`,
        x: dense,
        y: dense.map((m) => theoreticalBubble(S, m)),
        line: { color, dash: 'dash' },
      },
    ];
  });
  return {
    data,
    layout: {
      title: { text: 'Pipeline bubble against micro-batches per batch' },
      xaxis: { title: { text: 'micro-batches M' }, type: 'log', tickvals: [1, 2, 4, 8, 16] },
      yaxis: { title: { text: 'bubble (idle share of stage time)' }, range: [0, 1] },
      height: 400,
      margin: { t: 48, r: 16, b: 48, l: 56 },
    },
  };
}
