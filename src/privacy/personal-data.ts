/**
 * The personal data register (AVG/GDPR art. 30) as data: each module declares which of its
 * tables hold personal data, why, how long, how to find one person's rows, and which gemeente
 * each row belongs to. The retention job, the export (art. 15) and the erasure (art. 17) all
 * read this one declaration, so what the register says is what the software does; a request
 * by a gemeente's administrator reaches that gemeente's rows only.
 *
 * A module declares its entries with a type-only import, so the register can import every
 * module without an import cycle:
 *
 * ```ts
 * import type { PersonalDataEntry } from '../../privacy/index.js';
 * export const reportsPersonalData: readonly PersonalDataEntry[] = [{ id: 'reports.reporter', …,
 *   gemeente: { kind: 'place', path: { column: 'buurt_code' } } }];
 * ```
 * and adds them to `src/privacy/register.ts`.
 */

/** The lawful basis, AVG art. 6(1)(a)–(f). A municipality mostly works on `public-task`. */
export type LegalBasis =
  'consent' | 'contract' | 'legal-obligation' | 'vital-interests' | 'public-task' | 'legitimate-interests';

/** A period, added up: `{ years: 1, months: 6 }`. Whole numbers, at least one above zero. */
export interface Term {
  readonly years?: number;
  readonly months?: number;
  readonly days?: number;
}

/** A literal that may replace a value when anonymising. */
export type ReplacementValue = string | number | boolean | null;

/** What erasing a row means: removing it, or overwriting its personal columns. */
export type Erasure =
  | { readonly kind: 'delete' }
  | {
      readonly kind: 'anonymise';
      /** Column → replacement (mostly null). Only columns listed in the entry's `columns`. */
      readonly set: Readonly<Record<string, ReplacementValue>>;
    };

/** Kept on purpose, with the reason in one line (e.g. an archive or audit obligation). */
export interface Kept {
  readonly kind: 'keep';
  readonly reason: string;
}

/**
 * How long rows are kept. `erase-after`: erase rows whose `from` timestamp lies more than
 * `term` in the past. A row whose `from` is null never expires: use that for unfinished
 * business (mail not yet sent, a case still open).
 */
export type Retention =
  | { readonly kind: 'erase-after'; readonly term: Term; readonly from: string; readonly erase: Erasure }
  | Kept;

/** One step from a row to the rows of another table: those whose `to` column equals this row's `from`. */
export interface Join {
  readonly from: string;
  readonly table: string;
  readonly to: string;
}

/**
 * A column of the row itself (`{ column }`), or of the rows reached from it through `join`, each
 * step starting from the previous one: `{ join: [{ from: 'initiative_id', table: 'initiative',
 * to: 'id' }], column: 'municipality_code' }`.
 */
export interface ColumnPath {
  readonly join?: readonly Join[];
  readonly column: string;
}

/**
 * Which gemeenten a row belongs to: a request reaches only rows of the requester's gemeenten, and
 * its audit entry goes to every gemeente whose rows it touched.
 * - `place`: the path ends in a CBS code (gemeente, wijk or buurt); the row belongs to its gemeente.
 *   Through a join, to the gemeente of every row reached (a staff account: those of its roles).
 * - `places`: the path ends in an array of CBS codes (the audit log's `municipality_codes`).
 * - `none`: the rows belong to no gemeente (a resident's sign-in is with the platform, not with a
 *   gemeente); they are handled by the platform's administrator (`handledBy: 'platform'`: the
 *   command line, which works across gemeenten), with the reason in one line.
 * A row whose path leads to no code (a null, no joined row) also belongs to no gemeente.
 */
export type GemeenteMapping =
  | { readonly kind: 'place' | 'places'; readonly path: ColumnPath }
  | { readonly kind: 'none'; readonly handledBy: 'platform'; readonly reason: string };

/** Where the person's e-mail address or account id is: a column of the row, or a path to one. */
export type SubjectColumn = string | ColumnPath;

export interface PersonalDataEntry {
  /** Stable id, `<module>.<what>` (`mail.outbox`); recorded with every erasure. */
  readonly id: string;
  /** Table name (optionally `schema.table`). */
  readonly table: string;
  /** The table's primary key column: erasure works in batches by key. */
  readonly key: string;
  /** What a row is, in plain language, for the person reading their export. */
  readonly description: string;
  /** Columns that hold personal data. */
  readonly columns: readonly string[];
  /** Why it is processed, in one line. */
  readonly purpose: string;
  readonly legalBasis: LegalBasis;
  readonly retention: Retention;
  /** How the rows map to gemeenten: required, so no entry reaches across gemeenten unnoticed. */
  readonly gemeente: GemeenteMapping;
  /**
   * How to find one person's rows: a column holding their e-mail address (compared without
   * case) and/or their account id, in the row or through a join (a thread's messages through
   * their initiative's initiator). Without it, the entry is left out of export and erasure.
   */
  readonly findBy?: { readonly email?: SubjectColumn; readonly accountId?: SubjectColumn };
  /** What an erasure request does to the person's rows; `keep` when the law requires keeping. */
  readonly onRequest: Erasure | Kept;
  /** Further columns in the export for context (dates, status). Never secrets such as hashes. */
  readonly exportColumns?: readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const TABLE = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/;
const ENTRY_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;

/**
 * Checks every entry: identifiers are plain lowercase names (they are put into SQL as quoted
 * identifiers, never as text), ids are unique, terms make sense, every entry says how its rows
 * map to a gemeente, and an erasure by e-mail address does not leave that address behind. Returns the entries, frozen; throws one error
 * listing every problem.
 */
export function checkRegister(entries: readonly PersonalDataEntry[]): readonly PersonalDataEntry[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const say = (problem: string) => problems.push(`${entry.id}: ${problem}`);
    if (!ENTRY_ID.test(entry.id)) say('id must look like module.what');
    if (seen.has(entry.id)) say('id is used twice');
    seen.add(entry.id);
    if (!TABLE.test(entry.table)) say(`table "${entry.table}" is not a plain lowercase name`);
    const columnsToCheck = [
      entry.key,
      ...entry.columns,
      ...(entry.exportColumns ?? []),
      ...namesOf(entry.findBy?.email),
      ...namesOf(entry.findBy?.accountId),
      ...(entry.retention.kind === 'erase-after' ? [entry.retention.from] : []),
    ];
    const mapping: GemeenteMapping | undefined = entry.gemeente;
    if (mapping === undefined) {
      say('says not how its rows map to a gemeente (gemeente)');
    } else if (mapping.kind === 'none') {
      if (!mapping.reason.trim()) say('rows of no gemeente need the reason');
    } else {
      columnsToCheck.push(...namesOf(mapping.path));
    }
    for (const join of [...joinsOf(entry.findBy?.email), ...joinsOf(entry.findBy?.accountId)]) {
      if (!TABLE.test(join.table)) say(`table "${join.table}" is not a plain lowercase name`);
    }
    if (mapping !== undefined && mapping.kind !== 'none') {
      for (const join of joinsOf(mapping.path)) {
        if (!TABLE.test(join.table)) say(`table "${join.table}" is not a plain lowercase name`);
      }
    }
    for (const column of columnsToCheck) {
      if (!IDENTIFIER.test(column)) say(`column "${column}" is not a plain lowercase name`);
    }
    if (entry.columns.length === 0) say('lists no personal columns');
    if (!entry.purpose.trim() || !entry.description.trim()) say('needs a purpose and a description');
    if (entry.findBy && entry.findBy.email === undefined && entry.findBy.accountId === undefined)
      say('findBy names no column');
    if (entry.retention.kind === 'erase-after') {
      const problem = checkTerm(entry.retention.term);
      if (problem) say(problem);
      checkErasure(entry, entry.retention.erase, 'retention', say);
    } else if (!entry.retention.reason.trim()) {
      say('a kept entry needs its reason');
    }
    if (entry.onRequest.kind === 'keep') {
      if (!entry.onRequest.reason.trim()) say('a kept entry needs its reason');
    } else {
      checkErasure(entry, entry.onRequest, 'onRequest', say);
    }
  }
  if (problems.length > 0) throw new Error(`Personal data register:\n  ${problems.join('\n  ')}`);
  return Object.freeze([...entries]);
}

function checkTerm(term: Term): string | undefined {
  const parts = [term.years ?? 0, term.months ?? 0, term.days ?? 0];
  if (parts.some((n) => !Number.isInteger(n) || n < 0)) return 'a term is made of whole, positive numbers';
  if (parts.every((n) => n === 0)) return 'a term of zero would erase rows as they are written';
  return undefined;
}

function checkErasure(
  entry: PersonalDataEntry,
  erasure: Erasure,
  where: string,
  say: (problem: string) => void,
): void {
  if (erasure.kind === 'delete') return;
  const columns = Object.keys(erasure.set);
  if (columns.length === 0) say(`${where}: anonymising sets no column`);
  for (const column of columns) {
    if (!entry.columns.includes(column)) say(`${where}: "${column}" is not one of the personal columns`);
  }
  // Anonymising the rows found by an address or account id must remove that link, or the
  // person can still be found, and the next request finds the same rows again. A link held by
  // another table (a join) cannot be overwritten here: such rows are deleted or kept.
  for (const link of [entry.findBy?.email, entry.findBy?.accountId]) {
    if (link === undefined) continue;
    if (typeof link !== 'string') {
      if (link.join && link.join.length > 0) say(`${where}: rows found through a join cannot be anonymised`);
      else if (!columns.includes(link.column)) say(`${where}: anonymising must overwrite ${link.column}`);
    } else if (!columns.includes(link)) {
      say(`${where}: anonymising must overwrite ${link}`);
    }
  }
}

/** Every column name a path or column mentions: the joins' and the last one. */
function namesOf(path: SubjectColumn | undefined): string[] {
  if (path === undefined) return [];
  if (typeof path === 'string') return [path];
  return [...(path.join ?? []).flatMap((j) => [j.from, j.to]), path.column];
}

function joinsOf(path: SubjectColumn | undefined): readonly Join[] {
  return path === undefined || typeof path === 'string' ? [] : (path.join ?? []);
}

/** The term in words, for the export (`30 days`, `1 year and 6 months`). */
export function describeTerm(term: Term): string {
  const parts: string[] = [];
  const add = (n: number | undefined, one: string, many: string) => {
    if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(term.years, 'year', 'years');
  add(term.months, 'month', 'months');
  add(term.days, 'day', 'days');
  return parts.join(' and ');
}
