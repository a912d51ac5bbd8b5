import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/database.js';
import type { RevisionCache, RevisionTopic } from '../../db/revisions.js';
import { amsterdamDate, addWorkingDays } from '../../shared/dates.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../shared/errors.js';
import { formatEuros } from '../../shared/money.js';
import type { Translate } from '../../web/i18n/i18n.js';
import {
  type Acting,
  type Actor,
  type CommandRunner,
  type CommandStep,
  type StaffActor,
  allows,
  scopesOf,
  scopeCovers,
} from '../../access/index.js';
import {
  budgetTotal,
  checkMove,
  formatReference,
  isFinal,
  isIntakeOverdue,
  isPublic,
  nextStages,
  PUBLIC_STAGES,
  STAGES,
  type Channel,
  type HelpKind,
  type Mover,
  type Stage,
  type Theme,
} from './initiative.js';
import { initiativesPermissions, type InitiativesPermission } from './initiatives.permissions.js';
import * as repo from './initiatives.repository.js';
import type { SubmissionInput } from './initiatives.schema.js';

/** A place as the initiatives desk needs it: code and name. */
export interface PlaceRef {
  code: string;
  name: string;
}

/** What the desk needs from the places module (its index.ts provides it). */
export interface PlacesPort {
  /** The buurt, wijk and gemeente of a point; undefined outside every known buurt. */
  placeOfPoint(
    lat: number,
    lon: number,
  ): Promise<{ buurt: PlaceRef; wijk: PlaceRef; gemeente: PlaceRef } | undefined>;
  /** A buurt with its wijk and gemeente; undefined for an unknown code or another level. */
  placeOfBuurt(code: string): Promise<{ buurt: PlaceRef; wijk: PlaceRef; gemeente: PlaceRef } | undefined>;
  /** Names of places by code (unknown codes are left out). */
  names(codes: readonly string[]): Promise<Map<string, string>>;
}

/** A staff member as the desk shows them (from identity's staff directory). */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
}

/**
 * Identity's staff look-ups, run on the caller's connection (inside its transaction where
 * there is one): the desk never reads identity's tables itself.
 */
export interface StaffPort {
  /** Staff by id, any status; unknown ids are left out. */
  people(db: Queryable, ids: readonly string[]): Promise<StaffMember[]>;
  /** Active staff in a gemeente with one of `roles` on it or on one of its wijken, a row per grant, by name. */
  holdingRoles(
    db: Queryable,
    municipalityCode: string,
    roles: readonly string[],
  ): Promise<(StaffMember & { placeCode: string; role: string })[]>;
}

/** One mail, written into the outbox inside the caller's transaction. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** The gemeente of the initiative: the mail is sent on its behalf. */
  gemeente: string;
  /** Working links in the text (the tracking link): sent, never kept in the outbox. */
  secrets?: string[];
}

/** The places, the staff directory, the mail outbox (written in the transaction of the change) and the command step. */
export interface InitiativesPorts {
  places: PlacesPort;
  staff: StaffPort;
  enqueueMail(trx: Queryable, mail: OutgoingMail): Promise<void>;
  /** The shared command step: permission, change and audit entry in one transaction. */
  commands: CommandRunner;
}

export interface InitiativesSettings {
  intakeWorkingDays: number;
  /** Base URL for links in mail. */
  publicUrl: string;
}

/** Everything a use case needs, passed explicitly. */
export interface InitiativesContext extends InitiativesPorts {
  db: Db;
  /** The process's cache of public reads (public list and pages), dropped on any change. */
  cache: RevisionCache;
  settings: InitiativesSettings;
  now: () => Date;
}

/** A cleaned photo ready to store (see `cleanImage`), with its description. */
export interface PhotoInput {
  data: Buffer;
  mime: string;
  width: number;
  height: number;
  alt: string;
}

// ---- domain shapes returned to pages and API ----

export interface TimelineEntry {
  at: Date;
  from: Stage | null;
  to: Stage;
  reason: string;
}

/** What anyone may see. Never the initiator's name, e-mail or phone. */
export interface PublicInitiative {
  id: string;
  reference: string;
  title: string;
  summary: string;
  forWhom: string;
  themes: Theme[];
  helpWanted: HelpKind[];
  stage: Stage;
  buurt: PlaceRef;
  wijk: PlaceRef;
  gemeente: PlaceRef;
  locationDescription: string;
  lat: number | null;
  lon: number | null;
  budgetTotalCents: number;
  submittedOn: string;
}

export interface PublicInitiativeDetail extends PublicInitiative {
  budgetLines: { description: string; amountCents: number }[];
  photos: { uploadId: string; alt: string; position: number; width: number | null; height: number | null }[];
  timeline: TimelineEntry[];
}

export interface ThreadMessage {
  at: Date;
  author: 'initiator' | 'staff';
  authorLabel: string;
  body: string;
  staffOnly: boolean;
}

/** What the initiator sees through the tracking link: their own initiative, the thread without notes. */
export interface TrackedInitiative extends PublicInitiativeDetail {
  initiatorName: string;
  isPublic: boolean;
  canWithdraw: boolean;
  messages: ThreadMessage[];
  intakeDueOn: string;
}

export interface StaffPerson {
  id: string;
  name: string;
}

/** The desk's view: everything, including contact details and staff-only notes. */
export interface DeskInitiative extends TrackedInitiative {
  channel: Channel;
  initiatorEmail: string | null;
  initiatorPhone: string | null;
  coach: StaffPerson | null;
  participants: StaffPerson[];
  overdue: boolean;
  nextStages: Stage[];
  /** Whether the viewer may move, assign and invite (not only read and write). */
  canCoach: boolean;
  /** Colleagues who may coach it (assignment) and staff of the gemeente (to ask in). */
  coaches: StaffPerson[];
  colleagues: StaffPerson[];
}

export interface QueueItem {
  reference: string;
  title: string;
  stage: Stage;
  buurt: PlaceRef;
  wijk: PlaceRef;
  coachName: string | null;
  mine: boolean;
  submittedOn: string;
  intakeDueOn: string;
  overdue: boolean;
  channel: Channel;
}

// ---- helpers ----

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function can(actor: Actor, permission: InitiativesPermission, placeCode?: string): boolean {
  return allows(initiativesPermissions[permission], actor, { placeCode });
}

/**
 * The command's permission for the place, for a desk command that acts as a member of staff
 * (their account goes on the timeline and the thread): the command line has none of these.
 */
function authorizeStaff(step: CommandStep, permission: InitiativesPermission, placeCode: string): StaffActor {
  const by = step.authorize(initiativesPermissions[permission], placeCode);
  if (typeof by === 'string') throw new ForbiddenError();
  return by;
}

/** The audit record of a change to one initiative, readable in its gemeente. */
function initiativeRecord(
  reference: string,
  municipalityCode: string,
  details: Record<string, string | number | boolean | null>,
) {
  return { subject: { type: 'initiative', id: reference }, municipalityCodes: [municipalityCode], details };
}

/** The tracking link of an initiative; the token itself is only ever in the initiator's hands. */
export function trackingUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/initiatieven/volgen/${token}`;
}

/** The desk's page of an initiative, for links in mail to staff. */
function deskUrl(publicUrl: string, reference: string): string {
  return `${publicUrl}/beheer/initiatieven/${reference}`;
}

async function placeRefs(ctx: InitiativesContext, rows: readonly repo.InitiativeRow[]) {
  const codes = new Set<string>();
  for (const r of rows) for (const c of [r.buurt_code, r.wijk_code, r.municipality_code]) codes.add(c);
  const names = await ctx.places.names([...codes]);
  return (code: string): PlaceRef => ({ code, name: names.get(code) ?? code });
}

function toPublic(
  row: repo.InitiativeRow,
  place: (code: string) => PlaceRef,
  totalCents: number,
): PublicInitiative {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    summary: row.summary,
    forWhom: row.for_whom,
    themes: row.themes,
    helpWanted: row.help_wanted,
    stage: row.stage,
    buurt: place(row.buurt_code),
    wijk: place(row.wijk_code),
    gemeente: place(row.municipality_code),
    locationDescription: row.location_description,
    lat: row.lat,
    lon: row.lon,
    budgetTotalCents: totalCents,
    submittedOn: amsterdamDate(row.created_at),
  };
}

async function loadDetail(
  ctx: InitiativesContext,
  db: Queryable,
  row: repo.InitiativeRow,
): Promise<PublicInitiativeDetail> {
  const [lines, photos, events, place] = await Promise.all([
    repo.findBudgetLines(db, row.id),
    repo.findPhotos(db, row.id),
    repo.findEvents(db, row.id),
    placeRefs(ctx, [row]),
  ]);
  const budgetLines = lines.map((l) => ({ description: l.description, amountCents: l.amount_cents }));
  return {
    ...toPublic(row, place, budgetTotal(budgetLines)),
    budgetLines,
    photos: photos.map((p) => ({
      uploadId: p.upload_id,
      alt: p.alt,
      position: p.position,
      width: p.width,
      height: p.height,
    })),
    timeline: events.map((e) => ({ at: e.at, from: e.from_stage, to: e.to_stage, reason: e.reason })),
  };
}

function toThread(rows: readonly repo.MessageRow[]): ThreadMessage[] {
  return rows.map((m) => ({
    at: m.at,
    author: m.author,
    authorLabel: m.author_label,
    body: m.body,
    staffOnly: m.staff_only,
  }));
}

// ---- submitting ----

/**
 * Submits an initiative: checks the place, stores it with its budget, photos and first timeline
 * entry, and mails the initiator their private tracking link — all in one transaction.
 * Staff submitting for a resident need `initiatives.submit_for_resident` for the place; their
 * submission is audited. Returns the reference and the tracking token (shown once, never stored).
 */
/** Where a submission lies: its buurt, wijk and gemeente. */
export type SubmissionPlace = { buurt: PlaceRef; wijk: PlaceRef; gemeente: PlaceRef };

/**
 * The place of a submission (its point, or else its buurt); a ValidationError on `buurt` when
 * there is none. Looked up before any transaction: PGlite has one connection, which the
 * transaction would hold.
 */
export async function placeOfSubmission(
  ctx: InitiativesContext,
  input: Pick<SubmissionInput, 'point' | 'buurtCode'>,
): Promise<SubmissionPlace> {
  const place = input.point
    ? await ctx.places.placeOfPoint(input.point.lat, input.point.lon)
    : input.buurtCode
      ? await ctx.places.placeOfBuurt(input.buurtCode)
      : undefined;
  if (!place) {
    throw new ValidationError([
      {
        field: 'buurt',
        message: input.point ? 'initiatives.errors.pointOutside' : 'initiatives.errors.buurt',
      },
    ]);
  }
  return place;
}

/**
 * Submits an initiative as one command. `within` joins the caller's transaction (another
 * module's command), with the place the caller looked up before it (`placeOfSubmission`).
 */
export async function submitInitiative(
  ctx: InitiativesContext,
  acting: Acting,
  input: SubmissionInput,
  photos: readonly PhotoInput[],
  t: Translate,
  within?: { trx: Queryable; place: SubmissionPlace },
): Promise<{ id: string; reference: string; token: string; intakeDueOn: string }> {
  const place = within?.place ?? (await placeOfSubmission(ctx, input));
  const now = ctx.now();
  const today = amsterdamDate(now);
  const intakeDueOn = addWorkingDays(today, ctx.settings.intakeWorkingDays);
  const token = crypto.randomBytes(32).toString('base64url');

  // In the caller's transaction when it gives one: one command inside another's.
  const run: CommandRunner['run'] = (a, action, body) =>
    ctx.commands.run(a, action, body, within ? { trx: within.trx } : {});
  return run(acting, 'initiatives.submit_for_resident', async (step) => {
    const { trx } = step;
    let staff: StaffActor | undefined;
    if (input.channel === 'online') {
      step.openToAnyone();
      step.recordNothing('a resident’s own submission: the initiative and its timeline are its record');
    } else {
      // Only staff enter another channel (paper, phone, the desk), for the place of the initiative.
      staff = authorizeStaff(step, 'initiatives.submit_for_resident', place.buurt.code);
    }
    const year = Number(today.slice(0, 4));
    const reference = formatReference(year, await repo.nextReferenceNumber(trx, year));
    const id = await repo.insertInitiative(trx, {
      reference,
      title: input.title,
      summary: input.summary,
      for_whom: input.forWhom,
      themes: input.themes,
      help_wanted: input.helpWanted,
      buurt_code: place.buurt.code,
      wijk_code: place.wijk.code,
      municipality_code: place.gemeente.code,
      location_description: input.locationDescription,
      lat: input.point?.lat ?? null,
      lon: input.point?.lon ?? null,
      stage: 'submitted',
      channel: input.channel,
      initiator_name: input.initiatorName,
      initiator_email: input.initiatorEmail ?? null,
      initiator_phone: input.initiatorPhone ?? null,
      tracking_token_hash: hashToken(token),
      submitted_by_account_id: staff?.accountId ?? null,
      intake_due_on: intakeDueOn,
      created_at: now,
    });
    await repo.insertBudgetLines(trx, id, input.budgetLines);
    const stored: { uploadId: string; alt: string }[] = [];
    for (const photo of photos) {
      const uploadId = await repo.insertUpload(trx, {
        mime: photo.mime,
        bytes: photo.data,
        width: photo.width,
        height: photo.height,
      });
      stored.push({ uploadId, alt: photo.alt.trim() });
    }
    await repo.insertPhotos(trx, id, stored);
    await repo.insertEvent(trx, {
      initiativeId: id,
      from: null,
      to: 'submitted',
      reason: '',
      mover: staff ? 'coach' : 'initiator',
      actorAccountId: staff?.accountId ?? null,
      at: now,
    });
    if (staff) step.record(initiativeRecord(reference, place.gemeente.code, { channel: input.channel }));
    if (input.initiatorEmail) {
      const link = trackingUrl(ctx.settings.publicUrl, token);
      await ctx.enqueueMail(trx, {
        to: input.initiatorEmail,
        subject: t('initiatives.mail.submitted.subject', { reference }),
        text: t('initiatives.mail.submitted.body', {
          name: input.initiatorName,
          title: input.title,
          reference,
          link,
          days: ctx.settings.intakeWorkingDays,
        }),
        gemeente: place.gemeente.code,
        secrets: [link],
      });
    }
    return { id, reference, token, intakeDueOn };
  });
}

// ---- public ----

export interface PublicListFilter {
  placeCode?: string | undefined;
  stage?: Stage | undefined;
  theme?: Theme | undefined;
  limit?: number;
  offset?: number;
}

const PUBLIC_LIST_STAGES: readonly Stage[] = [...PUBLIC_STAGES, 'withdrawn', 'declined'];

/** What a public initiative shows: its own tables, and the names of its places. */
const PUBLIC_TOPICS: readonly RevisionTopic[] = ['initiatives', 'places'];

/** Public initiatives, newest activity first; no personal data. Cached: never change the result. */
export function listPublicInitiatives(
  ctx: InitiativesContext,
  filter: PublicListFilter,
): Promise<PublicInitiative[]> {
  const key = [filter.placeCode, filter.stage, filter.theme, filter.limit, filter.offset].join('|');
  return ctx.cache.get(`initiatives:list:${key}`, PUBLIC_TOPICS, () => readPublicInitiatives(ctx, filter));
}

async function readPublicInitiatives(
  ctx: InitiativesContext,
  filter: PublicListFilter,
): Promise<PublicInitiative[]> {
  const rows = await repo.findPublicInitiatives(ctx.db, {
    placeCode: filter.placeCode,
    stages: filter.stage ? [filter.stage] : PUBLIC_LIST_STAGES,
    theme: filter.theme,
    limit: filter.limit ?? 100,
    offset: filter.offset ?? 0,
  });
  const [totals, place] = await Promise.all([
    repo.findBudgetTotals(
      ctx.db,
      rows.map((r) => r.id),
    ),
    placeRefs(ctx, rows),
  ]);
  return rows.map((r) => toPublic(r, place, totals.get(r.id) ?? 0));
}

/**
 * Page `page` (from 1) of the public list, `pageSize` long, and whether another page follows
 * (it asks for one more than it shows).
 */
export async function listPublicPage(
  ctx: InitiativesContext,
  filter: Omit<PublicListFilter, 'limit' | 'offset'>,
  page: number,
  pageSize: number,
): Promise<{ items: PublicInitiative[]; hasMore: boolean }> {
  const items = await listPublicInitiatives(ctx, {
    ...filter,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  });
  return { items: items.slice(0, pageSize), hasMore: items.length > pageSize };
}

/**
 * One public initiative by reference; NotFoundError when it does not exist or is not public.
 * Cached: never change the result.
 */
export function getPublicInitiative(
  ctx: InitiativesContext,
  reference: string,
): Promise<PublicInitiativeDetail> {
  return ctx.cache.get(`initiatives:detail:${reference}`, PUBLIC_TOPICS, () =>
    readPublicInitiative(ctx, reference),
  );
}

async function readPublicInitiative(
  ctx: InitiativesContext,
  reference: string,
): Promise<PublicInitiativeDetail> {
  const row = await repo.findInitiativeByReference(ctx.db, reference);
  if (!row || !isPublic(row.stage, row.published_at)) {
    throw new NotFoundError('initiatives.errors.notFound', { reference });
  }
  return loadDetail(ctx, ctx.db, row);
}

// ---- the initiator, through the tracking link ----

async function rowByToken(
  ctx: InitiativesContext,
  db: Queryable,
  token: string,
): Promise<repo.InitiativeRow> {
  // Tokens are base64url of 32 bytes; anything else cannot match and needs no query.
  const row = /^[A-Za-z0-9_-]{43}$/.test(token)
    ? await repo.findInitiativeByTokenHash(db, hashToken(token))
    : undefined;
  if (!row) throw new NotFoundError('initiatives.errors.trackingNotFound');
  return row;
}

async function tracked(
  ctx: InitiativesContext,
  db: Queryable,
  row: repo.InitiativeRow,
): Promise<TrackedInitiative> {
  const [detail, messages] = await Promise.all([
    loadDetail(ctx, db, row),
    repo.findMessages(db, row.id, { includeStaffOnly: false }),
  ]);
  return {
    ...detail,
    initiatorName: row.initiator_name,
    isPublic: isPublic(row.stage, row.published_at),
    canWithdraw: nextStages(row.stage, 'initiator').includes('withdrawn'),
    messages: toThread(messages),
    intakeDueOn: row.intake_due_on,
  };
}

/** The initiator's own view; NotFoundError for an unknown token. */
export async function getTrackedInitiative(
  ctx: InitiativesContext,
  token: string,
): Promise<TrackedInitiative> {
  return tracked(ctx, ctx.db, await rowByToken(ctx, ctx.db, token));
}

/** A photo of a tracked initiative: the initiator sees their own before publication too. */
export async function getTrackedPhoto(
  ctx: InitiativesContext,
  token: string,
  position: number,
): Promise<{ mime: string; bytes: Buffer }> {
  const row = await rowByToken(ctx, ctx.db, token);
  const photo = (await repo.findPhotos(ctx.db, row.id)).find((p) => p.position === position);
  const upload = photo ? await repo.findUploadWithOwner(ctx.db, photo.upload_id) : undefined;
  if (!upload) throw new NotFoundError();
  return { mime: upload.mime, bytes: Buffer.from(upload.bytes) };
}

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length < 1 || trimmed.length > 5000) {
    throw new ValidationError([{ field: 'body', message: 'initiatives.errors.body' }]);
  }
  return trimmed;
}

/** The initiator answers in the thread; the coach (if assigned) is told by mail. */
export async function postInitiatorMessage(
  ctx: InitiativesContext,
  acting: Acting,
  token: string,
  body: string,
  t: Translate,
): Promise<void> {
  const text = checkBody(body);
  await ctx.commands.run(acting, 'initiatives.initiator_message', async (step) => {
    const { trx } = step;
    // The tracking link's token, found below, is what the initiator needs.
    step.openToAnyone();
    step.recordNothing('the initiator’s own message: the thread is its record, an entry would only copy it');
    const row = await rowByToken(ctx, trx, token);
    if (isFinal(row.stage) && row.stage !== 'evaluated') {
      throw new ConflictError('initiatives.errors.threadClosed');
    }
    await repo.insertMessage(trx, {
      initiativeId: row.id,
      author: 'initiator',
      authorAccountId: null,
      authorLabel: t('initiatives.thread.initiator'),
      body: text,
      staffOnly: false,
      at: ctx.now(),
    });
    const [coach] = row.coach_account_id ? await ctx.staff.people(trx, [row.coach_account_id]) : [];
    if (coach) {
      await ctx.enqueueMail(trx, {
        to: coach.email,
        subject: t('initiatives.mail.initiatorMessage.subject', { reference: row.reference }),
        text: t('initiatives.mail.initiatorMessage.body', {
          reference: row.reference,
          title: row.title,
          link: deskUrl(ctx.settings.publicUrl, row.reference),
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}

/** The initiator withdraws their initiative, with a reason (shown on the public timeline). */
export async function withdrawByInitiator(
  ctx: InitiativesContext,
  acting: Acting,
  token: string,
  reason: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.withdraw', async (step) => {
    const { trx } = step;
    // The tracking link's token, found below, is what the initiator needs.
    step.openToAnyone();
    step.recordNothing('the initiator’s own move: the public timeline is its record, with the reason');
    const row = await rowByToken(ctx, trx, token);
    const locked = await repo.lockInitiative(trx, row.id);
    if (!locked) throw new NotFoundError('initiatives.errors.trackingNotFound');
    await applyMove(ctx, trx, locked, 'withdrawn', 'initiator', reason, null, t);
  });
}

// ---- stage moves ----

async function applyMove(
  ctx: InitiativesContext,
  trx: Queryable,
  row: repo.InitiativeRow,
  to: Stage,
  mover: Mover,
  rawReason: string,
  actorAccountId: string | null,
  t: Translate,
): Promise<void> {
  const reason = rawReason.trim().slice(0, 2000);
  const refusal = checkMove(row.stage, to, mover, reason);
  const params = { from: t(`initiatives.stage.${row.stage}`), to: t(`initiatives.stage.${to}`) };
  if (refusal === 'not_allowed') throw new ConflictError('initiatives.errors.moveNotAllowed', params);
  if (refusal === 'not_yours') throw new ForbiddenError('initiatives.errors.moveNotYours');
  if (refusal === 'reason_required') {
    throw new DomainError('unprocessable', 'initiatives.errors.reasonRequired', {}, [
      { field: 'reason', message: 'initiatives.errors.reasonRequired' },
    ]);
  }
  await repo.updateStage(trx, row.id, to, PUBLIC_STAGES.includes(to));
  await repo.insertEvent(trx, {
    initiativeId: row.id,
    from: row.stage,
    to,
    reason,
    mover,
    actorAccountId,
    at: ctx.now(),
  });
}

/**
 * The household budget moves an initiative (funded when its pledges reach the goal, not funded
 * when the deadline passes first), as mover 'system', inside the budget's own transaction so
 * the move and the money commit together. A refused move is a ConflictError.
 */
export async function moveBySystem(
  ctx: InitiativesContext,
  trx: Queryable,
  initiativeId: string,
  to: 'funded' | 'not_funded',
  reason: string,
): Promise<void> {
  const row = await repo.lockInitiative(trx, initiativeId);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference: initiativeId });
  await applyMove(ctx, trx, row, to, 'system', reason, null, (key) => key);
}

async function lockByReference(trx: Queryable, reference: string): Promise<repo.InitiativeRow> {
  const found = await repo.findInitiativeByReference(trx, reference);
  const row = found ? await repo.lockInitiative(trx, found.id) : undefined;
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  return row;
}

/**
 * A coach moves an initiative to another stage. The stage machine decides; a refused move is a
 * ConflictError (409), a missing reason an unprocessable error (422). Taking an unassigned
 * initiative in assigns it to the coach. Audited; the initiator hears of it by mail.
 */
export async function moveByStaff(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  to: Stage,
  reason: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.move', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    const staff = authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    await applyMove(ctx, trx, row, to, 'coach', reason, staff.accountId, t);
    if (to === 'intake' && row.coach_account_id === null)
      await repo.updateCoach(trx, row.id, staff.accountId);
    step.record(
      initiativeRecord(reference, row.municipality_code, { from: row.stage, to, reason: reason.trim() }),
    );
    if (row.initiator_email) {
      await ctx.enqueueMail(trx, {
        to: row.initiator_email,
        subject: t('initiatives.mail.moved.subject', { reference }),
        text: t('initiatives.mail.moved.body', {
          name: row.initiator_name,
          title: row.title,
          stage: t(`initiatives.stage.${to}`),
          reason: reason.trim(),
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}

// ---- the desk ----

async function staffPerson(
  ctx: InitiativesContext,
  db: Queryable,
  id: string | null,
): Promise<StaffPerson | null> {
  if (!id) return null;
  const [p] = await ctx.staff.people(db, [id]);
  return p ? { id: p.id, name: p.name } : null;
}

/**
 * Roles that can open the desk page, so may be asked into a thread (partners have no
 * `initiatives.intake`); coaches among them may be assigned.
 */
const DESK_ROLES = ['coach', 'administrator', 'district_manager'] as const;

/**
 * Whether staff hold a desk role in a gemeente today: the grant that let them be asked into one
 * of its initiatives. Grants are loaded with the session on every request, so this is current.
 */
function holdsDeskRoleIn(actor: StaffActor, municipalityCode: string): boolean {
  return actor.grants.some(
    (g) => DESK_ROLES.some((role) => role === g.role) && scopeCovers(municipalityCode, g.placeCode),
  );
}

/**
 * Whether staff asked into an initiative (addParticipant) may still use that: only while they
 * hold a desk role in its gemeente. The invitation stays on record, but a role taken away ends
 * the access at once.
 */
async function isCurrentParticipant(
  db: Queryable,
  actor: StaffActor,
  initiative: { id: string; municipalityCode: string },
): Promise<boolean> {
  return (
    holdsDeskRoleIn(actor, initiative.municipalityCode) &&
    (await repo.isParticipant(db, initiative.id, actor.accountId))
  );
}

/** Whether staff may read and write in this initiative's thread: in their places, or asked in. */
async function mayReadDesk(db: Queryable, actor: StaffActor, row: repo.InitiativeRow): Promise<boolean> {
  return (
    can(actor, 'initiatives.intake', row.buurt_code) ||
    (await isCurrentParticipant(db, actor, { id: row.id, municipalityCode: row.municipality_code }))
  );
}

/** An initiative for staff who may read it at the desk; Forbidden for anyone else. */
async function loadDeskRow(db: Queryable, actor: Actor, reference: string) {
  if (actor.kind !== 'staff') throw new ForbiddenError();
  const row = await repo.findInitiativeByReference(db, reference);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  if (!(await mayReadDesk(db, actor, row))) throw new ForbiddenError();
  return { staff: actor, row };
}

/**
 * The command's permission to write at the desk of an initiative: the desk's permission for
 * its buurt, or, for a colleague asked in (`isCurrentParticipant`, checked here), the desk's
 * permission where they hold it.
 */
async function authorizeDesk(
  step: CommandStep,
  reference: string,
): Promise<{ staff: StaffActor; row: repo.InitiativeRow }> {
  const { actor } = step.acting;
  if (typeof actor === 'string' || actor.kind !== 'staff') throw new ForbiddenError();
  const row = await repo.findInitiativeByReference(step.trx, reference);
  if (!row) throw new NotFoundError('initiatives.errors.notFound', { reference });
  const intake = initiativesPermissions['initiatives.intake'];
  if (can(actor, 'initiatives.intake', row.buurt_code)) step.authorize(intake, row.buurt_code);
  else if (
    await isCurrentParticipant(step.trx, actor, { id: row.id, municipalityCode: row.municipality_code })
  )
    step.authorizeAnywhere(intake);
  else throw new ForbiddenError();
  return { staff: actor, row };
}

/** The desk's full view of one initiative, with contact details, notes and colleagues. */
export async function getDeskInitiative(
  ctx: InitiativesContext,
  actor: Actor,
  reference: string,
): Promise<DeskInitiative> {
  const { staff, row } = await loadDeskRow(ctx.db, actor, reference);
  const [base, allMessages, coach, participants, staffRows] = await Promise.all([
    tracked(ctx, ctx.db, row),
    repo.findMessages(ctx.db, row.id, { includeStaffOnly: true }),
    staffPerson(ctx, ctx.db, row.coach_account_id),
    repo
      .findParticipantIds(ctx.db, row.id)
      .then(async (ids) =>
        (await ctx.staff.people(ctx.db, ids)).sort((a, b) => a.name.localeCompare(b.name, 'nl')),
      ),
    ctx.staff.holdingRoles(ctx.db, row.municipality_code, DESK_ROLES),
  ]);
  const canCoach = can(staff, 'initiatives.coach', row.buurt_code);
  const unique = (rows: typeof staffRows) => [
    ...new Map(rows.map((r) => [r.id, { id: r.id, name: r.name }])).values(),
  ];
  const coaches = unique(
    staffRows.filter((r) => r.role === 'coach' && scopeCovers(r.placeCode, row.buurt_code)),
  );
  return {
    ...base,
    messages: toThread(allMessages),
    channel: row.channel,
    initiatorEmail: row.initiator_email,
    initiatorPhone: row.initiator_phone,
    coach,
    participants: participants.map((p) => ({ id: p.id, name: p.name })),
    overdue: isIntakeOverdue(row.stage, row.intake_due_on, amsterdamDate(ctx.now())),
    nextStages: canCoach ? nextStages(row.stage, 'coach') : [],
    canCoach,
    coaches,
    colleagues: unique(staffRows).filter((p) => p.id !== staff.accountId),
  };
}

export type QueueView = 'open' | 'new' | 'mine' | 'all';

const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => !isFinal(s));

/** The intake queue: initiatives in the coach's places (and those they were asked into). */
export async function listQueue(
  ctx: InitiativesContext,
  actor: Actor,
  options: { view: QueueView; placeCode?: string | undefined },
): Promise<QueueItem[]> {
  if (actor.kind !== 'staff') throw new ForbiddenError();
  const scopes = scopesOf(initiativesPermissions['initiatives.intake'], actor);
  const stages: readonly Stage[] =
    options.view === 'new' ? ['submitted'] : options.view === 'all' ? STAGES : OPEN_STAGES;
  const rows = await repo.findQueue(ctx.db, {
    scopes,
    stages,
    coachAccountId: options.view === 'mine' ? actor.accountId : undefined,
    placeCode: options.placeCode,
    limit: 500,
  });
  const invited =
    options.view === 'mine' ? await repo.findInitiativesWithParticipant(ctx.db, actor.accountId) : [];
  const stillInvited = invited.filter((i) => holdsDeskRoleIn(actor, i.municipality_code));
  const all = [...rows, ...stillInvited.filter((i) => !rows.some((r) => r.id === i.id))];
  const place = await placeRefs(ctx, all);
  const coachIds = all.flatMap((r) => (r.coach_account_id ? [r.coach_account_id] : []));
  const coachNames = new Map((await ctx.staff.people(ctx.db, coachIds)).map((p) => [p.id, p.name]));
  const today = amsterdamDate(ctx.now());
  return all.map((r) => ({
    reference: r.reference,
    title: r.title,
    stage: r.stage,
    buurt: place(r.buurt_code),
    wijk: place(r.wijk_code),
    coachName: r.coach_account_id ? (coachNames.get(r.coach_account_id) ?? null) : null,
    mine: r.coach_account_id === actor.accountId,
    submittedOn: amsterdamDate(r.created_at),
    intakeDueOn: r.intake_due_on,
    overdue: isIntakeOverdue(r.stage, r.intake_due_on, today),
    channel: r.channel,
  }));
}

/** Assigns a coach (the actor or a colleague who coaches the place). Audited. */
export async function assignCoach(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  accountId: string,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.assign', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    const candidates = await ctx.staff.holdingRoles(trx, row.municipality_code, ['coach']);
    const ok = candidates.some((c) => c.id === accountId && scopeCovers(c.placeCode, row.buurt_code));
    if (!ok) throw new ValidationError([{ field: 'coach', message: 'initiatives.errors.coach' }]);
    await repo.updateCoach(trx, row.id, accountId);
    step.record(
      initiativeRecord(reference, row.municipality_code, {
        coach: accountId,
        previous: row.coach_account_id,
      }),
    );
  });
}

/** Asks a colleague of the gemeente into the thread; they can then read and write in it. Audited. */
export async function addParticipant(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  accountId: string,
  t: Translate,
): Promise<void> {
  await ctx.commands.run(acting, 'initiatives.add_participant', async (step) => {
    const { trx } = step;
    const row = await lockByReference(trx, reference);
    const staff = authorizeStaff(step, 'initiatives.coach', row.buurt_code);
    const people = await ctx.staff.holdingRoles(trx, row.municipality_code, DESK_ROLES);
    const person = people.find((p) => p.id === accountId);
    if (!person)
      throw new ValidationError([{ field: 'participant', message: 'initiatives.errors.participant' }]);
    await repo.insertParticipant(trx, row.id, accountId);
    step.record(initiativeRecord(reference, row.municipality_code, { participant: accountId }));
    await ctx.enqueueMail(trx, {
      to: person.email,
      subject: t('initiatives.mail.invited.subject', { reference }),
      text: t('initiatives.mail.invited.body', {
        name: staff.displayName,
        title: row.title,
        link: deskUrl(ctx.settings.publicUrl, reference),
      }),
      gemeente: row.municipality_code,
    });
  });
}

/**
 * Staff write in the thread: a message the initiator reads (and is mailed about), or a note
 * only staff see. Audited, as every staff change is.
 */
export async function postStaffMessage(
  ctx: InitiativesContext,
  acting: Acting,
  reference: string,
  body: string,
  staffOnly: boolean,
  t: Translate,
): Promise<void> {
  const text = checkBody(body);
  await ctx.commands.run(acting, staffOnly ? 'initiatives.note' : 'initiatives.message', async (step) => {
    const { trx } = step;
    const { staff, row } = await authorizeDesk(step, reference);
    await repo.insertMessage(trx, {
      initiativeId: row.id,
      author: 'staff',
      authorAccountId: staff.accountId,
      authorLabel: staff.displayName,
      body: text,
      staffOnly,
      at: ctx.now(),
    });
    step.record(initiativeRecord(reference, row.municipality_code, {}));
    if (!staffOnly && row.initiator_email) {
      await ctx.enqueueMail(trx, {
        to: row.initiator_email,
        subject: t('initiatives.mail.staffMessage.subject', { reference }),
        text: t('initiatives.mail.staffMessage.body', {
          name: row.initiator_name,
          author: staff.displayName,
          title: row.title,
          body: text,
        }),
        gemeente: row.municipality_code,
      });
    }
  });
}

/** Whether the actor may use the desk at all (for the queue page and links to it). */
export function mayUseDesk(actor: Actor): boolean {
  return can(actor, 'initiatives.intake');
}

/** Who may see an uploaded photo: everyone for a public initiative, else staff of its place. */
export async function getUploadForActor(
  ctx: InitiativesContext,
  actor: Actor,
  uploadId: string,
): Promise<{ mime: string; bytes: Buffer; isPublic: boolean }> {
  const row = /^[0-9a-f-]{36}$/i.test(uploadId)
    ? await repo.findUploadWithOwner(ctx.db, uploadId)
    : undefined;
  if (!row) throw new NotFoundError();
  const publicPhoto = row.stage !== null && isPublic(row.stage, row.published_at);
  if (!publicPhoto) {
    const allowed =
      actor.kind === 'staff' &&
      row.initiative_id !== null &&
      row.buurt_code !== null &&
      row.municipality_code !== null &&
      (can(actor, 'initiatives.intake', row.buurt_code) ||
        (await isCurrentParticipant(ctx.db, actor, {
          id: row.initiative_id,
          municipalityCode: row.municipality_code,
        })));
    // Not found rather than forbidden: whether a private upload exists is not for others to learn.
    if (!allowed) throw new NotFoundError();
  }
  return { mime: row.mime, bytes: Buffer.from(row.bytes), isPublic: publicPhoto };
}

/** `€ 1.250,00` in the actor's language: a helper for mail and pages. */
export function formatBudget(cents: number, locale: 'nl' | 'en'): string {
  return formatEuros(cents, locale);
}
