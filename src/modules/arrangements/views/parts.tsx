import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../web/page.js';
import { DataTable } from '../../../web/views/page-parts.js';
import type { DataQuality } from '../arrangement.js';
import type { Comparison, ComparedArrangement, CriterionCell } from '../arrangements.service.js';

/** A measured value or target as people read it: `1.234,5` with its unit. */
export function amount(ctx: PageContext, value: number | undefined, unit: string): string {
  if (value === undefined) return '–';
  return `${ctx.format.number(Math.round(value * 10) / 10)} ${unit}`.trim();
}

/** Attainment as a whole percentage of the way from baseline to target. */
export function percent(ctx: PageContext, fraction: number | undefined): string {
  return fraction === undefined ? '–' : `${ctx.format.number(Math.round(fraction * 100))}%`;
}

/** The data-quality flag, in words (never a colour alone). */
export function QualityFlag(props: { ctx: PageContext; quality: DataQuality }) {
  return (
    <span class={`bk-quality bk-quality--${props.quality}`}>
      {props.ctx.t(`arrangements.quality.${props.quality}`)}
    </span>
  );
}

export function Definitions(props: { items: readonly [string, ComponentChildren][] }) {
  return (
    <dl class="bk-definitions">
      {props.items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function CellFigures(props: { ctx: PageContext; cell: CriterionCell | undefined }) {
  const { ctx, cell } = props;
  if (!cell) return <>{ctx.t('arrangements.compare.notMeasured')}</>;
  return (
    <ul class="utrecht-unordered-list bk-plain-list">
      <li>
        {ctx.t('arrangements.compare.value')}:{' '}
        {cell.value ? amount(ctx, cell.value.value, cell.unit) : ctx.t('arrangements.compare.noValue')}
      </li>
      <li>
        {ctx.t('arrangements.compare.baseline')}: {amount(ctx, cell.baseline, cell.unit)}
      </li>
      <li>
        {ctx.t('arrangements.compare.target')}: {amount(ctx, cell.target, cell.unit)}
      </li>
      <li>
        {ctx.t('arrangements.compare.attainment')}: {percent(ctx, cell.attainment)}
      </li>
      <li>
        {ctx.t('arrangements.compare.costPerUnit')}:{' '}
        {cell.costPerUnitCents === undefined
          ? ctx.t('arrangements.compare.noCostPerUnit')
          : `${ctx.format.euros(cell.costPerUnitCents)} ${ctx.t('arrangements.compare.perUnit', { unit: cell.unit })}`}
      </li>
      <li>
        {ctx.t('arrangements.compare.quality')}: <QualityFlag ctx={ctx} quality={cell.quality} />
      </li>
    </ul>
  );
}

interface ComparisonRow {
  key: string;
  label: ComponentChildren;
  cell: (a: ComparedArrangement) => ComponentChildren;
}

/**
 * The providers side by side: one column per arrangement, one row per criterion, the same
 * rows for every kind of provider. A plain table: works without JavaScript and reads in order
 * with a screen reader (each cell is labelled by its row and column).
 */
export function ComparisonTable(props: { ctx: PageContext; comparison: Comparison; label: string }) {
  const { ctx, comparison } = props;
  const rows: ComparisonRow[] = [
    {
      key: 'provider',
      label: ctx.t('arrangements.compare.provider'),
      cell: (a) => (
        <>
          {a.providerName} ({ctx.t(`arrangements.kind.${a.providerKind}`)})
        </>
      ),
    },
    {
      key: 'status',
      label: ctx.t('arrangements.field.status'),
      cell: (a) => ctx.t(`arrangements.status.${a.status}`),
    },
    {
      key: 'years',
      label: ctx.t('arrangements.field.period'),
      cell: (a) => `${a.startYear}–${a.startYear + a.years - 1}`,
    },
    {
      key: 'cost',
      label: ctx.t('arrangements.compare.cost', { year: String(comparison.year) }),
      cell: (a) => (a.costCents === undefined ? '–' : ctx.format.euros(a.costCents)),
    },
    ...comparison.criteria.map((c) => ({
      key: `criterion-${c.code}`,
      label: (
        <>
          {c.name} <span class="bk-muted">({c.unit})</span>
        </>
      ),
      cell: (a: ComparedArrangement) => <CellFigures ctx={ctx} cell={a.cells.get(c.code)} />,
    })),
  ];
  return (
    <DataTable
      label={props.label}
      caption
      columns={[
        {
          label: ctx.t('arrangements.compare.criterion'),
          cell: (r: ComparisonRow) => r.label,
          rowHeader: true,
        },
        ...comparison.arrangements.map((a) => ({
          label: `${a.title} (${a.reference})`,
          cell: (r: ComparisonRow) => r.cell(a),
        })),
      ]}
      rows={rows}
      rowKey={(r) => r.key}
    />
  );
}
