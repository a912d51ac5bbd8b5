import { isIsoDate } from '../../shared/dates.js';
import type { FieldIssue } from '../../shared/errors.js';
import { parseEuros } from '../../shared/money.js';
import { AGGREGATIONS, DIRECTIONS, isTheme, MAX_YEARS, PROVIDER_KINDS } from './arrangement.js';
import type { ArrangementChange, NewArrangement, NewIndicator } from './arrangements.service.js';

/** The most indicator groups a form is read for (`i0-…` to `i19-…`); empty groups are skipped. */
const MAX_INDICATOR_ROWS = 20;

/** A number as a person types it: `12,5`, `1.234,5` or `12.5`. */
export function parseTypedNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^-?[0-9.,]+$/.test(t)) return undefined;
  const normal = t.includes(',') ? t.replace(/\./g, '').replace(',', '.') : t;
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

/** Values separated by `;` (a Dutch list: `2.800; 3.200; 3.600`). */
function list(text: string): string[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

type Issue = (field: string, message: string, params?: Record<string, string | number>) => void;
type Get = (name: string) => string;

/** Theme, name, description and goals, as both forms have them. */
function readTexts(get: Get, issue: Issue) {
  const theme = get('theme');
  if (!isTheme(theme)) issue('theme', 'theme');
  const title = get('title');
  if (title.length < 3 || title.length > 160) issue('title', 'title');
  return {
    theme: isTheme(theme) ? theme : undefined,
    title,
    description: get('description'),
    goals: get('goals').split('\n'),
  };
}

/**
 * The indicator groups `i<n>-…` with a target per year each (`years`), as both forms have them;
 * a group left empty is skipped.
 */
function readIndicators(get: Get, issue: Issue, years: number): NewIndicator[] {
  const indicators: NewIndicator[] = [];
  for (let i = 0; i < MAX_INDICATOR_ROWS; i++) {
    const code = get(`i${i}-code`).toLowerCase();
    const name = get(`i${i}-name`);
    if (code === '' && name === '') continue;
    if (!/^[a-z0-9_-]{1,40}$/.test(code)) issue(`i${i}-code`, 'indicatorCode');
    if (name.length < 2) issue(`i${i}-name`, 'indicatorName');
    const unit = get(`i${i}-unit`);
    if (unit === '') issue(`i${i}-unit`, 'unit');
    const baseline = parseTypedNumber(get(`i${i}-baseline`));
    if (baseline === undefined) issue(`i${i}-baseline`, 'value');
    const targets = list(get(`i${i}-targets`)).map(parseTypedNumber);
    const targetValues = targets.flatMap((x) => (x === undefined ? [] : [x]));
    if (targetValues.length !== years || targets.length !== years)
      issue(`i${i}-targets`, 'targets', { years });
    indicators.push({
      code,
      name,
      unit,
      baseline: baseline ?? 0,
      direction: DIRECTIONS.find((d) => d === get(`i${i}-direction`)) ?? 'increase',
      aggregation: AGGREGATIONS.find((a) => a === get(`i${i}-aggregation`)) ?? 'sum',
      targets: targetValues,
    });
  }
  if (indicators.length === 0) issue('i0-code', 'indicators');
  return indicators;
}

function reader(f: Readonly<Record<string, string>>) {
  const issues: FieldIssue[] = [];
  const issue: Issue = (field, message, params) =>
    issues.push({ field, message: `arrangements.errors.${message}`, ...(params ? { params } : {}) });
  const get: Get = (name) => (f[name] ?? '').trim();
  return { issues, issue, get };
}

/**
 * Reads the new-arrangement form: the input for the service, or every problem by field. The
 * service checks the rest (the initiative, permissions) and the database the codes' shape.
 */
export function readNewArrangementForm(
  f: Readonly<Record<string, string>>,
): { input: NewArrangement; issues: [] } | { input: undefined; issues: FieldIssue[] } {
  const { issues, issue, get } = reader(f);
  const wijk = get('wijk');
  if (!/^WK[0-9]{6}$/.test(wijk)) issue('wijk', 'wijk');
  const texts = readTexts(get, issue);
  const kind = PROVIDER_KINDS.find((k) => k === get('providerKind')) ?? 'organisation';
  const providerName = get('providerName');
  if (kind !== 'initiative' && providerName.length < 2) issue('providerName', 'providerName');
  const initiative = get('initiative').toUpperCase();
  if (kind === 'initiative' && !/^INI-[0-9]{4}-[0-9]{4,}$/.test(initiative)) issue('provider', 'initiative');
  const externalId = get('externalId') || (kind === 'initiative' ? initiative : '');
  if (externalId.length < 1 || externalId.length > 60) issue('externalId', 'externalId');
  const startYear = Number(get('startYear'));
  if (!Number.isInteger(startYear) || startYear < 2000 || startYear > 2100) issue('startYear', 'startYear');
  const funding = list(get('funding')).map((x) => parseEuros(x));
  const fundingCents = funding.flatMap((c) => (c === undefined ? [] : [c]));
  if (funding.length < 1 || funding.length > MAX_YEARS) issue('funding', 'years');
  else if (fundingCents.length !== funding.length) issue('funding', 'funding');
  const indicators = readIndicators(get, issue, funding.length);

  const deliverables: { title: string; dueOn: string }[] = [];
  for (const line of get('deliverables').split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    const match = /^([0-9]{4}-[0-9]{2}-[0-9]{2})\s+(.{2,200})$/.exec(text);
    if (!match?.[1] || !match[2] || !isIsoDate(match[1])) {
      issue('deliverables', 'deliverable', { line: text.slice(0, 40) });
      continue;
    }
    deliverables.push({ dueOn: match[1], title: match[2].trim() });
  }

  if (issues.length > 0 || !texts.theme) return { input: undefined, issues };
  return {
    input: {
      ...texts,
      theme: texts.theme,
      wijkCode: wijk,
      provider:
        kind === 'initiative' ? { kind, initiativeReference: initiative } : { kind, name: providerName },
      externalId,
      startYear,
      fundingPerYear: fundingCents,
      tranchesPerYear: get('tranches') === '1' ? 1 : get('tranches') === '2' ? 2 : 4,
      indicators,
      deliverables,
    },
    issues: [],
  };
}

/**
 * Reads the form that changes an arrangement of `years` (its years, in order): the same texts
 * and indicator groups as the new form, and an amount per year (`funding-<year>`).
 */
export function readArrangementChangeForm(
  f: Readonly<Record<string, string>>,
  years: readonly number[],
): { input: ArrangementChange; issues: [] } | { input: undefined; issues: FieldIssue[] } {
  const { issues, issue, get } = reader(f);
  const texts = readTexts(get, issue);
  const fundingPerYear = years.map((year) => {
    const cents = parseEuros(get(`funding-${year}`));
    if (cents === undefined) issue(`funding-${year}`, 'funding');
    return cents ?? 0;
  });
  const indicators = readIndicators(get, issue, years.length);
  if (issues.length > 0 || !texts.theme) return { input: undefined, issues };
  return { input: { ...texts, theme: texts.theme, fundingPerYear, indicators }, issues: [] };
}
