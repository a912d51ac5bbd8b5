import { z } from 'zod';
import type { FieldIssue } from '../../shared/errors.js';
import { isEmailAddress } from '../../shared/email.js';
import { formFieldText } from '../../web/form-fields.js';
import {
  CATEGORY_CODE,
  CLOSE_REASONS,
  isCloseReason,
  isReportStatus,
  REPORT_STATUSES,
  type Closing,
  type ReportChannel,
  type ReportStatus,
} from './report.js';
import type { MoveInput, SubmitInput } from './reports.service.js';

/** How every form and the rate limit read an e-mail address: trimmed, lower case. */
export function normalizeReportEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** The submission form as typed (kept to show again). */
export interface SubmitForm {
  gemeente: string;
  category: string;
  description: string;
  lat: string;
  lon: string;
  buurt: string;
  address: string;
  email: string;
  channel: string;
  /** Set when the resident saw the nearby reports and said theirs is new. */
  notSame: boolean;
}

export function emptySubmitForm(gemeente = ''): SubmitForm {
  return {
    gemeente,
    category: '',
    description: '',
    lat: '',
    lon: '',
    buurt: '',
    address: '',
    email: '',
    channel: 'web',
    notSame: false,
  };
}

export function readSubmitForm(body: unknown): SubmitForm {
  const text = (field: string) => (formFieldText(body, field) ?? '').slice(0, 5000);
  return {
    gemeente: text('gemeente').trim().toUpperCase(),
    category: text('category').trim(),
    description: text('description'),
    lat: text('lat').trim(),
    lon: text('lon').trim(),
    buurt: text('buurt').trim().toUpperCase(),
    address: text('address'),
    email: text('email'),
    channel: text('channel').trim() || 'web',
    notSame: text('notSame') === '1',
  };
}

const STAFF_CHANNELS: readonly ReportChannel[] = ['phone', 'desk', 'paper'];

/**
 * Checks the form: every problem beside its field. A pin (lat/lon) or, without one, a buurt and
 * an address or landmark. `staff` allows the phone, desk and paper channels.
 */
export function checkSubmitForm(
  form: SubmitForm,
  options: { staff: boolean },
): { input?: SubmitInput; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (!CATEGORY_CODE.test(form.category))
    issues.push({ field: 'category', message: 'reports.errors.category' });
  const description = form.description.trim();
  if (description.length < 5) issues.push({ field: 'description', message: 'reports.errors.description' });
  else if (description.length > 4000)
    issues.push({ field: 'description', message: 'reports.errors.descriptionLong' });
  let point: { lat: number; lon: number } | undefined;
  if (form.lat !== '' || form.lon !== '') {
    const lat = Number(form.lat);
    const lon = Number(form.lon);
    if (
      form.lat === '' ||
      form.lon === '' ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    )
      issues.push({ field: 'buurt', message: 'reports.errors.point' });
    else point = { lat, lon };
  }
  const address = form.address.trim();
  if (address.length > 300) issues.push({ field: 'address', message: 'reports.errors.addressLong' });
  if (!point) {
    if (!/^BU[0-9]{8}$/.test(form.buurt)) issues.push({ field: 'buurt', message: 'reports.errors.buurt' });
    if (address.length < 3) issues.push({ field: 'address', message: 'reports.errors.address' });
  }
  const email = normalizeReportEmail(form.email);
  if (email !== '' && !isEmailAddress(email))
    issues.push({ field: 'email', message: 'reports.errors.email' });
  let channel: ReportChannel = 'web';
  if (options.staff) {
    const found = STAFF_CHANNELS.find((c) => c === form.channel);
    if (!found) issues.push({ field: 'channel', message: 'reports.errors.channel' });
    else channel = found;
  }
  if (issues.length > 0) return { issues };
  return {
    issues,
    input: {
      categoryCode: form.category,
      description,
      point,
      buurtCode: point ? undefined : form.buurt,
      addressText: address,
      email: email === '' ? undefined : email,
      channel,
    },
  };
}

/** The supporter's form: an optional address. */
export function checkSupportForm(body: unknown): { email: string | undefined; issues: FieldIssue[] } {
  const email = normalizeReportEmail(formFieldText(body, 'email') ?? '');
  if (email !== '' && !isEmailAddress(email))
    return { email: undefined, issues: [{ field: 'email', message: 'reports.errors.email' }] };
  return { email: email === '' ? undefined : email, issues: [] };
}

/** Staff's status form. */
export interface MoveForm {
  to: string;
  message: string;
  note: string;
  team: string;
  reason: string;
  detail: string;
  duplicateOf: string;
}

export function readMoveForm(body: unknown): MoveForm {
  const text = (field: string) => (formFieldText(body, field) ?? '').slice(0, 4000);
  return {
    to: text('to'),
    message: text('message'),
    note: text('note'),
    team: text('team'),
    reason: text('reason'),
    detail: text('detail'),
    duplicateOf: text('duplicateOf').trim().toUpperCase(),
  };
}

export function checkMoveForm(form: MoveForm): { input?: MoveInput; issues: FieldIssue[] } {
  if (!isReportStatus(form.to)) return { issues: [{ field: 'to', message: 'reports.errors.to' }] };
  const closing: Closing = {
    reason: isCloseReason(form.reason) ? form.reason : undefined,
    detail: form.detail,
    duplicateOf: form.duplicateOf === '' ? undefined : form.duplicateOf,
  };
  return {
    issues: [],
    input: {
      to: form.to,
      message: form.message,
      note: form.note,
      teamId: /^[0-9a-f-]{36}$/.test(form.team) ? form.team : undefined,
      closing,
    },
  };
}

const statusFilter = z.enum([...REPORT_STATUSES, 'open']);

/** The public list's and map's GET form. */
export const publicListQuery = z.object({
  plaats: z
    .string()
    .regex(/^(GM[0-9]{4}|WK[0-9]{6}|BU[0-9]{8})$/)
    .optional()
    .catch(undefined),
  categorie: z.string().regex(CATEGORY_CODE).optional().catch(undefined),
  status: statusFilter.optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(1000).optional().catch(undefined),
});

/** The staff queue's GET form. */
export const queueQuery = publicListQuery.extend({
  team: z.string().uuid().optional().catch(undefined),
  teLaat: z.enum(['1']).optional().catch(undefined),
});

export const CLOSE_REASON_OPTIONS = CLOSE_REASONS;
export type { ReportStatus };
