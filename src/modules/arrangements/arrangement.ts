import type { Theme } from '../initiatives/index.js';

/**
 * Multi-year arrangements judged on effectiveness: pure rules, no I/O. Whoever the provider is
 * (a resident initiative, an organisation, the municipality's own service), the same figures
 * are computed the same way, so they can stand side by side.
 */

/** The themes of arrangements: the initiatives desk's, so a challenge keeps its theme. */
export const ARRANGEMENT_THEMES = [
  'ontmoeting',
  'groen',
  'spelen',
  'veiligheid',
  'zorg',
  'jongeren',
  'eenzaamheid',
  'overig',
] as const satisfies readonly Theme[];
export type ArrangementTheme = (typeof ARRANGEMENT_THEMES)[number];

export function isTheme(value: string): value is ArrangementTheme {
  return ARRANGEMENT_THEMES.some((t) => t === value);
}

/** A stored theme; one the code no longer knows reads as `overig`. */
export function themeOf(value: string): ArrangementTheme {
  return isTheme(value) ? value : 'overig';
}

export const PROVIDER_KINDS = ['initiative', 'organisation', 'municipality'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const ARRANGEMENT_STATUSES = ['proposed', 'active', 'ended', 'stopped', 'declined'] as const;
export type ArrangementStatus = (typeof ARRANGEMENT_STATUSES)[number];

/** Where a measured value comes from: what the provider says, a registry, or an independent measurement. */
export const SOURCES = ['self_reported', 'municipal_registry', 'independent'] as const;
export type Source = (typeof SOURCES)[number];

export const DIRECTIONS = ['increase', 'decrease'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** A year's value from its periods: the last one (a level, such as a score) or their sum (a count). */
export const AGGREGATIONS = ['last', 'sum'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const JUDGEMENTS = ['continue', 'adjust', 'stop'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

export const RENEWAL_DECISIONS = ['renew', 'adjust', 'end'] as const;
export type RenewalDecision = (typeof RENEWAL_DECISIONS)[number];

/** At most four years of funding per arrangement (the multi-year horizon). */
export const MAX_YEARS = 4;

export function isSource(value: string): value is Source {
  return SOURCES.some((s) => s === value);
}

/**
 * The year of a period: `2026`, `2026-Q2` or `2026-05`; undefined for anything else.
 * Periods sort as text within a year (Q before months never mix in one indicator in practice;
 * the sort is only for "the last period").
 */
export function yearOfPeriod(period: string): number | undefined {
  const match = /^([0-9]{4})(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.exec(period);
  if (!match?.[1]) return undefined;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2100 ? year : undefined;
}

export interface Measurement {
  period: string;
  year: number;
  value: number;
  source: Source;
}

/** One year's value of an indicator, with the sources it rests on; undefined without any. */
export interface YearValue {
  value: number;
  periods: number;
  sources: readonly Source[];
}

export function yearValue(
  aggregation: Aggregation,
  measurements: readonly Measurement[],
  year: number,
): YearValue | undefined {
  const inYear = measurements.filter((m) => m.year === year).sort((a, b) => a.period.localeCompare(b.period));
  const last = inYear.at(-1);
  if (!last) return undefined;
  const value = aggregation === 'sum' ? inYear.reduce((sum, m) => sum + m.value, 0) : last.value;
  return { value, periods: inYear.length, sources: [...new Set(inYear.map((m) => m.source))].sort() };
}

/**
 * How far from baseline to target a value came, as a fraction (1 = the target reached; above 1
 * beyond it; below 0 worse than the baseline). Undefined when baseline and target coincide.
 */
export function attainment(baseline: number, target: number, value: number): number | undefined {
  if (target === baseline) return undefined;
  return (value - baseline) / (target - baseline);
}

/** The result: how much better than the baseline, in the indicator's own unit and direction. */
export function resultOf(direction: Direction, baseline: number, value: number): number {
  return direction === 'increase' ? value - baseline : baseline - value;
}

/**
 * How much a figure can be trusted: `verified` when every value of the year comes from a
 * registry or an independent measurement, `self_reported` when all are the provider's own,
 * `mixed` between, `none` without values.
 */
export type DataQuality = 'verified' | 'mixed' | 'self_reported' | 'none';

export function dataQuality(sources: readonly Source[]): DataQuality {
  if (sources.length === 0) return 'none';
  const own = sources.filter((s) => s === 'self_reported').length;
  if (own === 0) return 'verified';
  return own === sources.length ? 'self_reported' : 'mixed';
}

/**
 * Cost per unit of result, in cents: the year's cost over the result. Undefined without a
 * positive result (no improvement cannot have a price per unit). Always shown with its quality.
 */
export function costPerUnit(costCents: number, result: number): number | undefined {
  if (!(result > 0) || costCents <= 0) return undefined;
  return Math.round(costCents / result);
}

/** Splits a year's amount into `count` tranches of whole cents that add up exactly (the first ones carry the rest). */
export function splitIntoTranches(amountCents: number, count: number): number[] {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || count < 1) return [];
  const base = Math.floor(amountCents / count);
  const rest = amountCents - base * count;
  return Array.from({ length: count }, (_, i) => base + (i < rest ? 1 : 0));
}

/** When tranche `number` of `count` in `year` falls due: the first day of its part of the year. */
export function trancheDueOn(year: number, number: number, count: number): string {
  const month = Math.floor(((number - 1) * 12) / count) + 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** The last day of the arrangement: the end of its last funded year. */
export function contractEndOf(startYear: number, years: number): string {
  return `${startYear + years - 1}-12-31`;
}

/** Why a renewal decision cannot be taken; undefined when it can. */
export type RenewalRefusal = 'no_evaluation' | 'contrary_to_stop' | 'reason' | 'years';

/**
 * Renewal follows the results: it needs at least one evaluation, always a reason, and a
 * number of years (1–4) when it renews or adjusts. An arrangement whose latest evaluation
 * says stop cannot be renewed as it is (adjusting, or ending it, can).
 */
export function checkRenewal(
  decision: RenewalDecision,
  years: number | undefined,
  reason: string,
  evaluations: readonly { year: number; judgement: Judgement }[],
): RenewalRefusal | undefined {
  if (evaluations.length === 0) return 'no_evaluation';
  if (reason.trim().length < 10) return 'reason';
  if (decision !== 'end' && (years === undefined || years < 1 || years > MAX_YEARS)) return 'years';
  const latest = [...evaluations].sort((a, b) => b.year - a.year)[0];
  if (decision === 'renew' && latest?.judgement === 'stop') return 'contrary_to_stop';
  return undefined;
}

/** The reference of an arrangement: AFS-2026-0007. */
export function formatArrangementReference(year: number, n: number): string {
  return `AFS-${year}-${String(n).padStart(4, '0')}`;
}

export const ARRANGEMENT_REFERENCE = /^AFS-[0-9]{4}-[0-9]{4,}$/;

/** The objection period under the Awb: six weeks from the day after the decision is made known. */
export const OBJECTION_WEEKS = 6;
