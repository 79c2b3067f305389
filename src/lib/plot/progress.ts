/**
 * Training progress as a callback: in a notebook, one output updated in place with a progress
 * line and live loss/accuracy curves; in a terminal, a one-line bar redrawn with \r.
 */
import { Callback, Logs, TrainState } from '../train/callback';
import { lineChart, Series } from './figures';
import { inNotebook, liveFigure } from './show';
import { checkOptions } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

const PROGRESS_OPTIONS = defineOptions('progress', {
  /** Title of the live chart. */
  title: undefined as string | undefined,
  /** Redraw the live chart every this many batches (and at each epoch end). Default 10. */
  everyBatches: undefined as number | undefined,
  /** Which logs to plot per epoch. Default: all of loss, val_loss, acc, val_acc present. */
  keys: undefined as string[] | undefined,
});

export type ProgressOptions = OptionsOf<typeof PROGRESS_OPTIONS>;

function bar(fraction: number, width = 24): string {
  const full = Math.round(fraction * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/** A progress display for `fit`. @example await fit(model, x, y, { epochs: 3, callbacks: [progress()] }); */
export function progress(options: ProgressOptions = {}): Callback {
  options = PROGRESS_OPTIONS.read(options);
  const every = options.everyBatches ?? 10;
  const notebook = inNotebook();
  const live = liveFigure();
  const batchLoss: number[] = [];
  const batchX: number[] = [];
  let started = 0;
  let line = '';

  const draw = (state: TrainState) => {
    const h = state.history.history;
    const keys = options.keys ?? ['loss', 'val_loss', 'acc', 'val_acc'].filter((k) => h[k]?.length);
    const series: Series[] = [{ name: 'batch loss', x: batchX, y: batchLoss, dash: 'dot' }];
    for (const k of keys)
      series.push({ name: `epoch ${k}`, x: h[k].map((_, i) => i + 1), y: h[k], rightAxis: /acc/.test(k) });
    const fig = lineChart(series, {
      title: options.title ?? 'Training',
      xTitle: 'epoch',
      yTitle: 'loss',
      y2Title: 'accuracy',
      height: 300,
    });
    live.update(fig, `<pre style="margin:0">${line}</pre>`);
  };

  return {
    onTrainBegin() {
      started = Date.now();
    },
    onBatchEnd(batch: number, logs: Logs, state: TrainState) {
      const { steps, epochs } = state.params;
      batchLoss.push(logs.loss);
      batchX.push(state.epoch + (batch + 1) / steps);
      const done = (state.epoch * steps + batch + 1) / (epochs * steps);
      const secs = (Date.now() - started) / 1000;
      line = `epoch ${state.epoch + 1}/${epochs} ${bar(done)} ${(done * 100).toFixed(0)}% loss ${logs.loss.toFixed(4)}${logs.acc !== undefined ? ` acc ${logs.acc.toFixed(3)}` : ''} ${secs.toFixed(1)}s`;
      if (notebook) {
        if ((batch + 1) % every === 0) draw(state);
      } else if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    },
    onEpochEnd(epoch: number, logs: Logs, state: TrainState) {
      const parts = Object.entries(logs)
        .filter(([k]) => k !== 'size')
        .map(([k, v]) => `${k} ${v.toPrecision(4)}`);
      line = `epoch ${epoch + 1}/${state.params.epochs}: ${parts.join(', ')}`;
      if (notebook) draw(state);
      else process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${line}\n`);
    },
  };
}
