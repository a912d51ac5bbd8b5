import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/database.js';
import type { RevisionCache } from '../../db/revisions.js';
import { amsterdamDate, addWorkingDays } from '../../shared/dates.js';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';
import { formatEuros } from '../../shared/money.js';
import type { Translate } from '../../web/i18n/i18n.js';
import {
  type Acting,
  type Actor,
  type CommandRunner,
  type CommandStep,
  type StaffActor,
  allows,
  scopeCovers,
} from '../../access/index.js';
import {
  budgetTotal,
  formatReference,
  isPublic,
  type Channel,
  type HelpKind,
  type Stage,
  type Theme,
} from './initiative.js';
import { initiativesPermissions, type InitiativesPermission } from './initiatives.permissions.js';
import * as repo from './initiatives.repository.js';
import type { SubmissionInput } from './initiatives.schema.js';
import type { CleanImage, UploadAccess, UploadStore } from '../uploads/index.js';

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
  /** The uploads module, where the photos' files are kept: initiatives keeps their ids. */
  uploads: UploadStore;
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
export interface PhotoInput extends CleanImage {
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

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function can(actor: Actor, permission: InitiativesPermission, placeCode?: string): boolean {
  return allows(initiativesPermissions[permission], actor, { placeCode });
}

/**
 * The command's permission for the place, for a desk command that acts as a member of staff
 * (their account goes on the timeline and the thread): the command line has none of these.
 */
export function authorizeStaff(
  step: CommandStep,
  permission: InitiativesPermission,
  placeCode: string,
): StaffActor {
  const by = step.authorize(initiativesPermissions[permission], placeCode);
  if (typeof by === 'string') throw new ForbiddenError();
  return by;
}

/** The audit record of a change to one initiative, readable in its gemeente. */
export function initiativeRecord(
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
export function deskUrl(publicUrl: string, reference: string): string {
  return `${publicUrl}/beheer/initiatieven/${reference}`;
}

export async function placeRefs(ctx: InitiativesContext, rows: readonly repo.InitiativeRow[]) {
  const codes = new Set<string>();
  for (const r of rows) for (const c of [r.buurt_code, r.wijk_code, r.municipality_code]) codes.add(c);
  const names = await ctx.places.names([...codes]);
  return (code: string): PlaceRef => ({ code, name: names.get(code) ?? code });
}

export function toPublic(
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

export async function loadDetail(
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
  const sizes = await ctx.uploads.sizesOf(
    db,
    photos.map((p) => p.upload_id),
  );
  const budgetLines = lines.map((l) => ({ description: l.description, amountCents: l.amount_cents }));
  return {
    ...toPublic(row, place, budgetTotal(budgetLines)),
    budgetLines,
    photos: photos.map((p) => ({
      uploadId: p.upload_id,
      alt: p.alt,
      position: p.position,
      width: sizes.get(p.upload_id)?.width ?? null,
      height: sizes.get(p.upload_id)?.height ?? null,
    })),
    timeline: events.map((e) => ({ at: e.at, from: e.from_stage, to: e.to_stage, reason: e.reason })),
  };
}

export function toThread(rows: readonly repo.MessageRow[]): ThreadMessage[] {
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
      const uploadId = await ctx.uploads.store(trx, photo);
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

// ---- who may read the desk (its pages, and uploads that are not public) ----

/**
 * Roles that can open the desk page, so may be asked into a thread (partners have no
 * `initiatives.intake`); coaches among them may be assigned.
 */
export const DESK_ROLES = ['coach', 'administrator', 'district_manager'] as const;

/**
 * Whether staff hold a desk role in a gemeente today: the grant that let them be asked into one
 * of its initiatives. Grants are loaded with the session on every request, so this is current.
 */
export function holdsDeskRoleIn(actor: StaffActor, municipalityCode: string): boolean {
  return actor.grants.some(
    (g) => DESK_ROLES.some((role) => role === g.role) && scopeCovers(municipalityCode, g.placeCode),
  );
}

/**
 * Whether staff asked into an initiative (addParticipant) may still use that: only while they
 * hold a desk role in its gemeente. The invitation stays on record, but a role taken away ends
 * the access at once.
 */
export async function isCurrentParticipant(
  db: Queryable,
  actor: StaffActor,
  initiative: { id: string; municipalityCode: string },
): Promise<boolean> {
  return (
    holdsDeskRoleIn(actor, initiative.municipalityCode) &&
    (await repo.isParticipant(db, initiative.id, actor.accountId))
  );
}

/**
 * Who may see an uploaded photo (the uploads module asks, as this module owns its photos):
 * everyone for a public initiative, else staff of its place and staff asked in on it;
 * undefined for anyone else and for an upload that is no initiative's photo.
 */
export async function photoAccess(
  ctx: InitiativesContext,
  actor: Actor,
  uploadId: string,
): Promise<UploadAccess> {
  const row = await repo.findPhotoOwner(ctx.db, uploadId);
  if (!row) return undefined;
  if (isPublic(row.stage, row.published_at)) return 'public';
  const allowed =
    actor.kind === 'staff' &&
    (can(actor, 'initiatives.intake', row.buurt_code) ||
      (await isCurrentParticipant(ctx.db, actor, {
        id: row.initiative_id,
        municipalityCode: row.municipality_code,
      })));
  return allowed ? 'private' : undefined;
}

/** `€ 1.250,00` in the actor's language: a helper for mail and pages. */
export function formatBudget(cents: number, locale: 'nl' | 'en'): string {
  return formatEuros(cents, locale);
}
