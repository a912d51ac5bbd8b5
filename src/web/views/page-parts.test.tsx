import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { DataTable, type Column } from './page-parts.js';

interface Row {
  name: string;
  households: number;
}
const columns: Column<Row>[] = [
  { label: 'Buurt', rowHeader: true, cell: (r) => r.name },
  { label: 'Huishoudens', numeric: true, cell: (r) => String(r.households) },
];
const rows: Row[] = [
  { name: 'Dorp', households: 6 },
  { name: 'Stadscentrum', households: 3 },
];

describe('a table with a totals row', () => {
  const html = renderToString(
    <DataTable
      label="Huishoudens per buurt"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.name}
      totals={{ label: 'Totaal', row: { name: '', households: 9 } }}
    />,
  );
  const foot = /<tfoot[^>]*>([\s\S]*)<\/tfoot>/.exec(html)?.[1] ?? '';

  it('puts the sums in the table’s foot, after every row, headed by its label for screen readers', () => {
    expect(html.indexOf('Stadscentrum')).toBeLessThan(html.indexOf('<tfoot'));
    expect(foot).toMatch(/<th class="utrecht-table__header-cell" scope="row">Totaal<\/th>/);
  });

  it('aligns the sums like the columns above them, and labels each for the phone’s stacked rows', () => {
    expect(foot).toMatch(
      /<td class="utrecht-table__cell utrecht-table__cell--numeric" data-label="Huishoudens">9<\/td>/,
    );
  });

  it('has no foot without totals', () => {
    const plain = renderToString(
      <DataTable label="Huishoudens per buurt" columns={columns} rows={rows} rowKey={(r) => r.name} />,
    );
    expect(plain).not.toContain('<tfoot');
  });
});
