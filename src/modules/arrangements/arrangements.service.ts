import type { Acting, Actor, CommandRunner, CommandStep, StaffActor } from '../../access/index.js';
import { allows, scopeCovers, scopesOf } from '../../access/index.js';
import type { Db, Queryable } from '../../db/database.js';
import { addDays, amsterdamDate } from '../../shared/dates.js';
import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../shared/errors.js';
import { municipalityCodeOf } from '../../shared/place-codes.js';
import {
  attainment,
  checkRenewal,
  contractEndOf,
  costPerUnit,
  dataQuality,
  formatArrangementReference,
  OBJECTION_WEEKS,
  resultOf,
  splitIntoTranches,
  themeOf,
  trancheDueOn,
  yearOfPeriod,
  yearValue,
  type Aggregation,
  type ArrangementStatus,
  type ArrangementTheme,
  type DataQuality,
  type Direction,
  type Judgement,
  type ProviderKind,
  type RenewalDecision,
  type Source,
  type YearValue,
} from './arrangement.js';
import type { ArrangementFunding, TrancheDecisionStatus } from './arrangement-funding.js';
import { arrangementsPermissions } from './arrangements.permissions.js';
import * as repo from './arrangements.repository.js';
import { parseMeasurementsCsv, type CsvProblem } from './measurements-csv.js';

/** A place as the pages show it. */
export interface PlaceRef {
  code: string;
  name: string;
}

/** What the module needs from initiatives (its index.ts provides it). */
export interface InitiativesPort {
  /** The public initiative with this reference (title, wijk); undefined when there is none. */
  publicInitiative(
    reference: string,
  ): Promise<{ id: string; reference: string; title: string; wijkCode: string } | undefined>;
}

/** Everything a use case needs, passed explicitly. */
export interface ArrangementsContext {
  db: Db;
  commands: CommandRunner;
  now: () => Date;
  /** Names of places by code (unknown codes left out). */
  placeNames(codes: readonly string[]): Promise<Map<string, string>>;
  initiatives: InitiativesPort;
  /** The district budget's side of the tranches: late-bound. */
  funding: () => ArrangementFunding;
}

const MANAGE = arrangementsPermissions['arrangements.manage'];
const REPORT = arrangementsPermissions['arrangements.report'];

// ---- shapes for pages and API ----

export interface IndicatorView {
  id: string;
  code: string;
  name: string;
  unit: string;
  baseline: number;
  direction: Direction;
  aggregation: Aggregation;
  targets: ReadonlyMap<number, number>;
  measurements: readonly { period: string; year: number; value: number; source: Source }[];
}

export interface ArrangementSummary {
  id: string;
  reference: string;
  title: string;
  description: string;
  theme: ArrangementTheme;
  providerKind: ProviderKind;
  providerName: string;
  initiativeReference: string | null;
  externalId: string;
  wijk: PlaceRef;
  municipalityCode: string;
  startYear: number;
  years: number;
  contractEnd: string;
  status: ArrangementStatus;
  /** Cents per year of the arrangement. */
  funding: ReadonlyMap<number, number>;
}

export interface ArrangementView extends ArrangementSummary {
  goals: readonly string[];
  indicators: readonly IndicatorView[];
  tranches: readonly {
    id: string;
    year: number;
    number: number;
    amountCents: number;
    dueOn: string;
    decisionReference: string | null;
    decision: TrancheDecisionStatus | undefined;
  }[];
  deliverables: readonly {
    id: string;
    title: string;
    dueOn: string;
    status: 'open' | 'accepted' | 'rejected';
    review: string;
  }[];
  evaluations: readonly {
    year: number;
    results: string;
    narrative: string;
    judgement: Judgement;
    evaluatedAt: Date;
  }[];
  renewals: readonly {
    decision: RenewalDecision;
    years: number | null;
    reason: string;
    evaluationYears: readonly number[];
    decidedAt: Date;
  }[];
  /** The challenge this arrangement was proposed in, if any. */
  challengeId: string | undefined;
}

/** One criterion of one arrangement in one year: the figures the side-by-side page shows. */
export interface CriterionCell {
  name: string;
  unit: string;
  baseline: number;
  target: number | undefined;
  value: YearValue | undefined;
  attainment: number | undefined;
  result: number | undefined;
  costPerUnitCents: number | undefined;
  quality: DataQuality;
}

export interface ComparedArrangement extends ArrangementSummary {
  costCents: number | undefined;
  cells: ReadonlyMap<string, CriterionCell>;
}

export interface Comparison {
  year: number;
  /** Years with funding or values in any of the arrangements, for the year picker. */
  years: readonly number[];
  criteria: readonly { code: string; name: string; unit: string }[];
  arrangements: readonly ComparedArrangement[];
}

// ---- input ----

export interface NewIndicator {
  code: string;
  name: string;
  unit: string;
  baseline: number;
  direction: Direction;
  aggregation: Aggregation;
  /** Target per year of the arrangement, from its first year. */
  targets: readonly number[];
}

export interface NewArrangement {
  wijkCode: string;
  theme: ArrangementTheme;
  title: string;
  description: string;
  provider:
    | { kind: 'organisation' | 'municipality'; name: string }
    | { kind: 'initiative'; initiativeReference: string };
  externalId: string;
  startYear: number;
  /** Cents per year, from the first year: its length is the number of years (1–4). */
  fundingPerYear: readonly number[];
  tranchesPerYear: 1 | 2 | 4;
  goals: readonly string[];
  indicators: readonly NewIndicator[];
  deliverables: readonly { title: string; dueOn: string }[];
  status?: 'active' | 'proposed';
}

// ---- helpers ----

function invalid(field: string, message: string, params?: Record<string, string | number>): never {
  throw new ValidationError([
    { field, message: `arrangements.errors.${message}`, ...(params ? { params } : {}) },
  ]);
}

async function requireArrangement(db: Queryable, reference: string): Promise<repo.ArrangementRow> {
  const row = await repo.findArrangementByReference(db, reference);
  if (!row) throw new NotFoundError('arrangements.errors.notFound', { reference });
  return row;
}

function sameOrganisation(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether this actor may report values for the arrangement: managers of its wijk, or a partner
 * of the organisation that provides it, in its wijk. The command line and the demo always may.
 */
export function mayReport(
  actor: Actor | 'cli' | 'demo' | 'system',
  row: Pick<repo.ArrangementRow, 'wijk_code' | 'provider_name' | 'provider_kind'>,
): boolean {
  if (typeof actor === 'string') return true;
  if (actor.kind !== 'staff') return false;
  if (allows(MANAGE, actor, { placeCode: row.wijk_code })) return true;
  return (
    row.provider_kind === 'organisation' &&
    actor.grants.some(
      (g) =>
        g.role === 'partner' &&
        scopeCovers(g.placeCode, row.wijk_code) &&
        sameOrganisation(g.organisation, row.provider_name),
    )
  );
}

function authorizeReport(step: CommandStep, row: repo.ArrangementRow): void {
  step.authorize(REPORT, row.wijk_code);
  if (!mayReport(step.acting.actor, row)) throw new ForbiddenError('arrangements.errors.notYours');
}

function subjectOf(row: repo.ArrangementRow) {
  return { type: 'arrangement', id: row.reference };
}

// ---- creating ----

/**
 * Creates an arrangement with its goals, indicators (targets per year), funding per year (split
 * into tranches), and deliverables, as one command. Managers of the wijk only.
 */
export async function createArrangement(
  ctx: ArrangementsContext,
  acting: Acting,
  input: NewArrangement,
): Promise<{ id: string; reference: string }> {
  const years = input.fundingPerYear.length;
  if (years < 1 || years > 4) invalid('years', 'years');
  if (input.fundingPerYear.some((c) => !Number.isSafeInteger(c) || c < 0)) invalid('funding', 'funding');
  if (input.indicators.length === 0) invalid('indicators', 'indicators');
  for (const indicator of input.indicators)
    if (indicator.targets.length !== years) invalid('indicators', 'targets', { years });
  if (new Set(input.indicators.map((i) => i.code)).size !== input.indicators.length)
    invalid('indicators', 'indicatorCodes');
  // The initiative is read before the command: the embedded database has one connection.
  const initiative =
    input.provider.kind === 'initiative'
      ? await ctx.initiatives.publicInitiative(input.provider.initiativeReference)
      : undefined;
  if (input.provider.kind === 'initiative' && !initiative) invalid('provider', 'initiative');
  if (initiative && initiative.wijkCode !== input.wijkCode) invalid('provider', 'initiativeWijk');
  const municipalityCode = municipalityCodeOf(input.wijkCode);

  return ctx.commands.run(acting, 'arrangements.arrangement.created', async (step) => {
    step.authorize(MANAGE, input.wijkCode);
    const { trx, now } = step;
    // The provider's id keys its CSV uploads: one arrangement per id in a gemeente.
    if ((await repo.findArrangementsByExternalIds(trx, [input.externalId], [municipalityCode])).length > 0)
      invalid('externalId', 'externalIdTaken');
    const reference = formatArrangementReference(
      Number(amsterdamDate(now).slice(0, 4)),
      await repo.nextReferenceNumber(trx),
    );
    const id = await repo.insertArrangement(trx, {
      reference,
      municipality_code: municipalityCode,
      wijk_code: input.wijkCode,
      theme: input.theme,
      title: input.title,
      description: input.description,
      provider_kind: input.provider.kind,
      provider_name: input.provider.kind === 'initiative' ? (initiative?.title ?? '') : input.provider.name,
      initiative_id: initiative?.id ?? null,
      initiative_reference: initiative?.reference ?? null,
      external_id: input.externalId,
      start_year: input.startYear,
      years,
      status: input.status ?? 'active',
      created_at: now,
    });
    await writeBody(trx, id, input);
    step.record({
      subject: { type: 'arrangement', id: reference },
      municipalityCodes: [municipalityCode],
      details: { provider: input.provider.kind, years, wijk: input.wijkCode },
    });
    return { id, reference };
  });
}

/** A year's amount as its tranches (`count` of them, due through the year), none proposed yet. */
function trancheRowsOf(arrangementId: string, year: number, amountCents: number, count: number) {
  return splitIntoTranches(amountCents, count).map((amount_cents, n) => ({
    arrangement_id: arrangementId,
    year,
    number: n + 1,
    amount_cents,
    due_on: trancheDueOn(year, n + 1, count),
    decision_id: null,
    decision_reference: null,
    proposed_at: null,
  }));
}

async function writeBody(trx: Queryable, id: string, input: NewArrangement): Promise<void> {
  await repo.insertGoals(
    trx,
    id,
    input.goals.map((g) => g.trim()).filter((g) => g !== ''),
  );
  for (const [position, indicator] of input.indicators.entries()) {
    const indicatorId = await repo.insertIndicator(trx, {
      arrangement_id: id,
      code: indicator.code,
      position,
      name: indicator.name,
      unit: indicator.unit,
      baseline: indicator.baseline,
      direction: indicator.direction,
      aggregation: indicator.aggregation,
    });
    await repo.insertTargets(
      trx,
      indicator.targets.map((target, i) => ({
        indicator_id: indicatorId,
        year: input.startYear + i,
        target,
      })),
    );
  }
  await repo.insertFunding(
    trx,
    input.fundingPerYear.map((amount_cents, i) => ({
      arrangement_id: id,
      year: input.startYear + i,
      amount_cents,
    })),
  );
  await repo.insertTranches(
    trx,
    input.fundingPerYear.flatMap((cents, i) =>
      trancheRowsOf(id, input.startYear + i, cents, input.tranchesPerYear),
    ),
  );
  await repo.insertDeliverables(
    trx,
    input.deliverables.map((d) => ({
      arrangement_id: id,
      title: d.title,
      due_on: d.dueOn,
      status: 'open' as const,
      review: '',
      reviewed_at: null,
    })),
  );
}

// ---- changing ----

/** What a manager may change after an arrangement is made: its provider, wijk and years stay. */
export interface ArrangementChange {
  theme: ArrangementTheme;
  title: string;
  description: string;
  goals: readonly string[];
  /** Indicators by code: a known code changes that indicator, a new one is added; none is removed. */
  indicators: readonly NewIndicator[];
  /** Cents per year of the arrangement, from its first year (one per year). */
  fundingPerYear: readonly number[];
}

/**
 * Changes an arrangement that is running, as one command for the managers of its wijk: texts,
 * theme, goals, indicators and their targets, and the funding of years none of whose tranches
 * was proposed to the district budget yet (a changed year is split again into as many tranches
 * as it had). A year with a proposed tranche keeps its amount: its decision lives under the
 * district budget's rules, where it is changed (which voids an approval there).
 */
export async function changeArrangement(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  change: ArrangementChange,
): Promise<void> {
  if (change.title.trim().length < 3 || change.title.trim().length > 160) invalid('title', 'title');
  if (new Set(change.indicators.map((i) => i.code)).size !== change.indicators.length)
    invalid('indicators', 'indicatorCodes');
  await ctx.commands.run(acting, 'arrangements.arrangement.changed', async (step) => {
    const { trx } = step;
    const row = await repo.findArrangementForUpdate(trx, reference);
    if (!row) throw new NotFoundError('arrangements.errors.notFound', { reference });
    step.authorize(MANAGE, row.wijk_code);
    if (row.status !== 'active') throw new DomainError('conflict', 'arrangements.errors.notActive');
    const years = Array.from({ length: row.years }, (_, i) => row.start_year + i);
    const issues: FieldIssue[] = [];
    if (change.fundingPerYear.length !== years.length) invalid('funding', 'funding');
    for (const indicator of change.indicators)
      if (indicator.targets.length !== years.length)
        issues.push({
          field: 'indicators',
          message: 'arrangements.errors.targets',
          params: { years: years.length },
        });

    const [funding, tranches, indicators] = await Promise.all([
      repo.findFunding(trx, [row.id]),
      repo.findTranches(trx, row.id, { forUpdate: true }),
      repo.findIndicators(trx, [row.id]),
    ]);
    const fundingChanges: { year: number; from: number; to: number }[] = [];
    for (const [i, year] of years.entries()) {
      const to = change.fundingPerYear[i] ?? 0;
      const from = funding.find((f) => f.year === year)?.amount_cents ?? 0;
      if (!Number.isSafeInteger(to) || to < 0) {
        issues.push({ field: `funding-${year}`, message: 'arrangements.errors.funding' });
        continue;
      }
      if (to === from) continue;
      const proposed = tranches.find((t) => t.year === year && t.decision_reference !== null);
      if (proposed)
        issues.push({
          field: `funding-${year}`,
          message: 'arrangements.errors.fundingProposed',
          params: { year: String(year), decision: proposed.decision_reference ?? '' },
        });
      else fundingChanges.push({ year, from, to });
    }
    if (issues.length > 0) throw new ValidationError(issues);

    await repo.updateArrangementTexts(trx, row.id, {
      theme: change.theme,
      title: change.title.trim(),
      description: change.description.trim(),
    });
    await repo.deleteGoals(trx, row.id);
    await repo.insertGoals(
      trx,
      row.id,
      change.goals.map((g) => g.trim()).filter((g) => g !== ''),
    );
    let position = indicators.length;
    const added: string[] = [];
    for (const indicator of change.indicators) {
      const known = indicators.find((i) => i.code === indicator.code);
      const fields = {
        name: indicator.name,
        unit: indicator.unit,
        baseline: indicator.baseline,
        direction: indicator.direction,
        aggregation: indicator.aggregation,
      };
      let id: string;
      if (known) {
        id = known.id;
        await repo.updateIndicator(trx, id, fields);
      } else {
        id = await repo.insertIndicator(trx, {
          ...fields,
          arrangement_id: row.id,
          code: indicator.code,
          position: position++,
        });
        added.push(indicator.code);
      }
      await repo.upsertTargets(
        trx,
        indicator.targets.map((target, i) => ({ indicator_id: id, year: row.start_year + i, target })),
      );
    }
    // A changed year is split again into as many tranches as it had (one when it had none).
    const largest = Math.max(1, ...years.map((y) => tranches.filter((t) => t.year === y).length));
    for (const { year, to } of fundingChanges) {
      const had = tranches.filter((t) => t.year === year).length;
      const count = had > 0 ? had : largest;
      await repo.updateFunding(trx, row.id, year, to);
      await repo.deleteOpenTranches(trx, row.id, year);
      await repo.insertTranches(trx, trancheRowsOf(row.id, year, to, count));
    }
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: {
        title: change.title.trim() === row.title ? null : change.title.trim(),
        theme: change.theme === row.theme ? null : change.theme,
        funding: fundingChanges,
        indicatorsAdded: added,
      },
    });
  });
}

// ---- reading ----

async function summariesOf(
  ctx: ArrangementsContext,
  db: Queryable,
  rows: readonly repo.ArrangementRow[],
): Promise<ArrangementSummary[]> {
  const [names, funding] = await Promise.all([
    ctx.placeNames([...new Set(rows.map((r) => r.wijk_code))]),
    repo.findFunding(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    description: r.description,
    theme: themeOf(r.theme),
    providerKind: r.provider_kind,
    providerName: r.provider_name,
    initiativeReference: r.initiative_reference,
    externalId: r.external_id,
    wijk: { code: r.wijk_code, name: names.get(r.wijk_code) ?? r.wijk_code },
    municipalityCode: r.municipality_code,
    startYear: r.start_year,
    years: r.years,
    contractEnd: contractEndOf(r.start_year, r.years),
    status: r.status,
    funding: new Map(funding.filter((f) => f.arrangement_id === r.id).map((f) => [f.year, f.amount_cents])),
  }));
}

async function indicatorsOf(
  db: Queryable,
  arrangementIds: readonly string[],
): Promise<Map<string, IndicatorView[]>> {
  const indicators = await repo.findIndicators(db, arrangementIds);
  const ids = indicators.map((i) => i.id);
  const [targets, measurements] = await Promise.all([
    repo.findTargets(db, ids),
    repo.findMeasurements(db, ids),
  ]);
  const byArrangement = new Map<string, IndicatorView[]>();
  for (const i of indicators) {
    const list = byArrangement.get(i.arrangement_id) ?? [];
    list.push({
      id: i.id,
      code: i.code,
      name: i.name,
      unit: i.unit,
      baseline: i.baseline,
      direction: i.direction,
      aggregation: i.aggregation,
      targets: new Map(targets.filter((t) => t.indicator_id === i.id).map((t) => [t.year, t.target])),
      measurements: measurements
        .filter((m) => m.indicator_id === i.id)
        .map((m) => ({ period: m.period, year: m.year, value: m.value, source: m.source })),
    });
    byArrangement.set(i.arrangement_id, list);
  }
  return byArrangement;
}

/** Public arrangements of a place (wijk or gemeente), optionally one theme. No personal data. */
export async function listArrangements(
  ctx: ArrangementsContext,
  filter: { placeCode?: string | undefined; theme?: string | undefined },
): Promise<ArrangementSummary[]> {
  return summariesOf(ctx, ctx.db, await repo.findArrangements(ctx.db, filter));
}

/** Every public arrangement of a place (or everywhere), by reference, for the open-data file. */
export async function listAllArrangements(
  ctx: ArrangementsContext,
  placeCode: string | undefined,
): Promise<ArrangementSummary[]> {
  return summariesOf(ctx, ctx.db, await repo.findAllPublicArrangements(ctx.db, placeCode));
}

/** One measured value as open data publishes it: with its indicator, the year's target and its flag. */
export interface MeasuredValue {
  arrangementReference: string;
  municipalityCode: string;
  wijkCode: string;
  theme: ArrangementTheme;
  providerKind: ProviderKind;
  providerName: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  baseline: number;
  direction: Direction;
  aggregation: Aggregation;
  target: number | undefined;
  period: string;
  year: number;
  value: number;
  source: Source;
  /** The value's own flag: `verified` from a registry or an independent measurement, else `self_reported`. */
  quality: DataQuality;
  recordedAt: Date;
}

/** Every measured value of the public arrangements of a place (or everywhere). */
export async function listMeasuredValues(
  ctx: ArrangementsContext,
  placeCode: string | undefined,
): Promise<MeasuredValue[]> {
  const rows = await repo.findPublicMeasuredValues(ctx.db, placeCode);
  return rows.map((r) => ({
    arrangementReference: r.reference,
    municipalityCode: r.municipality_code,
    wijkCode: r.wijk_code,
    theme: themeOf(r.theme),
    providerKind: r.provider_kind,
    providerName: r.provider_name,
    indicatorCode: r.code,
    indicatorName: r.name,
    unit: r.unit,
    baseline: r.baseline,
    direction: r.direction,
    aggregation: r.aggregation,
    target: r.target ?? undefined,
    period: r.period,
    year: r.year,
    value: r.value,
    source: r.source,
    quality: dataQuality([r.source]),
    recordedAt: r.recorded_at,
  }));
}

/** One arrangement with everything its public page shows; NotFoundError for an unknown reference. */
export async function getArrangement(ctx: ArrangementsContext, reference: string): Promise<ArrangementView> {
  const row = await requireArrangement(ctx.db, reference);
  const [[summary], indicators, goals, tranches, deliverables, evaluations, renewals, challenge] =
    await Promise.all([
      summariesOf(ctx, ctx.db, [row]),
      indicatorsOf(ctx.db, [row.id]),
      repo.findGoals(ctx.db, [row.id]),
      repo.findTranches(ctx.db, row.id),
      repo.findDeliverables(ctx.db, row.id),
      repo.findEvaluations(ctx.db, [row.id]),
      repo.findRenewals(ctx.db, row.id),
      repo.findChallengeOfArrangement(ctx.db, row.id),
    ]);
  if (!summary) throw new NotFoundError('arrangements.errors.notFound', { reference });
  const decisionIds = tranches.flatMap((t) => (t.decision_id ? [t.decision_id] : []));
  const statuses = decisionIds.length > 0 ? await ctx.funding().statusOf(decisionIds) : new Map();
  return {
    ...summary,
    goals: goals.map((g) => g.text),
    indicators: indicators.get(row.id) ?? [],
    tranches: tranches.map((t) => ({
      id: t.id,
      year: t.year,
      number: t.number,
      amountCents: t.amount_cents,
      dueOn: t.due_on,
      decisionReference: t.decision_reference,
      decision: t.decision_id ? statuses.get(t.decision_id) : undefined,
    })),
    deliverables: deliverables.map((d) => ({
      id: d.id,
      title: d.title,
      dueOn: d.due_on,
      status: d.status,
      review: d.review,
    })),
    evaluations: evaluations.map((e) => ({
      year: e.year,
      results: e.results,
      narrative: e.narrative,
      judgement: e.judgement,
      evaluatedAt: e.evaluated_at,
    })),
    renewals: renewals.map((r) => ({
      decision: r.decision,
      years: r.years,
      reason: r.reason,
      evaluationYears: r.evaluation_years,
      decidedAt: r.decided_at,
    })),
    challengeId: challenge?.id,
  };
}

/** The figures of one indicator in one year, as every provider's are computed. */
export function criterionCell(
  indicator: IndicatorView,
  year: number,
  costCents: number | undefined,
): CriterionCell {
  const value = yearValue(indicator.aggregation, indicator.measurements, year);
  const target = indicator.targets.get(year);
  const result = value ? resultOf(indicator.direction, indicator.baseline, value.value) : undefined;
  return {
    name: indicator.name,
    unit: indicator.unit,
    baseline: indicator.baseline,
    target,
    value,
    attainment:
      value && target !== undefined ? attainment(indicator.baseline, target, value.value) : undefined,
    result,
    costPerUnitCents:
      result !== undefined && costCents !== undefined ? costPerUnit(costCents, result) : undefined,
    quality: dataQuality(value?.sources ?? []),
  };
}

function compare(
  summaries: readonly ArrangementSummary[],
  indicators: ReadonlyMap<string, readonly IndicatorView[]>,
  wantedYear: number | undefined,
  today: number,
): Comparison {
  const years = new Set<number>();
  for (const s of summaries) {
    for (const y of s.funding.keys()) years.add(y);
    for (const i of indicators.get(s.id) ?? []) for (const m of i.measurements) years.add(m.year);
  }
  const measuredYears = summaries.flatMap((s) =>
    (indicators.get(s.id) ?? []).flatMap((i) => i.measurements.map((m) => m.year)),
  );
  const year =
    wantedYear !== undefined && years.has(wantedYear)
      ? wantedYear
      : measuredYears.length > 0
        ? Math.max(...measuredYears)
        : today;
  const criteria = new Map<string, { code: string; name: string; unit: string }>();
  for (const s of summaries)
    for (const i of indicators.get(s.id) ?? [])
      if (!criteria.has(i.code)) criteria.set(i.code, { code: i.code, name: i.name, unit: i.unit });
  return {
    year,
    years: [...years].sort((a, b) => a - b),
    criteria: [...criteria.values()],
    arrangements: summaries.map((s) => {
      const costCents = s.funding.get(year);
      return {
        ...s,
        costCents,
        cells: new Map((indicators.get(s.id) ?? []).map((i) => [i.code, criterionCell(i, year, costCents)])),
      };
    }),
  };
}

/**
 * Side by side: every arrangement on one theme in one wijk, whoever provides it, on the same
 * criteria (indicators with the same code) in one year: cost, target, value, attainment, and
 * cost per unit of result with its data-quality flag.
 */
export async function sideBySide(
  ctx: ArrangementsContext,
  filter: { wijkCode: string; theme: string; year?: number | undefined },
): Promise<Comparison> {
  const rows = (
    await repo.findArrangements(ctx.db, { placeCode: filter.wijkCode, theme: filter.theme })
  ).filter((r) => r.wijk_code === filter.wijkCode && r.status !== 'declined');
  const [summaries, indicators] = await Promise.all([
    summariesOf(ctx, ctx.db, rows),
    indicatorsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  return compare(summaries, indicators, filter.year, Number(amsterdamDate(ctx.now()).slice(0, 4)));
}

/** The wijken and themes that have arrangements, for the side-by-side page's choices. */
export async function comparableChoices(
  ctx: ArrangementsContext,
): Promise<{ wijken: PlaceRef[]; themes: ArrangementTheme[] }> {
  const rows = await repo.findArrangements(ctx.db, {});
  const codes = [...new Set(rows.map((r) => r.wijk_code))];
  const names = await ctx.placeNames(codes);
  return {
    wijken: codes
      .map((code) => ({ code, name: names.get(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    themes: [...new Set(rows.map((r) => themeOf(r.theme)))].sort(),
  };
}

// ---- measured values ----

export interface MeasurementInput {
  indicatorCode: string;
  period: string;
  value: number;
  source: Source;
}

/** Records (or corrects) one measured value. Partners for their own organisation's arrangements; managers. */
export async function recordMeasurement(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  input: MeasurementInput,
): Promise<void> {
  const year = yearOfPeriod(input.period);
  if (year === undefined) invalid('period', 'period');
  if (!Number.isFinite(input.value)) invalid('value', 'value');
  await ctx.commands.run(acting, 'arrangements.measurement.recorded', async (step) => {
    const row = await requireArrangement(step.trx, reference);
    authorizeReport(step, row);
    if (year < row.start_year || year > row.start_year + row.years - 1) invalid('period', 'periodOutside');
    const indicator = (await repo.findIndicators(step.trx, [row.id])).find(
      (i) => i.code === input.indicatorCode,
    );
    if (!indicator) invalid('indicator', 'indicator');
    await repo.upsertMeasurements(step.trx, [
      {
        indicator_id: indicator.id,
        period: input.period,
        year,
        value: input.value,
        source: input.source,
        via: 'form',
        recorded_at: step.now,
      },
    ]);
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: { indicator: indicator.code, period: input.period, value: input.value, source: input.source },
    });
  });
}

/** A CSV upload refused as a whole: its problems, by line. Nothing was applied. */
export class CsvRejectedError extends DomainError {
  constructor(readonly problems: readonly CsvProblem[]) {
    super('unprocessable', 'arrangements.csv.rejected', { count: problems.length });
  }
}

/**
 * Measured values in bulk from a CSV file keyed on the provider's external id: every row is
 * checked (the arrangement exists for this uploader, the indicator exists, the period lies in
 * the arrangement's years) before anything is written, and all rows are written in one
 * command. Any bad row: `CsvRejectedError` with every problem by line, and nothing applied.
 */
export async function uploadMeasurementsCsv(
  ctx: ArrangementsContext,
  acting: Acting,
  text: string,
): Promise<{ values: number; arrangements: number }> {
  const parsed = parseMeasurementsCsv(text);
  // A file that cannot be read row by row (no header, a quote left open) stops here; bad rows
  // are reported together with the rows that name no arrangement or indicator.
  if (parsed.rows.length === 0 && parsed.problems.length > 0) throw new CsvRejectedError(parsed.problems);
  const actor = acting.actor;
  // Which gemeenten the uploader works in: an external id is unique within a gemeente.
  const municipalities =
    typeof actor === 'string'
      ? undefined
      : actor.kind === 'staff'
        ? [...new Set(scopesOf(REPORT, actor).map((code) => municipalityCodeOf(code)))]
        : [];
  if (municipalities?.length === 0) throw new ForbiddenError();

  return ctx.commands.run(acting, 'arrangements.measurements.uploaded', async (step) => {
    const externalIds = [...new Set(parsed.rows.map((r) => r.externalId))];
    const arrangements = await repo.findArrangementsByExternalIds(step.trx, externalIds, municipalities);
    const indicators = await repo.findIndicators(
      step.trx,
      arrangements.map((a) => a.id),
    );
    // The permission for every arrangement's wijk is checked below per row; the command's own
    // check is the role in the uploader's first place.
    const first = arrangements[0];
    if (first) step.authorize(REPORT, first.wijk_code);
    else step.openToAnyone();
    const problems: CsvProblem[] = [...parsed.problems];
    const writes: repo.MeasurementRow[] = [];
    for (const row of parsed.rows) {
      const matching = arrangements.filter((a) => a.external_id === row.externalId);
      const arrangement = matching[0];
      if (!arrangement) {
        problems.push({
          line: row.line,
          message: 'arrangements.csv.unknownArrangement',
          params: { id: row.externalId },
        });
        continue;
      }
      if (matching.length > 1) {
        problems.push({
          line: row.line,
          message: 'arrangements.csv.ambiguous',
          params: { id: row.externalId },
        });
        continue;
      }
      if (!mayReport(actor, arrangement)) {
        problems.push({
          line: row.line,
          message: 'arrangements.csv.notYours',
          params: { id: row.externalId },
        });
        continue;
      }
      const indicator = indicators.find(
        (i) => i.arrangement_id === arrangement.id && i.code === row.indicator,
      );
      if (!indicator) {
        problems.push({
          line: row.line,
          message: 'arrangements.csv.unknownIndicator',
          params: { code: row.indicator },
        });
        continue;
      }
      if (row.year < arrangement.start_year || row.year > arrangement.start_year + arrangement.years - 1) {
        problems.push({
          line: row.line,
          message: 'arrangements.csv.periodOutside',
          params: { value: row.period },
        });
        continue;
      }
      writes.push({
        indicator_id: indicator.id,
        period: row.period,
        year: row.year,
        value: row.value,
        source: row.source,
        via: 'csv',
        recorded_at: step.now,
      });
    }
    if (problems.length > 0) throw new CsvRejectedError(problems.sort((a, b) => a.line - b.line));
    await repo.upsertMeasurements(step.trx, writes);
    const touched = arrangements.filter((a) => parsed.rows.some((r) => r.externalId === a.external_id));
    for (const a of touched)
      step.record({
        subject: subjectOf(a),
        municipalityCodes: [a.municipality_code],
        details: { values: parsed.rows.filter((r) => r.externalId === a.external_id).length, via: 'csv' },
      });
    return { values: writes.length, arrangements: touched.length };
  });
}

// ---- money: tranches as district-budget decisions ----

/**
 * Proposes one tranche as a district-budget decision through the funding port, in the same
 * transaction: the decision's mandate and approval rules apply. Once per tranche.
 */
export async function proposeTranche(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  trancheId: string,
  reason: string,
): Promise<{ decisionReference: string }> {
  if (reason.trim().length < 10) invalid('reason', 'reason');
  return ctx.commands.run(acting, 'arrangements.tranche.proposed', async (step) => {
    const row = await requireArrangement(step.trx, reference);
    step.authorize(MANAGE, row.wijk_code);
    if (row.status !== 'active') throw new DomainError('conflict', 'arrangements.errors.notActive');
    const tranche = await repo.findTrancheForUpdate(step.trx, trancheId);
    if (!tranche || tranche.arrangement_id !== row.id)
      throw new NotFoundError('arrangements.errors.trancheNotFound');
    if (tranche.decision_id) throw new DomainError('conflict', 'arrangements.errors.trancheProposed');
    const decision = await ctx.funding().proposeTranche(step.trx, acting, {
      arrangementId: row.id,
      arrangementReference: row.reference,
      title: row.title,
      wijkCode: row.wijk_code,
      year: tranche.year,
      amountCents: tranche.amount_cents,
      recipient: row.provider_name,
      purpose: `${row.reference} ${row.title}: tranche ${tranche.number} ${tranche.year}`,
      reason: reason.trim(),
    });
    await repo.setTrancheDecision(
      step.trx,
      tranche.id,
      { id: decision.decisionId, reference: decision.reference },
      step.now,
    );
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: {
        year: tranche.year,
        tranche: tranche.number,
        amountCents: tranche.amount_cents,
        decision: decision.reference,
      },
    });
    return { decisionReference: decision.reference };
  });
}

// ---- deliverables, evaluation, renewal ----

export async function reviewDeliverable(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  deliverableId: string,
  review: { status: 'accepted' | 'rejected'; review: string },
): Promise<void> {
  if (review.review.trim().length < 3) invalid('review', 'review');
  await ctx.commands.run(acting, 'arrangements.deliverable.reviewed', async (step) => {
    const row = await requireArrangement(step.trx, reference);
    step.authorize(MANAGE, row.wijk_code);
    const done = await repo.reviewDeliverable(step.trx, deliverableId, row.id, {
      status: review.status,
      review: review.review.trim(),
      at: step.now,
    });
    if (!done) throw new NotFoundError('arrangements.errors.deliverableNotFound');
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: { status: review.status },
    });
  });
}

export async function evaluate(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  input: { year: number; results: string; narrative: string; judgement: Judgement },
): Promise<void> {
  const issues: FieldIssue[] = [];
  if (input.results.trim().length < 3)
    issues.push({ field: 'results', message: 'arrangements.errors.results' });
  if (input.narrative.trim().length < 3)
    issues.push({ field: 'narrative', message: 'arrangements.errors.narrative' });
  if (issues.length > 0) throw new ValidationError(issues);
  await ctx.commands.run(acting, 'arrangements.evaluation.recorded', async (step) => {
    const row = await requireArrangement(step.trx, reference);
    step.authorize(MANAGE, row.wijk_code);
    if (input.year < row.start_year || input.year > row.start_year + row.years - 1)
      invalid('year', 'yearOutside');
    await repo.upsertEvaluation(step.trx, {
      arrangement_id: row.id,
      year: input.year,
      results: input.results.trim(),
      narrative: input.narrative.trim(),
      judgement: input.judgement,
      evaluated_at: step.now,
    });
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: { year: input.year, judgement: input.judgement },
    });
  });
}

/**
 * A renewal decision, taking the evaluations as input: renew (or adjust) for 1–4 more years,
 * or end. Recorded with its reason and the evaluation years it rests on. Renewing extends the
 * arrangement's years (up to four at a time; funding for the new years is set afterwards).
 */
export async function decideRenewal(
  ctx: ArrangementsContext,
  acting: Acting,
  reference: string,
  input: {
    decision: RenewalDecision;
    years: number | undefined;
    reason: string;
    /** Funding for each added year (renew or adjust), in cents. */
    amountPerYearCents?: number | undefined;
  },
): Promise<void> {
  if (
    input.decision !== 'end' &&
    (input.amountPerYearCents === undefined ||
      !Number.isSafeInteger(input.amountPerYearCents) ||
      input.amountPerYearCents <= 0)
  )
    invalid('amount', 'funding');
  await ctx.commands.run(acting, 'arrangements.renewal.decided', async (step) => {
    const row = await requireArrangement(step.trx, reference);
    step.authorize(MANAGE, row.wijk_code);
    const evaluations = await repo.findEvaluations(step.trx, [row.id]);
    const refusal = checkRenewal(input.decision, input.years, input.reason, evaluations);
    if (refusal)
      invalid(
        refusal === 'years' ? 'years' : refusal === 'reason' ? 'reason' : 'decision',
        `renewal.${refusal}`,
      );
    await repo.insertRenewal(step.trx, {
      arrangement_id: row.id,
      decision: input.decision,
      years: input.decision === 'end' ? null : (input.years ?? null),
      reason: input.reason.trim(),
      evaluation_years: evaluations.map((e) => e.year),
      decided_at: step.now,
    });
    if (input.decision === 'end') await repo.updateArrangementStatus(step.trx, row.id, 'ended');
    else {
      // The added years get their funding and tranches as the first period had them.
      const added = input.years ?? 0;
      const tranches = await repo.findTranches(step.trx, row.id);
      const lastYear = row.start_year + row.years - 1;
      const perYear = Math.max(1, tranches.filter((t) => t.year === lastYear).length);
      const count = perYear === 1 || perYear === 2 ? perYear : 4;
      const amount = input.amountPerYearCents ?? 0;
      const years = Array.from({ length: added }, (_, i) => lastYear + 1 + i);
      await repo.insertFunding(
        step.trx,
        years.map((year) => ({ arrangement_id: row.id, year, amount_cents: amount })),
      );
      await repo.insertTranches(
        step.trx,
        years.flatMap((year) => trancheRowsOf(row.id, year, amount, count)),
      );
      await repo.updateArrangementStatus(step.trx, row.id, 'active', row.years + added);
    }
    step.record({
      subject: subjectOf(row),
      municipalityCodes: [row.municipality_code],
      details: {
        decision: input.decision,
        years: input.years ?? null,
        amountPerYearCents: input.amountPerYearCents ?? null,
      },
    });
  });
}

// ---- the right to challenge ----

export interface TaskView {
  id: string;
  title: string;
  description: string;
  wijk: PlaceRef;
  current: ArrangementSummary & { indicators: readonly IndicatorView[] };
  challenges: readonly ChallengeSummary[];
}

export interface ChallengeSummary {
  id: string;
  initiativeReference: string;
  arrangementReference: string;
  title: string;
  status: 'submitted' | 'granted' | 'refused';
  decisionReason: string;
  objectionRoute: string;
  objectionDeadline: string | null;
  decidedAt: Date | null;
  submittedAt: Date;
}

/** Makes a task of the municipality challengeable, with the arrangement under which it is done now. */
export async function createTask(
  ctx: ArrangementsContext,
  acting: Acting,
  input: { arrangementReference: string; title: string; description: string },
): Promise<string> {
  if (input.title.trim().length < 3) invalid('title', 'title');
  return ctx.commands.run(acting, 'arrangements.task.created', async (step) => {
    const row = await requireArrangement(step.trx, input.arrangementReference);
    step.authorize(MANAGE, row.wijk_code);
    const id = await repo.insertTask(step.trx, {
      municipality_code: row.municipality_code,
      wijk_code: row.wijk_code,
      title: input.title.trim(),
      description: input.description.trim(),
      arrangement_id: row.id,
      created_at: step.now,
    });
    step.record({ subject: { type: 'challengeable_task', id }, municipalityCodes: [row.municipality_code] });
    return id;
  });
}

/** The public register of challengeable tasks of a wijk or gemeente, with their challenges. */
export async function listTasks(
  ctx: ArrangementsContext,
  placeCode: string | undefined,
): Promise<TaskView[]> {
  const tasks = await repo.findTasks(ctx.db, placeCode);
  const arrangementIds = [...new Set(tasks.map((t) => t.arrangement_id))];
  const rows = await Promise.all(arrangementIds.map((id) => repo.findArrangementById(ctx.db, id)));
  const present = rows.flatMap((r) => (r ? [r] : []));
  const [summaries, indicators, challenges] = await Promise.all([
    summariesOf(ctx, ctx.db, present),
    indicatorsOf(ctx.db, arrangementIds),
    challengesOf(
      ctx,
      tasks.map((t) => t.id),
    ),
  ]);
  return tasks.flatMap((t) => {
    const current = summaries.find((s) => s.id === t.arrangement_id);
    if (!current) return [];
    return [
      {
        id: t.id,
        title: t.title,
        description: t.description,
        wijk: current.wijk,
        current: { ...current, indicators: indicators.get(current.id) ?? [] },
        challenges: challenges.filter((c) => c.taskId === t.id),
      },
    ];
  });
}

async function challengesOf(
  ctx: ArrangementsContext,
  taskIds: readonly string[],
): Promise<(ChallengeSummary & { taskId: string; arrangementId: string })[]> {
  const rows = await repo.findChallenges(ctx.db, taskIds);
  const arrangements = await Promise.all(rows.map((c) => repo.findArrangementById(ctx.db, c.arrangement_id)));
  return rows.map((c, i) => ({
    id: c.id,
    taskId: c.task_id,
    arrangementId: c.arrangement_id,
    initiativeReference: c.initiative_reference,
    arrangementReference: arrangements[i]?.reference ?? '',
    title: arrangements[i]?.title ?? '',
    status: c.status,
    decisionReason: c.decision_reason,
    objectionRoute: c.objection_route,
    objectionDeadline: c.objection_deadline,
    decidedAt: c.decided_at,
    submittedAt: c.submitted_at,
  }));
}

export async function getTask(ctx: ArrangementsContext, id: string): Promise<TaskView> {
  const task = /^[0-9a-f-]{36}$/.test(id) ? await repo.findTask(ctx.db, id) : undefined;
  if (!task) throw new NotFoundError('arrangements.errors.taskNotFound');
  const found = (await listTasks(ctx, task.wijk_code)).find((t) => t.id === id);
  if (!found) throw new NotFoundError('arrangements.errors.taskNotFound');
  return found;
}

/** What a resident proposes when challenging a task: their plan on the task's own indicators. */
export interface ChallengeInput {
  title: string;
  plan: string;
  costPerYearCents: number;
  years: number;
  /** One target per indicator of the current arrangement, by code. */
  targets: ReadonlyMap<string, number>;
}

/**
 * The challenge's way through the initiatives desk, in two steps: called before the transaction
 * (the desk looks up the buurt there: PGlite has one connection), it returns the submit that
 * runs inside the challenge's transaction, so the initiative and its link commit together.
 */
export type SubmitThroughDesk = (wijk: {
  code: string;
  name: string;
}) => Promise<(trx: Queryable) => Promise<{ id: string; reference: string }>>;

/** What is wrong with a challenge, field by field (the page adds its own fields' problems). */
export function challengeIssues(task: TaskView, input: ChallengeInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.title.trim().length < 3 || input.title.trim().length > 120)
    issues.push({ field: 'title', message: 'arrangements.errors.title' });
  if (input.plan.trim().length < 10) issues.push({ field: 'plan', message: 'arrangements.errors.plan' });
  if (!Number.isSafeInteger(input.costPerYearCents) || input.costPerYearCents <= 0)
    issues.push({ field: 'cost', message: 'arrangements.errors.cost' });
  if (!(input.years >= 1 && input.years <= 4))
    issues.push({ field: 'years', message: 'arrangements.errors.years' });
  for (const indicator of task.current.indicators)
    if (input.targets.get(indicator.code) === undefined)
      issues.push({
        field: `target-${indicator.code}`,
        message: 'arrangements.errors.target',
        params: { name: indicator.name },
      });
  return issues;
}

/**
 * A challenge, as one command: the initiative is submitted through the initiatives desk
 * (`submit`, inside this command's transaction), and the challenge and its proposal are
 * recorded as an arrangement (status proposed) on the current provider's indicators, so the two
 * stand side by side. Anything that fails leaves neither the initiative nor the challenge.
 */
export async function submitChallenge(
  ctx: ArrangementsContext,
  acting: Acting,
  taskId: string,
  input: ChallengeInput,
  submit: SubmitThroughDesk,
): Promise<{ challengeId: string; initiativeReference: string }> {
  const task = await getTask(ctx, taskId);
  const issues = challengeIssues(task, input);
  if (issues.length > 0) throw new ValidationError(issues);

  const submitInTransaction = await submit(task.wijk);
  const startYear = Number(task.current.contractEnd.slice(0, 4)) + 1;
  return ctx.commands.run(acting, 'arrangements.challenge.submitted', async (step) => {
    step.openToAnyone();
    const { trx, now } = step;
    const initiative = await submitInTransaction(trx);
    const reference = formatArrangementReference(
      Number(amsterdamDate(now).slice(0, 4)),
      await repo.nextReferenceNumber(trx),
    );
    // The initiative's reference keys the provider's values, unless staff already gave an
    // arrangement of this gemeente that number by hand: then the arrangement's own.
    const taken = await repo.findArrangementsByExternalIds(
      trx,
      [initiative.reference],
      [task.current.municipalityCode],
    );
    const externalId = taken.length === 0 ? initiative.reference : reference;
    const arrangementId = await repo.insertArrangement(trx, {
      reference,
      municipality_code: task.current.municipalityCode,
      wijk_code: task.wijk.code,
      theme: task.current.theme,
      title: input.title.trim(),
      description: input.plan.trim(),
      provider_kind: 'initiative',
      provider_name: input.title.trim(),
      initiative_id: initiative.id,
      initiative_reference: initiative.reference,
      external_id: externalId,
      start_year: startYear,
      years: input.years,
      status: 'proposed',
      created_at: now,
    });
    await writeBody(trx, arrangementId, {
      wijkCode: task.wijk.code,
      theme: task.current.theme,
      title: input.title,
      description: input.plan,
      provider: { kind: 'initiative', initiativeReference: initiative.reference },
      externalId,
      startYear,
      fundingPerYear: Array.from({ length: input.years }, () => input.costPerYearCents),
      tranchesPerYear: 1,
      goals: [],
      indicators: task.current.indicators.map((i) => ({
        code: i.code,
        name: i.name,
        unit: i.unit,
        baseline: i.baseline,
        direction: i.direction,
        aggregation: i.aggregation,
        targets: Array.from({ length: input.years }, () => input.targets.get(i.code) ?? i.baseline),
      })),
      deliverables: [],
    });
    const challengeId = await repo.insertChallenge(trx, {
      task_id: task.id,
      initiative_id: initiative.id,
      initiative_reference: initiative.reference,
      arrangement_id: arrangementId,
      status: 'submitted',
      decision_reason: '',
      objection_route: '',
      objection_deadline: null,
      decided_at: null,
      submitted_at: now,
    });
    step.record({
      subject: { type: 'challenge', id: challengeId },
      municipalityCodes: [task.current.municipalityCode],
      details: { task: task.id, initiative: initiative.reference, arrangement: reference },
    });
    return { challengeId, initiativeReference: initiative.reference };
  });
}

export interface ChallengeView extends ChallengeSummary {
  task: TaskView;
  comparison: Comparison;
}

/** A challenge with its task, and the current provider and the proposal side by side. */
export async function getChallenge(ctx: ArrangementsContext, id: string): Promise<ChallengeView> {
  const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findChallenge(ctx.db, id) : undefined;
  if (!row) throw new NotFoundError('arrangements.errors.challengeNotFound');
  const task = await getTask(ctx, row.task_id);
  const summary = task.challenges.find((c) => c.id === id);
  const proposed = await repo.findArrangementById(ctx.db, row.arrangement_id);
  const current = await repo.findArrangementById(ctx.db, task.current.id);
  if (!summary || !proposed || !current) throw new NotFoundError('arrangements.errors.challengeNotFound');
  const rows = [current, proposed];
  const [summaries, indicators] = await Promise.all([
    summariesOf(ctx, ctx.db, rows),
    indicatorsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  // The current provider's latest measured year, against the proposal's targets for its first.
  const comparison = compare(summaries, indicators, undefined, Number(amsterdamDate(ctx.now()).slice(0, 4)));
  return { ...summary, task, comparison };
}

/**
 * The decision on a challenge: granted (the proposal becomes an active arrangement from its
 * first year) or refused (declined), with the reason and the objection route and deadline
 * (six weeks under the Awb), all public.
 */
export async function decideChallenge(
  ctx: ArrangementsContext,
  acting: Acting,
  id: string,
  input: { status: 'granted' | 'refused'; reason: string; route: string },
): Promise<void> {
  const issues: FieldIssue[] = [];
  if (input.reason.trim().length < 10)
    issues.push({ field: 'reason', message: 'arrangements.errors.reason' });
  if (input.route.trim().length < 10) issues.push({ field: 'route', message: 'arrangements.errors.route' });
  if (issues.length > 0) throw new ValidationError(issues);
  await ctx.commands.run(acting, 'arrangements.challenge.decided', async (step) => {
    const row = await repo.findChallengeForUpdate(step.trx, id);
    if (!row) throw new NotFoundError('arrangements.errors.challengeNotFound');
    const proposed = await repo.findArrangementById(step.trx, row.arrangement_id);
    if (!proposed) throw new NotFoundError('arrangements.errors.challengeNotFound');
    step.authorize(MANAGE, proposed.wijk_code);
    if (row.status !== 'submitted') throw new DomainError('conflict', 'arrangements.errors.challengeDecided');
    await repo.decideChallenge(step.trx, id, {
      status: input.status,
      reason: input.reason.trim(),
      route: input.route.trim(),
      deadline: addDays(amsterdamDate(step.now), OBJECTION_WEEKS * 7),
      at: step.now,
    });
    await repo.updateArrangementStatus(
      step.trx,
      proposed.id,
      input.status === 'granted' ? 'active' : 'declined',
    );
    step.record({
      subject: { type: 'challenge', id },
      municipalityCodes: [proposed.municipality_code],
      details: { status: input.status },
    });
  });
}

/** Arrangements a staff member may manage or report on, for their pages. */
export async function listForStaff(
  ctx: ArrangementsContext,
  actor: StaffActor,
): Promise<ArrangementSummary[]> {
  const scopes = [...new Set([...scopesOf(MANAGE, actor), ...scopesOf(REPORT, actor)])];
  const rows = (
    await Promise.all(scopes.map((code) => repo.findArrangements(ctx.db, { placeCode: code })))
  ).flat();
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()].filter((r) => mayReport(actor, r));
  return summariesOf(ctx, ctx.db, unique);
}
