import type { ComponentChildren } from 'preact';
import { DataTable, type Column } from './page-parts.js';

/** One kind of figure in a chart (spent, committed, remaining …): a segment or a bar of every group. */
export interface BarChartSeries {
  key: string;
  label: string;
  /**
   * Drawn as an outline without fill: for what is left over (remaining, not used), so the
   * filled segments stand out as what happened.
   */
  outline?: boolean;
}

/** One bar (stacked) or one cluster of bars (grouped): a wijk, a year, a category. */
export interface BarChartGroup {
  key: string;
  label: string;
  /** Where the group's own page is: its name in the table links there. */
  href?: string;
  /** One value per series, in the order of `series`. Drawn from zero; a negative value draws as zero. */
  values: readonly number[];
}

/** What `barChartLayout` computes, and `BarChart` draws: exported for its tests. */
export interface BarChartLayout {
  width: number;
  height: number;
  rows: readonly {
    key: string;
    label: { x: number; y: number; text: string };
    bars: readonly { series: number; x: number; y: number; width: number; height: number }[];
    values: readonly { x: number; y: number; text: string }[];
  }[];
  axis: { x: number; y1: number; y2: number };
}

/** The drawing's own units: the SVG scales to its box (max. 40rem), text stays readable at 390 px. */
const WIDTH = 400;
const FONT = 14;
/** An estimate of a character's width at `FONT` (figures and Latin text), to keep text inside. */
const CHAR = FONT * 0.6;
const LABEL_LINE = 20;
const BAR = 20;
const GROUPED_BAR = 14;
const GAP_BETWEEN_BARS = 3;
const GAP_BETWEEN_GROUPS = 14;
const SEGMENT_GAP = 2;

/**
 * Lays out a horizontal bar chart: per group its name on a line of its own (the full width, so
 * long names fit on a phone), then its bar(s) from a common zero line, each followed by its
 * value in words (`format`): the total of a stacked bar, every bar's value when grouped. The
 * scale leaves room at the right for the longest value text.
 */
export function barChartLayout(props: {
  groups: readonly BarChartGroup[];
  seriesCount: number;
  mode: 'stacked' | 'grouped';
  format: (value: number) => string;
}): BarChartLayout {
  const { groups, seriesCount, mode, format } = props;
  const positive = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : 0);
  const barValues = (group: BarChartGroup): number[] =>
    mode === 'stacked'
      ? [Array.from({ length: seriesCount }, (_, s) => positive(group.values[s])).reduce((a, b) => a + b, 0)]
      : Array.from({ length: seriesCount }, (_, s) => positive(group.values[s]));
  const valueTexts = groups.map((g) =>
    mode === 'stacked'
      ? [format(g.values.slice(0, seriesCount).reduce((a, b) => a + b, 0))]
      : Array.from({ length: seriesCount }, (_, s) => format(g.values[s] ?? 0)),
  );
  const longest = Math.max(1, ...valueTexts.flat().map((t) => t.length));
  const valueRoom = Math.ceil(longest * CHAR) + 8;
  const scaleWidth = WIDTH - valueRoom - 1;
  const max = Math.max(0, ...groups.flatMap(barValues));
  const scale = (v: number) => (max > 0 ? (v / max) * scaleWidth : 0);
  const maxLabelChars = Math.floor(WIDTH / CHAR);

  let y = 0;
  const rows = groups.map((group, g) => {
    const label = {
      x: 0,
      y: y + FONT,
      text:
        group.label.length > maxLabelChars
          ? `${group.label.slice(0, maxLabelChars - 1).trimEnd()}…`
          : group.label,
    };
    y += LABEL_LINE + 2;
    const bars: BarChartLayout['rows'][number]['bars'][number][] = [];
    const values: BarChartLayout['rows'][number]['values'][number][] = [];
    const texts = valueTexts[g] ?? [];
    if (mode === 'stacked') {
      let x = 1;
      for (let s = 0; s < seriesCount; s++) {
        const w = scale(positive(group.values[s]));
        if (w > 0) {
          // A small gap between segments, taken from the segment only when it leaves something to see.
          const drawn = w > SEGMENT_GAP * 2 ? w - SEGMENT_GAP : w;
          bars.push({ series: s, x: round(x), y, width: round(drawn), height: BAR });
        }
        x += w;
      }
      values.push({ x: round(x + 6), y: y + BAR / 2 + FONT * 0.35, text: texts[0] ?? '' });
      y += BAR;
    } else {
      for (let s = 0; s < seriesCount; s++) {
        const w = scale(positive(group.values[s]));
        if (w > 0) bars.push({ series: s, x: 1, y, width: round(w), height: GROUPED_BAR });
        values.push({ x: round(1 + w + 6), y: y + GROUPED_BAR / 2 + FONT * 0.35, text: texts[s] ?? '' });
        y += GROUPED_BAR + (s < seriesCount - 1 ? GAP_BETWEEN_BARS : 0);
      }
    }
    y += GAP_BETWEEN_GROUPS;
    return { key: group.key, label, bars, values };
  });
  const height = Math.max(y - GAP_BETWEEN_GROUPS + 2, 1);
  return { width: WIDTH, height, rows, axis: { x: 0.5, y1: 0, y2: height } };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Six ways to fill a series that differ without colour: solid, diagonal stripes, dots,
 * cross-hatching, horizontal and vertical lines, each in a colour with at least 3:1 against
 * white (WCAG 1.4.11), edged in that colour. `outline` series are white with a dark edge.
 */
const FILLS = [
  { color: '#1d4f91', mark: 'solid' },
  { color: '#9c4a00', mark: 'stripes' },
  { color: '#2b6a3a', mark: 'dots' },
  { color: '#6b2f8f', mark: 'cross' },
  { color: '#4d4d4d', mark: 'horizontal' },
  { color: '#8a1538', mark: 'vertical' },
] as const;

function fillOf(series: readonly BarChartSeries[], index: number) {
  const outlineBefore = series.slice(0, index).filter((s) => s.outline).length;
  return FILLS[(index - outlineBefore) % FILLS.length] ?? FILLS[0];
}

function Pattern(props: { id: string; color: string; mark: (typeof FILLS)[number]['mark'] }) {
  const { id, color, mark } = props;
  const light = '#ffffff';
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width={8} height={8}>
      <rect width={8} height={8} fill={color} />
      {mark === 'stripes' ? (
        <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke={light} stroke-width={2} />
      ) : null}
      {mark === 'dots' ? <circle cx={4} cy={4} r={1.6} fill={light} /> : null}
      {mark === 'cross' ? <path d="M0,0 l8,8 M8,0 l-8,8" stroke={light} stroke-width={1.2} /> : null}
      {mark === 'horizontal' ? <rect y={3} width={8} height={2} fill={light} /> : null}
      {mark === 'vertical' ? <rect x={3} width={2} height={8} fill={light} /> : null}
    </pattern>
  );
}

/** What a series' segments and legend swatch are filled and edged with. */
function paintOf(id: string, series: readonly BarChartSeries[], index: number) {
  if (series[index]?.outline) return { fill: '#ffffff', stroke: '#4d4d4d' };
  return { fill: `url(#${id}-fill-${index})`, stroke: fillOf(series, index).color };
}

/**
 * The shared chart: a horizontal bar chart drawn on the server as SVG, with the same figures in
 * a `DataTable` beside it (below it on a narrow screen). It needs no script and no colour
 * vision: each series has its own pattern, named in a legend; every bar carries its value in
 * words; the SVG is one image named by the figure's caption (`role="img"`,
 * `aria-labelledby`), described by `summary` when given, while a screen reader reads the figures
 * from the table. `stacked`: one bar per group with a segment per series and its total at the
 * end; `grouped`: one bar per series. `format` writes a value (e.g. `ctx.format.euros`).
 * `totalLabel` adds a total column (per group) and a totals row (per series) to the table.
 */
export function BarChart(props: {
  id: string;
  caption: string;
  summary?: string;
  /** The heading of the table's first column (what a group is: "Wijk", "Jaar"). */
  groupHeading: string;
  series: readonly BarChartSeries[];
  groups: readonly BarChartGroup[];
  mode: 'stacked' | 'grouped';
  format: (value: number) => string;
  totalLabel?: string;
  /** Shown instead of the chart when there are no groups. */
  emptyText: string;
}) {
  const { id, series, groups, format } = props;
  const captionId = `${id}-caption`;
  const summaryId = `${id}-summary`;
  if (groups.length === 0) {
    return (
      <figure class="bk-chart" id={id}>
        <figcaption class="bk-chart__caption" id={captionId}>
          {props.caption}
        </figcaption>
        <p class="utrecht-paragraph">{props.emptyText}</p>
      </figure>
    );
  }
  const layout = barChartLayout({ groups, seriesCount: series.length, mode: props.mode, format });
  const sum = (values: readonly number[]) => values.slice(0, series.length).reduce((a, b) => a + b, 0);
  const columns: Column<BarChartGroup>[] = [
    {
      label: props.groupHeading,
      rowHeader: true,
      cell: (g): ComponentChildren =>
        g.href ? (
          <a class="utrecht-link" href={g.href}>
            {g.label}
          </a>
        ) : (
          g.label
        ),
    },
    ...series.map((s, i) => ({
      label: s.label,
      numeric: true,
      cell: (g: BarChartGroup) => format(g.values[i] ?? 0),
    })),
    ...(props.totalLabel
      ? [{ label: props.totalLabel, numeric: true, cell: (g: BarChartGroup) => format(sum(g.values)) }]
      : []),
  ];
  const totals: BarChartGroup | undefined = props.totalLabel
    ? {
        key: 'totals',
        label: props.totalLabel,
        values: series.map((_, i) => groups.reduce((a, g) => a + (g.values[i] ?? 0), 0)),
      }
    : undefined;
  return (
    <figure class="bk-chart" id={id}>
      <figcaption class="bk-chart__caption" id={captionId}>
        {props.caption}
      </figcaption>
      {props.summary ? (
        <p class="utrecht-paragraph" id={summaryId}>
          {props.summary}
        </p>
      ) : null}
      <div class="bk-chart__body">
        <div class="bk-chart__drawing">
          <ul class="bk-chart__legend">
            {series.map((s, i) => {
              const paint = paintOf(id, series, i);
              return (
                <li class="bk-chart__legend-item" key={s.key}>
                  <svg class="bk-chart__swatch" viewBox="0 0 16 16" width={16} height={16} aria-hidden="true">
                    <rect
                      x={0.75}
                      y={0.75}
                      width={14.5}
                      height={14.5}
                      fill={paint.fill}
                      stroke={paint.stroke}
                      stroke-width={1.5}
                    />
                  </svg>
                  {s.label}
                </li>
              );
            })}
          </ul>
          <svg
            class="bk-chart__svg"
            role="img"
            aria-labelledby={captionId}
            aria-describedby={props.summary ? summaryId : undefined}
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            width={layout.width}
            height={layout.height}
            focusable="false"
            font-size={FONT}
          >
            <defs>
              {series.map((s, i) =>
                s.outline ? null : <Pattern key={s.key} id={`${id}-fill-${i}`} {...fillOf(series, i)} />,
              )}
            </defs>
            <line
              class="bk-chart__axis"
              x1={layout.axis.x}
              x2={layout.axis.x}
              y1={layout.axis.y1}
              y2={layout.axis.y2}
            />
            {layout.rows.map((row) => (
              <g key={row.key}>
                <text class="bk-chart__label" x={row.label.x + 4} y={row.label.y}>
                  {row.label.text}
                </text>
                {row.bars.map((bar) => {
                  const paint = paintOf(id, series, bar.series);
                  return (
                    <rect
                      class="bk-chart__bar"
                      key={bar.series}
                      data-series={series[bar.series]?.key}
                      x={bar.x + 0.5}
                      y={bar.y + 0.5}
                      width={Math.max(bar.width - 1, 0.5)}
                      height={bar.height - 1}
                      fill={paint.fill}
                      stroke={paint.stroke}
                      stroke-width={1}
                    />
                  );
                })}
                {row.values.map((value, i) => (
                  <text class="bk-chart__value" key={i} x={value.x} y={value.y}>
                    {value.text}
                  </text>
                ))}
              </g>
            ))}
          </svg>
        </div>
        <DataTable
          label={props.caption}
          columns={columns}
          rows={groups}
          rowKey={(g) => g.key}
          {...(totals && props.totalLabel ? { totals: { label: props.totalLabel, row: totals } } : {})}
        />
      </div>
    </figure>
  );
}
