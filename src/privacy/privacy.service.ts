import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/database.js';
import { isEmailAddress } from '../shared/email.js';
import { defineJob, noPayload, type Job, type NoPayload } from '../jobs/index.js';
import { describeTerm, type LegalBasis, type PersonalDataEntry, type Retention } from './personal-data.js';
import {
  allowErasureInTransaction,
  canFindSubject,
  eraseExpiredBatch,
  eraseRowsByKey,
  findSubjectElsewhere,
  findSubjectRows,
  listErasures,
  recordErasure,
  type ErasureLogLine,
  type GemeenteReach,
  type SubjectRow,
} from './privacy.repository.js';

/** Whom an export or erasure is about. At least one of the two. */
export interface DataSubject {
  email?: string;
  accountId?: string;
}

/** The administrator who carries out an erasure request (a staff actor fits). */
export interface ErasureActor {
  readonly accountId: string;
}

export interface RegisterOption {
  /** The entries to work on: the app's register (built by `createModules`), or a test's own. */
  register: readonly PersonalDataEntry[];
}

export interface RetentionOptions extends RegisterOption {
  /** Rows erased per transaction, so a first run on a big table never holds locks for long. */
  batchSize?: number;
}

/** What one retention run erased, per register entry (entries with nothing to erase left out). */
export interface RetentionReport {
  runId: string;
  erased: { entryId: string; action: 'delete' | 'anonymise'; rows: number }[];
}

/**
 * Applies every retention rule of the register: erases the rows past their term, batch by
 * batch, each batch in a transaction that lets the audit log's guard allow it
 * (`buurtkracht.retention`) and adds its count to `privacy_erasure`. An entry that fails does
 * not stop the others; the run then throws, listing the failed entries, so the job retries.
 */
export async function applyRetention(db: Db, options: RetentionOptions): Promise<RetentionReport> {
  const { register } = options;
  const batchSize = options.batchSize ?? 1000;
  const runId = randomUUID();
  const erased: RetentionReport['erased'] = [];
  const failures: string[] = [];
  for (const entry of register) {
    const retention = entry.retention;
    if (retention.kind !== 'erase-after') continue;
    try {
      let total = 0;
      for (;;) {
        const rows = await db.transaction().execute(async (trx) => {
          await allowErasureInTransaction(trx);
          const count = await eraseExpiredBatch(trx, entry, retention, batchSize);
          if (count > 0) {
            await recordErasure(trx, {
              runId,
              reason: 'retention',
              entry,
              action: retention.erase.kind,
              rows: count,
              requestedBy: null,
            });
          }
          return count;
        });
        total += rows;
        if (rows < batchSize) break;
      }
      if (total > 0) erased.push({ entryId: entry.id, action: retention.erase.kind, rows: total });
    } catch (error) {
      failures.push(`${entry.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`Retention failed for ${failures.length} register entries:\n  ${failures.join('\n  ')}`, {
      cause: { runId, erased },
    });
  }
  return { runId, erased };
}

/**
 * The most recent erasures, newest first, for administrators: every retention run, and the
 * requests that concern the scope's gemeenten.
 */
export async function listRecentErasures(
  db: Db,
  scope: PrivacyScope,
  limit = 100,
): Promise<ErasureLogLine[]> {
  return listErasures(db, limit, scope.kind === 'all' ? undefined : scope.codes);
}

/**
 * Whose data a request may reach. `gemeenten`: an administrator's, the rows of those gemeenten
 * only. `all`: the platform's administrator on the command line, who also handles the rows that
 * belong to no gemeente.
 */
export type PrivacyScope =
  { readonly kind: 'gemeenten'; readonly codes: readonly string[] } | { readonly kind: 'all' };

/** Where else the person has data, that this request did not reach: for the requester to pass on. */
export interface DataElsewhere {
  /** Other gemeenten holding rows about the person; each handles its own part. */
  gemeenten: string[];
  /** Rows that belong to no gemeente (a resident's sign-in), for the platform's administrator. */
  platform: boolean;
}

export interface ScopeOption extends RegisterOption {
  /** Whose rows the request reaches: required, so no request reaches across gemeenten by default. */
  scope: PrivacyScope;
}

/** A JSON-ready value: what an export holds. */
export type ExportValue = string | number | boolean | null | ExportValue[] | { [key: string]: ExportValue };

/** One person's data, as handed to them (AVG art. 15). */
export interface PersonalDataExport {
  generatedAt: string;
  subject: DataSubject;
  entries: {
    id: string;
    description: string;
    purpose: string;
    legalBasis: LegalBasis;
    retention: string;
    rows: Record<string, ExportValue>[];
  }[];
  /** The gemeenten whose rows this export holds. */
  gemeenten: string[];
  elsewhere: DataElsewhere;
}

/**
 * What the register holds about one person within the scope, entry by entry (entries that
 * cannot search by the subject's keys left out), and where else the person has data: the
 * gemeenten whose rows were touched, and those (or the platform) holding the rest.
 */
async function findSubject(db: Queryable, subject: DataSubject, options: ScopeOption) {
  const { register } = options;
  const reach: GemeenteReach = options.scope.kind === 'all' ? 'all' : options.scope.codes;
  const within: { entry: PersonalDataEntry; rows: SubjectRow[] }[] = [];
  const touched = new Set<string>();
  const elsewhere = new Set<string>();
  let platform = false;
  for (const entry of register) {
    if (!canFindSubject(entry, subject)) continue;
    const rows = await findSubjectRows(db, entry, subject, reach);
    for (const row of rows) for (const code of row.gemeenten) touched.add(code);
    within.push({ entry, rows });
    const outside = await findSubjectElsewhere(db, entry, subject, reach);
    for (const code of outside.gemeenten) elsewhere.add(code);
    platform ||= outside.platform;
  }
  return {
    within,
    gemeenten: [...touched].sort(),
    elsewhere: { gemeenten: [...elsewhere].sort(), platform },
  };
}

/**
 * Collects what the register can find about one person within the scope, by e-mail address
 * (without case) and/or account id: per entry the rows with what they are, why they are kept,
 * the legal basis and how long. Entries without rows for this person are left out; rows of
 * other gemeenten (or of none) are not read out, only named in `elsewhere`.
 */
export async function exportPersonData(
  db: Queryable,
  subject: DataSubject,
  options: ScopeOption,
): Promise<PersonalDataExport> {
  const keys = normaliseSubject(subject);
  const { within, gemeenten, elsewhere } = await findSubject(db, keys, options);
  const entries: PersonalDataExport['entries'] = [];
  for (const { entry, rows } of within) {
    if (rows.length === 0) continue;
    entries.push({
      id: entry.id,
      description: entry.description,
      purpose: entry.purpose,
      legalBasis: entry.legalBasis,
      retention: describeRetention(entry.retention),
      rows: rows.map((row) => toExportRow(row.values)),
    });
  }
  return { generatedAt: new Date().toISOString(), subject: keys, entries, gemeenten, elsewhere };
}

/** What one erasure request did. */
export interface ErasureReport {
  requestId: string;
  erased: { entryId: string; action: 'delete' | 'anonymise'; rows: number }[];
  /** Entries holding this person's data that the law makes us keep, with the reason. */
  kept: { entryId: string; reason: string; rows: number }[];
  /**
   * The gemeenten the request concerns: those whose rows it erased or kept, or, when it found
   * nothing, the scope's own. Its audit entry and erasure records go to each of them.
   */
  gemeenten: string[];
  elsewhere: DataElsewhere;
}

/**
 * Erases one person's data on request (AVG art. 17) within the scope, everywhere the register
 * can find it, in one transaction (the caller's, when it holds one): all of it or none. First it finds every row (so rows found
 * through another table are found before that table changes), then each entry deletes or
 * anonymises its rows as it declares, or keeps them when the law requires it (reported back,
 * so the administrator can tell the person). Rows outside the scope stay untouched and are
 * named in `elsewhere`. Every entry that could hold the person's data gets an erasure record
 * with its count, zero included, as proof the request was carried out; the record holds
 * neither the address nor any erased value.
 */
export async function erasePersonData(
  db: Queryable,
  subject: DataSubject,
  actor: ErasureActor,
  options: ScopeOption & {
    /**
     * Runs in the erasure's transaction once the rows are erased, e.g. to record the audit entry:
     * the erasure and its record are committed together or not at all.
     */
    within?: (trx: Queryable, report: ErasureReport) => Promise<void>;
  },
): Promise<ErasureReport> {
  const keys = normaliseSubject(subject);
  const requestId = randomUUID();
  const erase = async (trx: Queryable): Promise<ErasureReport> => {
    await allowErasureInTransaction(trx);
    const found = await findSubject(trx, keys, options);
    const gemeenten =
      found.gemeenten.length > 0 || options.scope.kind === 'all'
        ? found.gemeenten
        : [...new Set(options.scope.codes)].sort();
    const report: ErasureReport = { requestId, erased: [], kept: [], gemeenten, elsewhere: found.elsewhere };
    for (const { entry, rows } of found.within) {
      const erasure = entry.onRequest;
      if (erasure.kind === 'keep') {
        if (rows.length > 0)
          report.kept.push({ entryId: entry.id, reason: erasure.reason, rows: rows.length });
        continue;
      }
      const count = await eraseRowsByKey(
        trx,
        entry,
        erasure,
        rows.map((row) => row.key),
      );
      await recordErasure(trx, {
        runId: requestId,
        reason: 'request',
        entry,
        action: erasure.kind,
        rows: count,
        requestedBy: actor.accountId,
        municipalityCodes: gemeenten,
      });
      if (count > 0) report.erased.push({ entryId: entry.id, action: erasure.kind, rows: count });
    }
    await options.within?.(trx, report);
    return report;
  };
  // In the caller's transaction when it holds one (a command's), else in one of its own.
  return db.isTransaction ? erase(db) : db.transaction().execute(erase);
}

const subjectSchema = z
  .object({
    email: z.string().trim().toLowerCase().refine(isEmailAddress, 'not an e-mail address').optional(),
    accountId: z.string().trim().min(1).optional(),
  })
  .refine((s) => s.email !== undefined || s.accountId !== undefined, {
    message: 'an export or erasure needs an e-mail address or an account id',
  });

function normaliseSubject(subject: DataSubject): DataSubject {
  const parsed = subjectSchema.parse(subject);
  return {
    ...(parsed.email !== undefined ? { email: parsed.email } : {}),
    ...(parsed.accountId !== undefined ? { accountId: parsed.accountId } : {}),
  };
}

function describeRetention(retention: Retention): string {
  if (retention.kind === 'keep') return `kept: ${retention.reason}`;
  const what = retention.erase.kind === 'delete' ? 'deleted' : 'anonymised';
  return `${what} ${describeTerm(retention.term)} after ${retention.from}`;
}

function toExportRow(row: Record<string, unknown>): Record<string, ExportValue> {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, toExportValue(value)]));
}

function toExportValue(value: unknown): ExportValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toExportValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toExportValue(v)]));
  }
  return String(value);
}

/**
 * The nightly retention job (03:30 Amsterdam time, and once after start-up so a machine that
 * is off at night still erases on time). Run it on demand with `jobs.enqueue(job, {})`, or call
 * {@link applyRetention} directly.
 */
export function retentionJob(db: Db, options: RetentionOptions): Job<NoPayload> {
  return defineJob({
    name: 'privacy-retention',
    payload: noPayload,
    schedule: { cron: '30 3 * * *' },
    runAtStartup: true,
    exclusive: true,
    timeoutSeconds: 3600,
    retry: { limit: 3, delaySeconds: 600, backoff: true },
    run: async (_data, { log }) => {
      const report = await applyRetention(db, options);
      log.info({ retentionRunId: report.runId, erased: report.erased }, 'retention applied');
    },
  });
}
