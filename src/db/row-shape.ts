/**
 * The row type of a raw `sql<Row>` statement, written out as data so a test can hold the
 * statement's answer to it: the compiler cannot see into raw SQL, but it does hold a
 * `RowShape<Row>` to every column of `Row` and its type. A trailing `?` allows null.
 */
export type RowShape<Row> = { readonly [K in keyof Row]-?: ShapeOf<Row[K]> };

type ShapeOf<T> = null extends T ? `${BaseShape<NonNullable<T>>}?` : BaseShape<T>;
type BaseShape<T> = T extends Date
  ? 'date'
  : T extends Buffer
    ? 'bytes'
    : T extends number
      ? 'number'
      : T extends string
        ? 'string'
        : T extends boolean
          ? 'boolean'
          : never;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'date';
  if (Buffer.isBuffer(value)) return 'bytes';
  return typeof value;
}

/**
 * Where a row differs from its shape: a column missing or extra, or a value of another JS
 * type (`outcome: number, declared string`). Empty when the row is as declared.
 */
export function rowShapeMismatches<Row>(row: Record<string, unknown>, shape: RowShape<Row>): string[] {
  const declared: Record<string, string> = { ...shape };
  const problems: string[] = [];
  for (const column of Object.keys(declared))
    if (!(column in row)) problems.push(`${column}: missing from the answer`);
  for (const [column, value] of Object.entries(row)) {
    const want = declared[column];
    if (want === undefined) {
      problems.push(`${column}: answered, not declared`);
      continue;
    }
    const kind = kindOf(value);
    const nullable = want.endsWith('?');
    if (kind === 'null' ? !nullable : kind !== want.replace(/\?$/, ''))
      problems.push(`${column}: ${kind}, declared ${want}`);
  }
  return problems;
}
