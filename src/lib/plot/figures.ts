/**
 * Figure builders: pure functions from numbers to plotly specs ({ data, layout }). They touch no
 * browser and no notebook, so tests can check them; `show` renders them.
 */
import { check } from '../errors';
import { checkArray, checkObject } from '../validate';
import { OptionsOf, defineOptions } from '../define-options';

export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface Series {
  name: string;
  /** Defaults to 0..y.length-1 (or 1.. with `xFrom1`). */
  x?: number[];
  y: number[];
  /** Optional ± band (e.g. standard deviation across seeds). */
  error?: number[];
  dash?: 'solid' | 'dash' | 'dot';
  /** Draw against a second y axis on the right (e.g. accuracy next to loss). */
  rightAxis?: boolean;
}

const AXIS_OPTIONS = defineOptions('lineChart', {
  title: undefined as string | undefined,
  xTitle: undefined as string | undefined,
  yTitle: undefined as string | undefined,
  /** Title of the right-hand y axis, used by series with rightAxis. */
  y2Title: undefined as string | undefined,
  logX: undefined as boolean | undefined,
  logY: undefined as boolean | undefined,
  height: undefined as number | undefined,
  width: undefined as number | undefined,
});

export type AxisOptions = OptionsOf<typeof AXIS_OPTIONS>;

function layout(o: AxisOptions, extra: Record<string, unknown> = {}): Record<string, unknown> {
  for (const key of ['title', 'xTitle', 'yTitle', 'y2Title'] as const)
    if (o[key] !== undefined) check(typeof o[key] === 'string', 'figure', key, o[key], 'a string');
  for (const key of ['logX', 'logY'] as const)
    if (o[key] !== undefined) check(typeof o[key] === 'boolean', 'figure', key, o[key], 'true or false');
  for (const key of ['height', 'width'] as const)
    if (o[key] !== undefined)
      check(
        Number.isSafeInteger(o[key]) && o[key]! >= 50 && o[key]! <= 10_000,
        'figure',
        key,
        o[key],
        'an integer in [50, 10000] (pixels)',
      );
  return {
    title: o.title ? { text: o.title } : undefined,
    xaxis: { title: { text: o.xTitle ?? '' }, type: o.logX ? 'log' : 'linear' },
    yaxis: { title: { text: o.yTitle ?? '' }, type: o.logY ? 'log' : 'linear' },
    height: o.height ?? 360,
    width: o.width,
    margin: { t: o.title ? 48 : 24, r: 16, b: 48, l: 56 },
    ...extra,
  };
}

/** Lines (training curves, schedules): one trace per series. */
export function lineChart(series: Series[], options: AxisOptions = {}): Figure {
  options = AXIS_OPTIONS.read(options);
  checkArray('lineChart', 'series', series, { nonEmpty: false });
  check(Array.isArray(series) && series.length > 0, 'lineChart', 'series', series, 'a non-empty array of { name, y }');
  const data = series.map((s) => {
    check(Array.isArray(s.y), 'lineChart', `series "${s.name}".y`, s.y, 'an array of numbers');
    const x = s.x ?? s.y.map((_, i) => i);
    check(
      x.length === s.y.length,
      'lineChart',
      `series "${s.name}".x`,
      `${x.length} values`,
      `as many values as y (${s.y.length})`,
    );
    return {
      type: 'scatter',
      mode: s.y.length > 40 ? 'lines' : 'lines+markers',
      name: s.name,
      x,
      y: s.y,
      line: { dash: s.dash ?? 'solid' },
      ...(s.rightAxis ? { yaxis: 'y2' } : {}),
      ...(s.error ? { error_y: { type: 'data', array: s.error, visible: true } } : {}),
    };
  });
  const right = series.some((s) => s.rightAxis)
    ? { yaxis2: { title: { text: options.y2Title ?? '' }, overlaying: 'y', side: 'right' }, legend: { x: 1.08 } }
    : {};
  return { data, layout: layout(options, right) };
}

const BAR_OPTIONS = AXIS_OPTIONS.extend('barChart', {
  /** ± error bars, one per bar (or per bar per group). */
  error: undefined as number[] | number[][] | undefined,
  /** Group names when `values` is a matrix: one trace per group. */
  groups: undefined as string[] | undefined,
  /** Text printed on each bar. */
  text: undefined as boolean | undefined,
});

export type BarOptions = OptionsOf<typeof BAR_OPTIONS>;

/** Bars: `values[i]` for `labels[i]`; with `groups`, values[g][i] is group g's bar for label i. */
export function barChart(labels: string[], values: number[] | number[][], options: BarOptions = {}): Figure {
  options = BAR_OPTIONS.read(options);
  checkArray('barChart', 'labels', labels, { nonEmpty: false });
  check(
    Array.isArray(values) && values.length > 0,
    'barChart',
    'values',
    values,
    'an array of numbers (or of arrays, one per group)',
  );
  if (options.error !== undefined)
    check(Array.isArray(options.error), 'barChart', 'error', options.error, 'an array of ± errors, like values');
  if (options.groups !== undefined) checkArray('barChart', 'groups', options.groups, { nonEmpty: false });
  const matrix = Array.isArray(values[0]) ? (values as number[][]) : [values as number[]];
  matrix.forEach((row, g) =>
    check(
      row.length === labels.length,
      'barChart',
      `values[${g}]`,
      `${row.length} values`,
      `one per label (labels has ${labels.length})`,
    ),
  );
  const errors =
    options.error === undefined
      ? undefined
      : Array.isArray(options.error[0])
        ? (options.error as number[][])
        : [options.error as number[]];
  const data = matrix.map((row, g) => ({
    type: 'bar',
    name: options.groups?.[g] ?? '',
    x: labels,
    y: row,
    ...(errors ? { error_y: { type: 'data', array: errors[g], visible: true } } : {}),
    ...(options.text
      ? { text: row.map((v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3))), textposition: 'auto' }
      : {}),
  }));
  // Labels are names, not numbers: a linear x axis would place string labels nowhere (empty chart).
  const xaxis = { title: { text: options.xTitle ?? '' }, type: 'category' };
  return { data, layout: layout(options, { barmode: 'group', showlegend: matrix.length > 1, xaxis }) };
}

const HEATMAP_OPTIONS = AXIS_OPTIONS.extend('heatmap', {
  xLabels: undefined as string[] | undefined,
  yLabels: undefined as string[] | undefined,
  /** Print each cell's value (confusion matrices). */
  annotate: undefined as boolean | undefined,
  colorscale: undefined as string | undefined,
});

export type HeatmapOptions = OptionsOf<typeof HEATMAP_OPTIONS>;

/** A matrix as colours, row 0 at the top (confusion matrices: rows = true, columns = predicted). */
export function heatmap(z: number[][], options: HeatmapOptions = {}): Figure {
  options = HEATMAP_OPTIONS.read(options);
  checkArray('heatmap', 'z', z, { nonEmpty: false });
  check(
    Array.isArray(z) && z.length > 0 && z.every((r) => r.length === z[0].length),
    'heatmap',
    'z',
    'ragged or empty',
    'a non-empty rectangular matrix',
  );
  for (const key of ['xLabels', 'yLabels'] as const)
    if (options[key] !== undefined) checkArray('heatmap', key, options[key], { nonEmpty: false });
  const x = options.xLabels ?? z[0].map((_, i) => String(i));
  const y = options.yLabels ?? z.map((_, i) => String(i));
  const annotations = options.annotate
    ? z.flatMap((row, i) =>
        row.map((v, j) => ({
          x: x[j],
          y: y[i],
          text: Number.isInteger(v) ? String(v) : v.toFixed(2),
          showarrow: false,
          font: { size: 10 },
        })),
      )
    : [];
  return {
    data: [{ type: 'heatmap', z, x, y, colorscale: options.colorscale ?? 'Blues' }],
    layout: layout(options, {
      annotations,
      yaxis: { title: { text: options.yTitle ?? '' }, autorange: 'reversed', type: 'category' },
      xaxis: { title: { text: options.xTitle ?? '' }, type: 'category' },
    }),
  };
}

const SCATTER_OPTIONS = AXIS_OPTIONS.extend('scatterChart', {
  text: undefined as string[] | undefined,
});

export type ScatterOptions = OptionsOf<typeof SCATTER_OPTIONS>;

/** Points (e.g. hyperparameter trials). */
export function scatterChart(series: Series[], options: ScatterOptions = {}): Figure {
  options = SCATTER_OPTIONS.read(options);
  checkArray('scatterChart', 'series', series, { nonEmpty: false });
  const { text, ...axis } = options;
  if (text !== undefined)
    check(Array.isArray(text), 'scatterChart', 'text', text, 'an array of strings (one per point)');
  const fig = lineChart(series, axis);
  fig.data.forEach((d) => {
    d.mode = 'markers';
    if (text) d.text = text;
  });
  return fig;
}
