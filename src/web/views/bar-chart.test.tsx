import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../shared/format.js';
import { BarChart, barChartLayout, type BarChartGroup, type BarChartSeries } from './bar-chart.js';

/** Dutch euros with plain spaces (Intl writes a no-break space), so the expectations read as text. */
const euros = (cents: number) => formatsFor('nl').euros(cents).replace(/\s/g, ' ');
const series: BarChartSeries[] = [
  { key: 'paid', label: 'Uitgegeven' },
  { key: 'committed', label: 'Vastgelegd' },
  { key: 'remaining', label: 'Nog vrij', outline: true },
];
const groups: BarChartGroup[] = [
  { key: 'WK063701', label: 'Centrum', href: '/plaatsen/WK063701', values: [600_000, 200_000, 200_000] },
  { key: 'WK063702', label: 'Noord', values: [100_000, 0, 400_000] },
];

describe('barChartLayout: bars to scale, values beside them', () => {
  it('stacks segments from zero in series order, the longest bar filling the scale', () => {
    const layout = barChartLayout({ groups, seriesCount: 3, mode: 'stacked', format: euros });
    const [centrum, noord] = layout.rows;
    if (!centrum || !noord) throw new Error('two rows expected');
    expect(centrum.bars.map((b) => b.series)).toEqual([0, 1, 2]);
    // Noord's committed amount is zero: no segment is drawn for it.
    expect(noord.bars.map((b) => b.series)).toEqual([0, 2]);
    // Segments follow each other; the total text sits after the last one.
    const [paid, committed] = centrum.bars;
    if (!paid || !committed) throw new Error('segments expected');
    expect(committed.x).toBeGreaterThan(paid.x + paid.width);
    expect(centrum.values).toHaveLength(1);
    expect(centrum.values[0]?.text).toBe('€ 10.000');
    expect(noord.values[0]?.text).toBe('€ 5.000');
    // Proportions: Noord's total is half of Centrum's, its paid segment a sixth of Centrum's.
    const end = (row: typeof centrum) => Math.max(...row.bars.map((b) => b.x + b.width));
    expect(end(noord) / end(centrum)).toBeCloseTo(0.5, 1);
    expect((noord.bars[0]?.width ?? 0) / paid.width).toBeCloseTo(1 / 6, 1);
    // Nothing is drawn outside the drawing, the value texts included (estimated width).
    for (const row of layout.rows) {
      for (const v of row.values) expect(v.x + v.text.length * 14 * 0.6).toBeLessThanOrEqual(layout.width);
      for (const b of row.bars) expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
    }
  });

  it('draws one bar per series when grouped, each with its own value', () => {
    const layout = barChartLayout({ groups, seriesCount: 3, mode: 'grouped', format: euros });
    const centrum = layout.rows[0];
    expect(centrum?.values.map((v) => v.text)).toEqual(['€ 6.000', '€ 2.000', '€ 2.000']);
    expect(layout.rows[1]?.values.map((v) => v.text)).toEqual(['€ 1.000', '€ 0', '€ 4.000']);
    const ys = centrum?.bars.map((b) => b.y) ?? [];
    expect(new Set(ys).size).toBe(3);
    // The largest single value (€ 6.000) fills the scale; € 2.000 is a third of it.
    expect((centrum?.bars[1]?.width ?? 0) / (centrum?.bars[0]?.width ?? 1)).toBeCloseTo(1 / 3, 2);
  });

  it('draws nothing for zeros and negatives, but still writes their value', () => {
    const layout = barChartLayout({
      groups: [{ key: 'a', label: 'Leeg', values: [0, -500] }],
      seriesCount: 2,
      mode: 'stacked',
      format: euros,
    });
    expect(layout.rows[0]?.bars).toEqual([]);
    expect(layout.rows[0]?.values[0]?.text).toBe(euros(-500));
  });

  it('shortens a name too long for the drawing (the table keeps it whole)', () => {
    const long = 'Wijk 01 Binnenstad-Oost met het Havenkwartier en de Oude Werven langs het water';
    const layout = barChartLayout({
      groups: [{ key: 'a', label: long, values: [1] }],
      seriesCount: 1,
      mode: 'stacked',
      format: String,
    });
    const text = layout.rows[0]?.label.text ?? '';
    expect(text.endsWith('…')).toBe(true);
    expect(text.length * 14 * 0.6).toBeLessThanOrEqual(layout.width);
    const html = renderToString(
      <BarChart
        id="c"
        caption="Lang"
        groupHeading="Wijk"
        series={[{ key: 's', label: 'S' }]}
        groups={[{ key: 'a', label: long, values: [1] }]}
        mode="stacked"
        format={String}
        emptyText="Leeg"
      />,
    );
    expect(html).toContain(long);
  });
});

describe('BarChart: one image named by its caption, the figures in a table beside it', () => {
  const html = renderToString(
    <BarChart
      id="budget"
      caption="Wijkbudget 2026 per wijk"
      summary="Van € 15.000 is € 7.000 uitgegeven."
      groupHeading="Wijk"
      series={series}
      groups={groups}
      mode="stacked"
      format={euros}
      totalLabel="Totaal"
      emptyText="Nog geen budget."
    />,
  );

  it('names the SVG by the caption and describes it by the summary', () => {
    expect(html).toMatch(/<figcaption[^>]*id="budget-caption"[^>]*>Wijkbudget 2026 per wijk<\/figcaption>/);
    expect(html).toMatch(
      /<svg[^>]*role="img"[^>]*aria-labelledby="budget-caption"[^>]*aria-describedby="budget-summary"/,
    );
    expect(html).toContain('id="budget-summary"');
  });

  it('fills each series differently without relying on colour, and names each in the legend', () => {
    const patterns = [...html.matchAll(/<pattern id="(budget-fill-\d)"[^>]*>(.*?)<\/pattern>/g)];
    // Two filled series, two different marks (solid, stripes); the outline series has no pattern.
    expect(patterns.map((p) => p[1])).toEqual(['budget-fill-0', 'budget-fill-1']);
    expect(patterns[0]?.[2]).not.toEqual(patterns[1]?.[2]);
    expect(patterns[1]?.[2]).toContain('<path');
    for (const s of series)
      expect(html).toMatch(new RegExp(`<li class="bk-chart__legend-item">.*?${s.label}</li>`));
    expect(html).toMatch(/data-series="remaining"[^>]*fill="#ffffff"/);
  });

  it('shows the same figures in the table, with totals per wijk and per series', () => {
    const table = html.slice(html.indexOf('<table'));
    for (const figure of [
      '€ 6.000',
      '€ 2.000',
      '€ 10.000',
      '€ 1.000',
      '€ 0',
      '€ 4.000',
      '€ 5.000',
      '€ 7.000',
      '€ 15.000',
    ])
      expect(table).toContain(`>${figure}<`);
    expect(table).toContain('<a class="utrecht-link" href="/plaatsen/WK063701">Centrum</a>');
    expect(table).toMatch(/<tfoot[^>]*>.*Totaal.*€ 7.000.*€ 2.000.*€ 6.000.*€ 15.000/);
  });

  it('says so in words when there is nothing to draw', () => {
    const empty = renderToString(
      <BarChart
        id="x"
        caption="Wijkbudget"
        groupHeading="Wijk"
        series={series}
        groups={[]}
        mode="stacked"
        format={euros}
        emptyText="Nog geen budget."
      />,
    );
    expect(empty).toContain('Nog geen budget.');
    expect(empty).not.toContain('<svg');
    expect(empty).not.toContain('<table');
  });
});
