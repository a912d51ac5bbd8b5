import { z } from 'zod';
import { isEmailAddress } from '../../shared/email.js';
import type { FieldIssue } from '../../shared/errors.js';
import { parseEuros } from '../../shared/money.js';
import {
  BUDGET_ROWS,
  CHANNELS,
  HELP_KINDS,
  MAX_PHOTOS,
  STAGES,
  STAFF_CHANNELS,
  THEMES,
  type Channel,
  type HelpKind,
  type Theme,
} from './initiative.js';

/**
 * The submission form as typed: every value a string, so a form with errors is shown again
 * exactly as it was sent. Photos are files and cannot be kept; the page says so.
 */
export interface SubmissionForm {
  title: string;
  summary: string;
  forWhom: string;
  themes: string[];
  help: string[];
  gemeente: string;
  buurt: string;
  locationDescription: string;
  lat: string;
  lon: string;
  lines: { description: string; amount: string }[];
  photoAlts: string[];
  name: string;
  email: string;
  phone: string;
  channel: string;
}

export function emptySubmissionForm(gemeente = ''): SubmissionForm {
  return {
    title: '',
    summary: '',
    forWhom: '',
    themes: [],
    help: [],
    gemeente,
    buurt: '',
    locationDescription: '',
    lat: '',
    lon: '',
    lines: Array.from({ length: BUDGET_ROWS }, () => ({ description: '', amount: '' })),
    photoAlts: Array.from({ length: MAX_PHOTOS }, () => ''),
    name: '',
    email: '',
    phone: '',
    channel: '',
  };
}

type RawFields = ReadonlyMap<string, readonly string[]>;

/** Reads the form's fields (from multipart or urlencoded), one list of values per name. */
export function readSubmissionForm(fields: RawFields): SubmissionForm {
  const one = (name: string) => (fields.get(name)?.[0] ?? '').slice(0, 6000);
  const many = (name: string) => [...(fields.get(name) ?? [])].slice(0, 20);
  return {
    title: one('title'),
    summary: one('summary'),
    forWhom: one('forWhom'),
    themes: many('themes'),
    help: many('help'),
    gemeente: one('gemeente'),
    buurt: one('buurt'),
    locationDescription: one('locationDescription'),
    lat: one('lat'),
    lon: one('lon'),
    lines: Array.from({ length: BUDGET_ROWS }, (_, i) => ({
      description: one(`line${i}Description`),
      amount: one(`line${i}Amount`),
    })),
    photoAlts: Array.from({ length: MAX_PHOTOS }, (_, i) => one(`photo${i}Alt`)),
    name: one('name'),
    email: one('email'),
    phone: one('phone'),
    channel: one('channel'),
  };
}

/** What the service receives: checked and typed, the place not yet resolved. */
export interface SubmissionInput {
  title: string;
  summary: string;
  forWhom: string;
  themes: Theme[];
  helpWanted: HelpKind[];
  /** A pin on the map, or else a buurt picked from the list. */
  point: { lat: number; lon: number } | undefined;
  buurtCode: string | undefined;
  locationDescription: string;
  budgetLines: { description: string; amountCents: number }[];
  initiatorName: string;
  initiatorEmail: string | undefined;
  initiatorPhone: string | undefined;
  /** `online` for residents; staff choose the channel the resident used. */
  channel: Channel;
}

const PHONE = /^\+?[0-9 ()-]{8,20}$/;
const BUURT_CODE = /^BU[0-9]{8}$/;

/**
 * Checks a typed form. Returns the input for the service, or the problems, each with the field
 * it belongs to (the error summary links to it). `staff`: the form was filled in at the desk.
 */
export function checkSubmissionForm(
  form: SubmissionForm,
  options: { staff: boolean },
): { input: SubmissionInput; issues: [] } | { input: undefined; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string, params?: Record<string, string | number>) =>
    issues.push({ field, message: `initiatives.errors.${message}`, ...(params ? { params } : {}) });

  const title = form.title.trim();
  if (title.length < 3 || title.length > 120) issue('title', 'title');
  const summary = form.summary.trim();
  if (summary.length < 10 || summary.length > 5000) issue('summary', 'summary');
  const forWhom = form.forWhom.trim();
  if (forWhom.length < 2 || forWhom.length > 1000) issue('forWhom', 'forWhom');

  const themes = THEMES.filter((t) => form.themes.includes(t));
  if (themes.length === 0) issue('themes', 'themes');
  const helpWanted = HELP_KINDS.filter((h) => form.help.includes(h));

  let point: SubmissionInput['point'];
  const lat = form.lat.trim();
  const lon = form.lon.trim();
  if (lat !== '' || lon !== '') {
    const latN = Number(lat);
    const lonN = Number(lon);
    if (lat === '' || lon === '' || !Number.isFinite(latN) || !Number.isFinite(lonN) || Math.abs(latN) > 90) {
      issue('buurt', 'point');
    } else {
      point = { lat: latN, lon: lonN };
    }
  }
  const buurt = form.buurt.trim().toUpperCase();
  const buurtCode = BUURT_CODE.test(buurt) ? buurt : undefined;
  if (!point && !buurtCode) issue('buurt', 'buurt');
  const locationDescription = form.locationDescription.trim();
  if (locationDescription.length > 500) issue('locationDescription', 'locationDescriptionLong');
  else if (!point && locationDescription.length < 3) issue('locationDescription', 'locationDescription');

  const budgetLines: SubmissionInput['budgetLines'] = [];
  form.lines.forEach((line, i) => {
    const description = line.description.trim();
    const amount = line.amount.trim();
    if (description === '' && amount === '') return;
    if (description === '' || description.length > 200) issue(`line${i}Description`, 'lineDescription');
    const cents = parseEuros(amount);
    if (cents === undefined) issue(`line${i}Amount`, 'lineAmount');
    if (description !== '' && description.length <= 200 && cents !== undefined) {
      budgetLines.push({ description, amountCents: cents });
    }
  });

  const initiatorName = form.name.trim();
  if (initiatorName.length < 2 || initiatorName.length > 100) issue('name', 'name');
  const email = form.email.trim().toLowerCase();
  const phone = form.phone.trim();
  if (email !== '' && !isEmailAddress(email)) issue('email', 'email');
  if (phone !== '' && !PHONE.test(phone)) issue('phone', 'phone');
  if (email === '' && phone === '') issue('email', 'contact');

  let channel: Channel = 'online';
  if (options.staff) {
    const chosen = STAFF_CHANNELS.find((c) => c === form.channel);
    if (!chosen) issue('channel', 'channel');
    else channel = chosen;
  }

  if (issues.length > 0) return { input: undefined, issues };
  return {
    input: {
      title,
      summary,
      forWhom,
      themes,
      helpWanted,
      point,
      buurtCode: point ? undefined : buurtCode,
      locationDescription,
      budgetLines,
      initiatorName,
      initiatorEmail: email === '' ? undefined : email,
      initiatorPhone: phone === '' ? undefined : phone,
      channel,
    },
    issues: [],
  };
}

/** Checks a photo's description (its alt text); the photo itself is checked by cleanImage. */
export function checkPhotoAlt(alt: string): string | undefined {
  const trimmed = alt.trim();
  return trimmed.length >= 3 && trimmed.length <= 200 ? undefined : 'initiatives.errors.photoAlt';
}

export const stageSchema = z.enum(STAGES);
export const themeSchema = z.enum(THEMES);
export const channelSchema = z.enum(CHANNELS);

/** Query of the public list, the API and the open data. Unknown values are refused, not ignored. */
export const publicListQuery = z.object({
  plaats: z
    .string()
    .regex(/^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$/i)
    .transform((s) => s.toUpperCase())
    .optional()
    .or(z.literal('').transform(() => undefined)),
  fase: stageSchema.optional().or(z.literal('').transform(() => undefined)),
  thema: themeSchema.optional().or(z.literal('').transform(() => undefined)),
  pagina: z.coerce.number().int().min(1).max(1000).optional(),
});

const budgetLineOut = z.object({
  description: z.string(),
  amountCents: z.number().int().describe('Amount in euro cents'),
});

/** An initiative as the public API shows it: never the initiator's name, e-mail or phone. */
export const publicInitiativeSchema = z.object({
  reference: z.string().describe('INI-2026-0042'),
  title: z.string(),
  summary: z.string(),
  forWhom: z.string(),
  themes: z.array(themeSchema),
  helpWanted: z.array(z.enum(HELP_KINDS)),
  stage: stageSchema,
  place: z.object({
    buurt: z.object({ code: z.string(), name: z.string() }),
    wijk: z.object({ code: z.string(), name: z.string() }),
    gemeente: z.object({ code: z.string(), name: z.string() }),
    description: z.string(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  }),
  budgetTotalCents: z.number().int(),
  submittedOn: z.string().describe('YYYY-MM-DD'),
  url: z.string(),
});

export const publicInitiativeDetailSchema = publicInitiativeSchema.extend({
  budgetLines: z.array(budgetLineOut),
  photos: z.array(z.object({ url: z.string(), alt: z.string() })),
  timeline: z.array(
    z.object({
      at: z.string().describe('ISO 8601'),
      from: stageSchema.nullable(),
      to: stageSchema,
      reason: z.string(),
    }),
  ),
});

export const moveBodySchema = z.object({
  to: stageSchema,
  reason: z.string().max(2000).default(''),
});
