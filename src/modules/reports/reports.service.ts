import crypto from 'node:crypto';
import type { Acting, Actor, CommandRunner, CommandStep, StaffActor } from '../../access/index.js';
import { allows } from '../../access/index.js';
import type { Db, Queryable } from '../../db/database.js';
import { amsterdamDate } from '../../shared/dates.js';
import { formatsFor } from '../../shared/format.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { Translate } from '../../web/i18n/i18n.js';
import {
  boxAround,
  canMove,
  checkClosing,
  confirmationOpen,
  deadlineMoment,
  deadlineOn,
  DEFAULT_CATEGORIES,
  distanceMetres,
  DUPLICATE_RADIUS_METRES,
  DUPLICATE_WEEKS,
  formatPublicId,
  isOverdue,
  notSolvedOutcome,
  routeReport,
  type CategoryTree,
  type CloseReason,
  type Closing,
  type ReportChannel,
  type ReportStatus,
} from './report.js';
import { reportsPermissions } from './reports.permissions.js';
import * as repo from './reports.repository.js';

const HANDLE = reportsPermissions['reports.handle'];
const ENTER = reportsPermissions['reports.enter'];

/** A place found for a point or a buurt code. */
export interface ReportPlace {
  buurt: { code: string; name: string };
  wijk: { code: string; name: string };
  gemeente: { code: string; name: string };
}

/** What the module needs from places (its index.ts provides it). */
export interface ReportPlacesPort {
  placeOfPoint(lat: number, lon: number): Promise<ReportPlace | undefined>;
  placeOfBuurt(code: string): Promise<ReportPlace | undefined>;
}

/** A message for the outbox: the module's context adds the footer and the gemeente. */
export interface ReportMail {
  to: string;
  subject: string;
  text: string;
  gemeente: string;
  secrets?: readonly string[];
}

/** Everything a use case needs, passed explicitly. */
export interface ReportsContext {
  db: Db;
  commands: CommandRunner;
  now: () => Date;
  publicUrl: string;
  places: ReportPlacesPort;
  /** Dutch texts for mail (residents get mail in Dutch, the first language). */
  mailT: Translate;
  queueMail(trx: Queryable, mail: ReportMail): Promise<void>;
}

// ---- shapes ----

export interface CategoryChoice {
  code: string;
  name: string;
  subcategories: readonly { code: string; name: string; workingDays: number }[];
}

export interface ReportSummary {
  id: string;
  publicId: string;
  gemeenteCode: string;
  wijkCode: string;
  buurtCode: string;
  categoryCode: string;
  description: string;
  lat: number | null;
  lon: number | null;
  addressText: string;
  status: ReportStatus;
  channel: ReportChannel;
  teamName: string;
  requestedAt: Date;
  updatedAt: Date;
  dueOn: string;
  expectedAt: Date;
  overdue: boolean;
  closeReason: CloseReason | null;
  closeDetail: string;
  closedAt: Date | null;
}

export interface TimelineEntry {
  at: Date;
  kind: repo.UpdateKind;
  status: ReportStatus;
  teamName: string | null;
  message: string;
}

export interface PublicReport extends ReportSummary {
  timeline: readonly TimelineEntry[];
  supporters: number;
  duplicateOfPublicId: string | undefined;
  confirmation: 'solved' | 'not_solved' | null;
}

export interface StaffReport extends PublicReport {
  reporterEmail: string | null;
  supportersWithContact: number;
  /** Internal notes beside the public timeline. */
  notes: readonly { at: Date; note: string }[];
  teams: readonly { id: string; name: string }[];
  teamId: string;
}

// ---- helpers ----

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function trackingUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/meldingen/volgen/${token}`;
}

export function confirmationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/meldingen/opgelost/${token}`;
}

function summaryOf(row: repo.ReportRow, teamName: string, today: string): ReportSummary {
  return {
    id: row.id,
    publicId: row.public_id,
    gemeenteCode: row.municipality_code,
    wijkCode: row.wijk_code,
    buurtCode: row.buurt_code,
    categoryCode: row.category_code,
    description: row.description,
    lat: row.lat,
    lon: row.lon,
    addressText: row.address_text,
    status: row.status,
    channel: row.channel,
    teamName,
    requestedAt: row.requested_at,
    updatedAt: row.updated_at,
    dueOn: row.due_on,
    expectedAt: row.expected_at,
    overdue: isOverdue(row.status, row.due_on, today),
    closeReason: row.close_reason,
    closeDetail: row.close_detail,
    closedAt: row.closed_at,
  };
}

function reportRecord(
  row: { id: string; public_id: string; municipality_code: string },
  details?: Record<string, unknown>,
) {
  return {
    subject: { type: 'report', id: row.public_id },
    municipalityCodes: [row.municipality_code],
    ...(details ? { details } : {}),
  };
}

// ---- categories and set-up ----

/** The categories of a gemeente as choices: its own once set up, the default tree before. */
export async function categoriesOf(
  ctx: ReportsContext,
  gemeente: string,
  locale: 'nl' | 'en',
): Promise<CategoryChoice[]> {
  const rows = await repo.findCategories(ctx.db, gemeente);
  if (rows.length === 0)
    return DEFAULT_CATEGORIES.map((main) => ({
      code: main.code,
      name: main.name[locale],
      subcategories: main.subcategories.map((s) => ({
        code: s.code,
        name: s.name[locale],
        workingDays: s.workingDays,
      })),
    }));
  const days = await repo.findCurrentWorkingDays(ctx.db, gemeente, ctx.now());
  const name = (r: repo.CategoryRow) => (locale === 'en' ? r.name_en : r.name_nl);
  return rows
    .filter((r) => r.parent_code === null)
    .map((main) => ({
      code: main.code,
      name: name(main),
      subcategories: rows
        .filter((r) => r.parent_code === main.code)
        .map((s) => ({ code: s.code, name: name(s), workingDays: days.get(s.code) ?? 0 })),
    }));
}

/** Category code → name (main and sub), for lists and mail. */
export async function categoryNames(
  ctx: ReportsContext,
  gemeente: string,
  locale: 'nl' | 'en',
): Promise<Map<string, string>> {
  const tree = await categoriesOf(ctx, gemeente, locale);
  return new Map(
    tree.flatMap((m) => [
      [m.code, m.name] as const,
      ...m.subcategories.map((s) => [s.code, `${m.name}: ${s.name}`] as const),
    ]),
  );
}

/** The default teams of a gemeente; the first one catches what no rule routes. */
export const DEFAULT_TEAMS = [
  { code: 'buitenruimte', name: 'Team Buitenruimte', isDefault: true },
  { code: 'verlichting', name: 'Team Openbare Verlichting', isDefault: false },
  { code: 'handhaving', name: 'Team Handhaving', isDefault: false },
] as const;

/**
 * Gives a gemeente its default teams, category tree, deadlines (version 1) and routing rules,
 * once, inside the caller's command (its first report, or the demo). Returns nothing new when
 * it was set up already.
 */
export async function ensureSetUp(
  trx: Queryable,
  gemeente: string,
  at: Date,
  tree: CategoryTree = DEFAULT_CATEGORIES,
): Promise<void> {
  if (await repo.hasSetUp(trx, gemeente)) return;
  await repo.insertTeams(
    trx,
    DEFAULT_TEAMS.map((t) => ({
      municipality_code: gemeente,
      code: t.code,
      name: t.name,
      organisation: null,
      is_default: t.isDefault,
    })),
  );
  let position = 0;
  await repo.insertCategories(
    trx,
    tree.map((m) => ({
      municipality_code: gemeente,
      code: m.code,
      parent_code: null,
      name_nl: m.name.nl,
      name_en: m.name.en,
      position: (position += 10),
      active: true,
    })),
  );
  await repo.insertCategories(
    trx,
    tree.flatMap((m) =>
      m.subcategories.map((s) => ({
        municipality_code: gemeente,
        code: s.code,
        parent_code: m.code,
        name_nl: s.name.nl,
        name_en: s.name.en,
        position: (position += 10),
        active: true,
      })),
    ),
  );
  await repo.insertDeadlines(
    trx,
    tree.flatMap((m) =>
      m.subcategories.map((s) => ({
        municipality_code: gemeente,
        category_code: s.code,
        working_days: s.workingDays,
        valid_from: new Date(0),
      })),
    ),
  );
  const teams = await repo.findTeams(trx, gemeente);
  const teamId = (code: string) => teams.find((t) => t.code === code)?.id ?? '';
  await repo.insertRules(trx, [
    {
      municipality_code: gemeente,
      position: 10,
      category_code: 'verlichting',
      place_code: null,
      team_id: teamId('verlichting'),
    },
    {
      municipality_code: gemeente,
      position: 20,
      category_code: 'overlast',
      place_code: null,
      team_id: teamId('handhaving'),
    },
  ]);
}

/** The teams of a gemeente (the default first), for filters and forwarding. */
export async function teamsOf(
  ctx: ReportsContext,
  gemeente: string,
): Promise<{ id: string; name: string }[]> {
  return (await repo.findTeams(ctx.db, gemeente)).map((t) => ({ id: t.id, name: t.name }));
}

// ---- nearby ----

export interface NearbyReport {
  publicId: string;
  categoryCode: string;
  description: string;
  addressText: string;
  status: ReportStatus;
  requestedAt: Date;
  /** Metres from the point given; undefined when compared by buurt. */
  metres: number | undefined;
  supporters: number;
}

/**
 * Open reports of the same category from the last 12 weeks within 50 m of the point; without a
 * point (no JavaScript, an address typed), those in the same buurt. Closest first.
 */
export async function findNearby(
  ctx: ReportsContext,
  where: {
    gemeente: string;
    categoryCode: string;
    point: { lat: number; lon: number } | undefined;
    buurtCode: string | undefined;
  },
): Promise<NearbyReport[]> {
  const since = new Date(ctx.now().getTime() - DUPLICATE_WEEKS * 7 * 24 * 3600 * 1000);
  const { point } = where;
  const rows = await repo.findOpenNearby(ctx.db, {
    gemeente: where.gemeente,
    categoryCode: where.categoryCode,
    since,
    box: point ? boxAround(point, DUPLICATE_RADIUS_METRES) : undefined,
    buurtCode: point ? undefined : where.buurtCode,
  });
  const supporters = await repo.countSupporters(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows
    .map((r) => ({
      publicId: r.public_id,
      categoryCode: r.category_code,
      description: r.description,
      addressText: r.address_text,
      status: r.status,
      requestedAt: r.requested_at,
      metres:
        point && r.lat !== null && r.lon !== null
          ? Math.round(distanceMetres(point, { lat: r.lat, lon: r.lon }))
          : undefined,
      supporters: supporters.get(r.id) ?? 0,
    }))
    .filter((r) => point === undefined || (r.metres !== undefined && r.metres <= DUPLICATE_RADIUS_METRES))
    .sort((a, b) => (a.metres ?? 0) - (b.metres ?? 0));
}

// ---- submitting ----

export interface SubmitInput {
  categoryCode: string;
  description: string;
  point: { lat: number; lon: number } | undefined;
  /** Without a point: the buurt chosen, and `addressText` says where. */
  buurtCode: string | undefined;
  addressText: string;
  email: string | undefined;
  channel: ReportChannel;
}

/** Finds the place of a report: the point's buurt, or the buurt chosen. */
export async function placeOfInput(
  ctx: ReportsContext,
  input: Pick<SubmitInput, 'point' | 'buurtCode'>,
): Promise<ReportPlace> {
  const place = input.point
    ? await ctx.places.placeOfPoint(input.point.lat, input.point.lon)
    : input.buurtCode
      ? await ctx.places.placeOfBuurt(input.buurtCode)
      : undefined;
  if (!place)
    throw new ValidationError([
      { field: 'buurt', message: input.point ? 'reports.errors.pointOutside' : 'reports.errors.buurt' },
    ]);
  return place;
}

/**
 * Makes a report: routes it to a team by the gemeente's rules, sets its deadline from the
 * category's deadline in force, and mails the reporter (if they gave an address) their private
 * link. Residents (web, api) need nothing; staff entering a phone, desk or paper report need
 * `reports.enter` for the buurt. Returns the public id and the tracking token (shown once).
 */
export async function submitReport(
  ctx: ReportsContext,
  acting: Acting,
  input: SubmitInput,
): Promise<{ publicId: string; token: string; dueOn: string }> {
  const place = await placeOfInput(ctx, input);
  const gemeente = place.gemeente.code;
  const token = crypto.randomBytes(32).toString('base64url');
  return ctx.commands.run(acting, 'reports.submitted', async (step) => {
    const { trx, now } = step;
    let staff: StaffActor | undefined;
    if (input.channel === 'web' || input.channel === 'api') {
      step.openToAnyone();
      step.recordNothing('a resident’s own report: the report and its timeline are its record');
    } else {
      const who = step.authorize(ENTER, place.buurt.code);
      if (typeof who !== 'string') staff = who;
    }
    await ensureSetUp(trx, gemeente, now);
    const categories = await repo.findCategories(trx, gemeente);
    const category = categories.find((c) => c.code === input.categoryCode && c.parent_code !== null);
    if (!category?.parent_code)
      throw new ValidationError([{ field: 'category', message: 'reports.errors.category' }]);
    const deadline = await repo.findCurrentDeadline(trx, gemeente, category.code, now);
    if (!deadline) throw new ValidationError([{ field: 'category', message: 'reports.errors.category' }]);
    const teams = await repo.findTeams(trx, gemeente);
    const defaultTeam = teams.find((t) => t.is_default);
    if (!defaultTeam) throw new Error(`gemeente ${gemeente} has no default team`);
    const rules = await repo.findRules(trx, gemeente);
    const teamId = routeReport(
      rules.map((r) => ({
        position: r.position,
        categoryCode: r.category_code ?? undefined,
        placeCode: r.place_code ?? undefined,
        teamId: r.team_id,
      })),
      { categoryCode: category.code, mainCategoryCode: category.parent_code, buurtCode: place.buurt.code },
      defaultTeam.id,
    );
    const dueOn = deadlineOn(now, deadline.working_days);
    const publicId = formatPublicId(Number(amsterdamDate(now).slice(0, 4)), await repo.nextReportNumber(trx));
    const id = await repo.insertReport(trx, {
      public_id: publicId,
      municipality_code: gemeente,
      wijk_code: place.wijk.code,
      buurt_code: place.buurt.code,
      category_code: category.code,
      description: input.description,
      lat: input.point?.lat ?? null,
      lon: input.point?.lon ?? null,
      address_text: input.addressText,
      channel: input.channel,
      status: 'new',
      team_id: teamId,
      requested_at: now,
      updated_at: now,
      deadline_id: deadline.id,
      due_on: dueOn,
      expected_at: deadlineMoment(dueOn),
      closed_at: null,
      close_reason: null,
      duplicate_of: null,
      tracking_token_hash: hashToken(token),
      reporter_email: input.email ?? null,
      contact_erased_at: null,
      entered_by_account_id: staff?.accountId ?? null,
      confirm_token_hash: null,
      confirm_sent_at: null,
      confirmation: null,
      confirmed_at: null,
    });
    const team = teams.find((t) => t.id === teamId);
    await repo.insertUpdate(trx, {
      report_id: id,
      at: now,
      kind: 'submitted',
      status: 'new',
      team_id: teamId,
      public_message: ctx.mailT('reports.timeline.submitted', { team: team?.name ?? '' }),
      internal_note: '',
      actor_account_id: staff?.accountId ?? null,
    });
    if (staff)
      step.record(
        reportRecord({ id, public_id: publicId, municipality_code: gemeente }, { channel: input.channel }),
      );
    if (input.email) {
      const link = trackingUrl(ctx.publicUrl, token);
      await ctx.queueMail(trx, {
        to: input.email,
        subject: ctx.mailT('reports.mail.submitted.subject', { id: publicId }),
        text: ctx.mailT('reports.mail.submitted.body', {
          id: publicId,
          category: `${category.name_nl}`,
          link,
          team: team?.name ?? '',
          dueOn: formatsFor('nl').date(dueOn),
        }),
        gemeente,
        secrets: [link],
      });
    }
    return { publicId, token, dueOn };
  });
}

/**
 * "This is mine too": the resident becomes a supporter of an open report and, with an address,
 * gets the same updates as the reporter. Open to anyone; a closed report takes no supporters.
 */
export async function supportReport(
  ctx: ReportsContext,
  acting: Acting,
  publicId: string,
  input: { email: string | undefined; channel: ReportChannel },
): Promise<void> {
  await ctx.commands.run(acting, 'reports.supported', async (step) => {
    step.openToAnyone();
    step.recordNothing('a resident’s own support: the supporter row is its record');
    const row = await repo.lockReportByPublicId(step.trx, publicId);
    if (!row) throw new NotFoundError('reports.errors.notFound');
    if (row.status === 'closed') throw new ConflictError('reports.errors.closedNoSupport');
    await repo.insertSupporter(step.trx, {
      report_id: row.id,
      email: input.email ?? null,
      channel: input.channel,
      created_at: step.now,
      report_closed_at: null,
      contact_erased_at: null,
    });
    await repo.updateReport(step.trx, row.id, { updated_at: step.now });
    if (input.email) {
      const link = `${ctx.publicUrl}/meldingen/${row.public_id}`;
      await ctx.queueMail(step.trx, {
        to: input.email,
        subject: ctx.mailT('reports.mail.supported.subject', { id: row.public_id }),
        text: ctx.mailT('reports.mail.supported.body', { id: row.public_id, link }),
        gemeente: row.municipality_code,
      });
    }
  });
}

// ---- reading ----

async function teamNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  return new Map((await repo.findTeamsByIds(db, [...new Set(ids)])).map((t) => [t.id, t.name]));
}

async function publicOf(ctx: ReportsContext, db: Queryable, row: repo.ReportRow): Promise<PublicReport> {
  const [updates, names, supporters, duplicateOf] = [
    await repo.findUpdates(db, row.id),
    await teamNames(db, [row.team_id]),
    await repo.countSupporters(db, [row.id]),
    row.duplicate_of ? await repo.findReportById(db, row.duplicate_of) : undefined,
  ];
  return {
    ...summaryOf(row, names.get(row.team_id) ?? '', amsterdamDate(ctx.now())),
    timeline: updates
      .filter((u) => u.public_message !== '')
      .map((u) => ({
        at: u.at,
        kind: u.kind,
        status: u.status,
        teamName: u.team_name,
        message: u.public_message,
      })),
    supporters: supporters.get(row.id) ?? 0,
    duplicateOfPublicId: duplicateOf?.public_id,
    confirmation: row.confirmation,
  };
}

/** A report as the public sees it: no contact details, no internal notes. */
export async function getPublicReport(ctx: ReportsContext, publicId: string): Promise<PublicReport> {
  const row = await repo.findReportByPublicId(ctx.db, publicId);
  if (!row) throw new NotFoundError('reports.errors.notFound');
  return publicOf(ctx, ctx.db, row);
}

/** The reporter's view through their private link; NotFoundError for an unknown token. */
export async function getTrackedReport(ctx: ReportsContext, token: string): Promise<PublicReport> {
  const row = TOKEN.test(token) ? await repo.findReportByTokenHash(ctx.db, hashToken(token)) : undefined;
  if (!row) throw new NotFoundError('reports.errors.linkUnknown');
  return publicOf(ctx, ctx.db, row);
}

export interface ListFilter {
  placeCode?: string | undefined;
  /** A main category or a subcategory code. */
  categoryCode?: string | undefined;
  status?: ReportStatus | 'open' | undefined;
  teamId?: string | undefined;
  overdue?: boolean | undefined;
}

function categoryCodesOf(tree: readonly CategoryChoice[], code: string | undefined): string[] | undefined {
  if (!code) return undefined;
  const main = tree.find((m) => m.code === code);
  return main ? main.subcategories.map((s) => s.code) : [code];
}

function statusesOf(status: ListFilter['status']): ReportStatus[] | undefined {
  if (!status) return undefined;
  if (status === 'open') return ['new', 'accepted', 'in_progress', 'forwarded', 'reopened'];
  return [status];
}

/** The public list: any place, filtered by category and status. */
export async function listPublicReports(
  ctx: ReportsContext,
  filter: ListFilter & { gemeente: string },
  page: { limit: number; offset: number },
): Promise<ReportSummary[]> {
  const tree = await categoriesOf(ctx, filter.gemeente, 'nl');
  const rows = await repo.findReports(
    ctx.db,
    {
      placeCode: filter.placeCode,
      categoryCodes: categoryCodesOf(tree, filter.categoryCode),
      statuses: statusesOf(filter.status),
    },
    page,
  );
  const today = amsterdamDate(ctx.now());
  return rows.map((r) => summaryOf(r, r.team_name, today));
}

/** What a member of staff may see: places where they hold `reports.handle`, partners only their organisation's teams. */
export function queueScopeOf(actor: Actor): repo.QueueScope {
  if (actor.kind !== 'staff') return { places: [], organisations: [] };
  const grants = actor.grants.filter((g) => HANDLE.roles.includes(g.role));
  return {
    places: grants.filter((g) => g.role !== 'partner').map((g) => g.placeCode),
    organisations: grants.flatMap((g) =>
      g.role === 'partner' && g.organisation ? [{ wijkCode: g.placeCode, organisation: g.organisation }] : [],
    ),
  };
}

function mayHandle(actor: Actor, row: repo.ReportRow, team: repo.TeamRow | undefined): boolean {
  if (actor.kind !== 'staff') return false;
  return actor.grants.some((g) => {
    if (!HANDLE.roles.includes(g.role)) return false;
    if (g.role === 'partner') return g.placeCode === row.wijk_code && team?.organisation === g.organisation;
    return allows(
      { roles: [g.role], description: '' },
      { ...actor, grants: [g] },
      { placeCode: row.buurt_code },
    );
  });
}

/** The staff work queue: only the reports in the actor's scope; overdue ones marked. */
export async function listQueue(
  ctx: ReportsContext,
  actor: Actor,
  filter: ListFilter & { gemeente?: string | undefined },
  page: { limit: number; offset: number },
): Promise<ReportSummary[]> {
  if (!allows(HANDLE, actor)) throw new ForbiddenError();
  const tree = filter.gemeente ? await categoriesOf(ctx, filter.gemeente, 'nl') : [];
  const today = amsterdamDate(ctx.now());
  const rows = await repo.findReports(
    ctx.db,
    {
      placeCode: filter.placeCode,
      categoryCodes: categoryCodesOf(tree, filter.categoryCode),
      statuses: statusesOf(filter.status ?? 'open'),
      teamId: filter.teamId,
      overdueOn: filter.overdue ? today : undefined,
    },
    page,
    queueScopeOf(actor),
  );
  return rows.map((r) => summaryOf(r, r.team_name, today));
}

/** One report for staff who may handle it (ForbiddenError otherwise, NotFoundError when unknown). */
export async function getStaffReport(
  ctx: ReportsContext,
  actor: Actor,
  publicId: string,
): Promise<StaffReport> {
  const row = await repo.findReportByPublicId(ctx.db, publicId);
  if (!row) throw new NotFoundError('reports.errors.notFound');
  const teams = await repo.findTeams(ctx.db, row.municipality_code);
  if (
    !mayHandle(
      actor,
      row,
      teams.find((t) => t.id === row.team_id),
    )
  )
    throw new ForbiddenError();
  const base = await publicOf(ctx, ctx.db, row);
  const [updates, supporters] = [
    await repo.findUpdates(ctx.db, row.id),
    await repo.findSupporters(ctx.db, row.id),
  ];
  return {
    ...base,
    reporterEmail: row.reporter_email,
    supportersWithContact: supporters.filter((s) => s.email !== null).length,
    notes: updates.filter((u) => u.internal_note !== '').map((u) => ({ at: u.at, note: u.internal_note })),
    teams: teams.map((t) => ({ id: t.id, name: t.name })),
    teamId: row.team_id,
  };
}

// ---- moving ----

export interface MoveInput {
  to: ReportStatus;
  /** What the reporter and supporters read; a default text per status when empty. */
  message: string;
  note: string;
  /** For `forwarded`: the team it goes to. */
  teamId: string | undefined;
  closing: Closing;
}

/** Mails a public message to the reporter and every supporter with an address, in `trx`. */
async function notifyAll(
  ctx: ReportsContext,
  trx: Queryable,
  row: repo.ReportRow,
  message: string,
  extra?: { text: string; secret: string },
): Promise<number> {
  const supporters = await repo.findSupporters(trx, row.id);
  const link = `${ctx.publicUrl}/meldingen/${row.public_id}`;
  const subject = ctx.mailT('reports.mail.update.subject', { id: row.public_id });
  let sent = 0;
  if (row.reporter_email) {
    await ctx.queueMail(trx, {
      to: row.reporter_email,
      subject,
      text:
        ctx.mailT('reports.mail.update.body', { id: row.public_id, message, link }) +
        (extra ? `\n\n${extra.text}` : ''),
      gemeente: row.municipality_code,
      ...(extra ? { secrets: [extra.secret] } : {}),
    });
    sent++;
  }
  for (const s of supporters) {
    if (!s.email) continue;
    await ctx.queueMail(trx, {
      to: s.email,
      subject,
      text: ctx.mailT('reports.mail.update.supporterBody', { id: row.public_id, message, link }),
      gemeente: row.municipality_code,
    });
    sent++;
  }
  return sent;
}

/**
 * Moves a report: staff who may handle it (its buurt, or a partner's own team) accept it, start
 * work, forward it to another team, close it with a reason (a duplicate merges into the report
 * it repeats: its supporters and reporter carry over), or reopen it. Every move writes a public
 * message that goes to the reporter and every supporter with an address; closing as fixed also
 * sends the reporter a link (14 days) to say whether it was solved.
 */
export async function moveReport(
  ctx: ReportsContext,
  acting: Acting,
  publicId: string,
  input: MoveInput,
): Promise<void> {
  const problem = input.to === 'closed' ? checkClosing(input.closing) : undefined;
  if (problem)
    throw new ValidationError([{ field: problem.field, message: `reports.errors.${problem.problem}` }]);
  await ctx.commands.run(acting, `reports.moved`, async (step) => {
    const { trx, now } = step;
    const row = await repo.lockReportByPublicId(trx, publicId);
    if (!row) throw new NotFoundError('reports.errors.notFound');
    const teams = await repo.findTeams(trx, row.municipality_code);
    const who = authorizeHandle(step, row, teams);
    if (!canMove(row.status, input.to))
      throw new ConflictError('reports.errors.move', { from: row.status, to: input.to });
    let teamId = row.team_id;
    const changes: Parameters<typeof repo.updateReport>[2] = { status: input.to, updated_at: now };
    let kind: repo.UpdateKind = 'status';
    let detail = '';
    if (input.to === 'forwarded') {
      const team = teams.find((t) => t.id === input.teamId);
      if (!team || team.id === row.team_id)
        throw new ValidationError([{ field: 'team', message: 'reports.errors.team' }]);
      teamId = team.id;
      changes.team_id = team.id;
      kind = 'forwarded';
      detail = team.name;
    }
    let confirmLink: string | undefined;
    if (input.to === 'closed') {
      const reason = input.closing.reason ?? 'fixed';
      kind = 'closed';
      changes.closed_at = now;
      changes.close_reason = reason;
      changes.close_detail = input.closing.detail.trim();
      if (reason === 'duplicate') {
        const target = input.closing.duplicateOf
          ? await repo.findReportByPublicId(trx, input.closing.duplicateOf)
          : undefined;
        if (
          !target ||
          target.id === row.id ||
          target.municipality_code !== row.municipality_code ||
          target.status === 'closed'
        )
          throw new ValidationError([{ field: 'duplicateOf', message: 'reports.errors.duplicateOf' }]);
        changes.duplicate_of = target.id;
        changes.close_detail = target.public_id;
        detail = target.public_id;
        // Merge: the duplicate's supporters, and its reporter as a supporter, follow the report it repeats.
        await repo.moveSupporters(trx, row.id, target.id);
        if (row.reporter_email)
          await repo.insertSupporter(trx, {
            report_id: target.id,
            email: row.reporter_email,
            channel: row.channel,
            created_at: now,
            report_closed_at: null,
            contact_erased_at: null,
          });
        await repo.insertUpdate(trx, {
          report_id: target.id,
          at: now,
          kind: 'merged',
          status: target.status,
          team_id: target.team_id,
          public_message: ctx.mailT('reports.timeline.merged', { id: row.public_id }),
          internal_note: '',
          actor_account_id: accountOf(who),
        });
        await repo.updateReport(trx, target.id, { updated_at: now });
      }
      if (reason === 'fixed' && row.reporter_email) {
        const token = crypto.randomBytes(32).toString('base64url');
        changes.confirm_token_hash = hashToken(token);
        changes.confirm_sent_at = now;
        changes.confirmation = null;
        confirmLink = confirmationUrl(ctx.publicUrl, token);
      }
      await repo.setSupportersClosedAt(trx, row.id, now);
    }
    if (input.to === 'reopened') {
      kind = 'reopened';
      Object.assign(changes, { closed_at: null, close_reason: null, close_detail: '', duplicate_of: null });
      await repo.setSupportersClosedAt(trx, row.id, null);
    }
    await repo.updateReport(trx, row.id, changes);
    const message = input.message.trim() || defaultMessage(ctx.mailT, input, detail);
    await repo.insertUpdate(trx, {
      report_id: row.id,
      at: now,
      kind,
      status: input.to,
      team_id: teamId,
      public_message: message,
      internal_note: input.note.trim(),
      actor_account_id: accountOf(who),
    });
    const notified = await notifyAll(
      ctx,
      trx,
      { ...row, reporter_email: row.reporter_email },
      message,
      confirmLink
        ? { text: ctx.mailT('reports.mail.confirm.ask', { link: confirmLink }), secret: confirmLink }
        : undefined,
    );
    step.record(
      reportRecord(row, {
        from: row.status,
        to: input.to,
        ...(input.to === 'closed' ? { reason: input.closing.reason } : {}),
        ...(detail ? { detail } : {}),
        notified,
      }),
    );
  });
}

function accountOf(who: StaffActor | string): string | null {
  return typeof who === 'string' ? null : who.accountId;
}

function authorizeHandle(
  step: CommandStep,
  row: repo.ReportRow,
  teams: readonly repo.TeamRow[],
): StaffActor | string {
  const { actor } = step.acting;
  if (
    typeof actor !== 'string' &&
    !mayHandle(
      actor,
      row,
      teams.find((t) => t.id === row.team_id),
    )
  )
    throw new ForbiddenError();
  // The table's check for the place as well (operators pass; staff passed above).
  if (
    typeof actor !== 'string' &&
    actor.kind === 'staff' &&
    actor.grants.every((g) => g.role === 'partner')
  ) {
    step.authorize(HANDLE, row.wijk_code);
    return actor;
  }
  return step.authorize(HANDLE, row.buurt_code);
}

function defaultMessage(t: Translate, input: MoveInput, detail: string): string {
  if (input.to === 'closed')
    return t(`reports.timeline.closed.${input.closing.reason ?? 'fixed'}`, {
      detail: input.closing.reason === 'duplicate' ? detail : input.closing.detail.trim(),
    });
  if (input.to === 'forwarded') return t('reports.timeline.forwarded', { team: detail });
  return t(`reports.timeline.${input.to}`);
}

// ---- after closing: was it solved? ----

export interface ConfirmationView {
  publicId: string;
  description: string;
  closedAt: Date | null;
  open: boolean;
  answered: 'solved' | 'not_solved' | null;
}

async function rowByConfirmToken(db: Queryable, token: string) {
  return TOKEN.test(token) ? repo.findReportByConfirmHash(db, hashToken(token)) : undefined;
}

/** What the "was it solved?" page shows; NotFoundError for an unknown link. */
export async function getConfirmation(ctx: ReportsContext, token: string): Promise<ConfirmationView> {
  const row = await rowByConfirmToken(ctx.db, token);
  if (!row) throw new NotFoundError('reports.errors.linkUnknown');
  return {
    publicId: row.public_id,
    description: row.description,
    closedAt: row.closed_at,
    open:
      row.confirm_sent_at !== null &&
      row.confirmation === null &&
      confirmationOpen(row.confirm_sent_at, ctx.now()),
    answered: row.confirmation,
  };
}

/**
 * The reporter's answer. "Solved" is recorded. "Not solved" needs a reason: the first time it
 * reopens the report (its team sees it again, supporters hear of it); after a report was reopened
 * this way before, the disagreement is recorded on the timeline without reopening once more.
 */
export async function answerConfirmation(
  ctx: ReportsContext,
  acting: Acting,
  token: string,
  answer: { solved: boolean | undefined; reason: string },
): Promise<'solved' | 'reopened' | 'recorded'> {
  if (answer.solved === undefined)
    throw new ValidationError([{ field: 'solved', message: 'reports.errors.solvedMissing' }]);
  if (!answer.solved && answer.reason.trim().length < 3)
    throw new ValidationError([{ field: 'reason', message: 'reports.errors.notSolvedReason' }]);
  return ctx.commands.run(acting, 'reports.confirmation', async (step) => {
    step.openToAnyone();
    const { trx, now } = step;
    const row = await rowByConfirmToken(trx, token);
    if (!row) throw new NotFoundError('reports.errors.linkUnknown');
    if (
      row.confirmation !== null ||
      row.confirm_sent_at === null ||
      !confirmationOpen(row.confirm_sent_at, now)
    )
      throw new ConflictError('reports.errors.confirmationClosed');
    step.record(reportRecord(row, { solved: answer.solved }));
    if (answer.solved) {
      await repo.updateReport(trx, row.id, { confirmation: 'solved', confirmed_at: now, updated_at: now });
      await repo.insertUpdate(trx, {
        report_id: row.id,
        at: now,
        kind: 'confirmed',
        status: row.status,
        team_id: row.team_id,
        public_message: ctx.mailT('reports.timeline.confirmed'),
        internal_note: '',
        actor_account_id: null,
      });
      return 'solved';
    }
    const reason = answer.reason.trim();
    const updates = await repo.findUpdates(trx, row.id);
    const outcome = notSolvedOutcome(updates.filter((u) => u.kind === 'disputed').length);
    await repo.updateReport(trx, row.id, {
      confirmation: 'not_solved',
      confirmation_reason: reason,
      confirmed_at: now,
      updated_at: now,
    });
    await repo.insertUpdate(trx, {
      report_id: row.id,
      at: now,
      kind: 'disputed',
      status: row.status,
      team_id: row.team_id,
      public_message: ctx.mailT('reports.timeline.disputed', { reason }),
      internal_note: '',
      actor_account_id: null,
    });
    if (outcome === 'reopen' && row.status === 'closed') {
      await repo.updateReport(trx, row.id, {
        status: 'reopened',
        closed_at: null,
        close_reason: null,
        close_detail: '',
      });
      await repo.setSupportersClosedAt(trx, row.id, null);
      const message = ctx.mailT('reports.timeline.reopenedByReporter');
      await repo.insertUpdate(trx, {
        report_id: row.id,
        at: now,
        kind: 'reopened',
        status: 'reopened',
        team_id: row.team_id,
        public_message: message,
        internal_note: '',
        actor_account_id: null,
      });
      // The reporter just said it; the supporters hear it.
      await notifyAll(ctx, trx, { ...row, reporter_email: null }, message);
      return 'reopened';
    }
    return 'recorded';
  });
}

// ---- figures ----

export interface FixFigure {
  team: string;
  categoryCode: string;
  fixed: number;
  confirmed: number;
  disputed: number;
}

/** Per team and category: closed as fixed, and how many of those reporters confirmed or disputed. */
export async function fixFigures(ctx: ReportsContext, gemeente: string): Promise<FixFigure[]> {
  const rows = await repo.countFixed(ctx.db, gemeente);
  return rows.map((r) => ({
    team: r.team_name,
    categoryCode: r.category_code,
    fixed: Number(r.fixed),
    confirmed: Number(r.confirmed),
    disputed: Number(r.disputed),
  }));
}

export async function countOpen(ctx: ReportsContext, placeCode: string): Promise<number> {
  return Number((await repo.countOpenInPlace(ctx.db, placeCode)).n);
}

export async function reportPoints(
  ctx: ReportsContext,
  placeCode: string,
  statuses?: readonly ReportStatus[],
) {
  return repo.findReportPoints(ctx.db, placeCode, statuses);
}
