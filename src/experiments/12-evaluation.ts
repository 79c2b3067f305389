/** Figures for evaluation results: a confusion-matrix heatmap and ROC curves with their AUCs. */
import { Figure, heatmap, lineChart } from '../lib';
import { Confusion, RocCurve, auc } from '../lib/eval';

/** Rows = true class, columns = predicted class, each cell annotated with its count (or fraction). */
export function confusionFigure(confusion: Confusion, options: { names?: string[]; title?: string } = {}): Figure {
  const names = confusion.labels.map((l) => options.names?.[l] ?? String(l));
  return heatmap(confusion.matrix, {
    xLabels: names,
    yLabels: names,
    annotate: true,
    title: options.title ?? 'Confusion matrix',
    xTitle: 'predicted',
    yTitle: 'true',
    height: 420,
  });
}

/** ROC curves (false positive rate → true positive rate), AUC in each legend entry, chance as a dashed diagonal. */
export function rocFigure(
  curves: (RocCurve & { label?: number })[],
  options: { names?: string[]; title?: string } = {},
): Figure {
  const series = curves.map((c, i) => ({
    name: `${options.names?.[c.label ?? i] ?? c.label ?? i} (AUC ${auc(c.fpr, c.tpr).toFixed(3)})`,
    x: c.fpr,
    y: c.tpr,
  }));
  series.push({ name: 'chance', x: [0, 1], y: [0, 1], dash: 'dash' } as never);
  const fig = lineChart(series, {
    title: options.title ?? 'ROC curves',
    xTitle: 'false positive rate',
    yTitle: 'true positive rate',
    height: 420,
  });
  fig.data.forEach((d) => (d.mode = 'lines'));
  return fig;
}
