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
  eraseSubjectRows,
  findSubjectRows,
  listErasures,
  recordErasure,
  type ErasureLogLine,
} from './privacy.repository.js';
import { personalDataRegister } from './register.js';

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
  /** The entries to work on; the app's register unless a test brings its own. */
  register?: readonly PersonalDataEntry[];
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
export async function applyRetention(db: Db, options: RetentionOptions = {}): Promise<RetentionReport> {
  const register = options.register ?? personalDataRegister;
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

/** The most recent erasures (retention runs and requests), newest first, for administrators. */
export async function listRecentErasures(db: Db, limit = 100): Promise<ErasureLogLine[]> {
  return listErasures(db, limit);
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
}

/**
 * Collects everything the register can find about one person, by e-mail address (without
 * case) and/or account id: per entry the rows with what they are, why they are kept, the legal
 * basis and how long. Entries without rows for this person are left out.
 */
export async function exportPersonData(
  db: Db,
  subject: DataSubject,
  options: RegisterOption = {},
): Promise<PersonalDataExport> {
  const keys = normaliseSubject(subject);
  const register = options.register ?? personalDataRegister;
  const entries: PersonalDataExport['entries'] = [];
  for (const entry of register) {
    if (!canFindSubject(entry, keys)) continue;
    const rows = await findSubjectRows(db, entry, keys);
    if (rows.length === 0) continue;
    entries.push({
      id: entry.id,
      description: entry.description,
      purpose: entry.purpose,
      legalBasis: entry.legalBasis,
      retention: describeRetention(entry.retention),
      rows: rows.map(toExportRow),
    });
  }
  return { generatedAt: new Date().toISOString(), subject: keys, entries };
}

/** What one erasure request did. */
export interface ErasureReport {
  requestId: string;
  erased: { entryId: string; action: 'delete' | 'anonymise'; rows: number }[];
  /** Entries holding this person's data that the law makes us keep, with the reason. */
  kept: { entryId: string; reason: string; rows: number }[];
}

/**
 * Erases one person's data on request (AVG art. 17), everywhere the register can find it, in
 * one transaction: all of it or none. Each entry deletes or anonymises as it declares, or keeps
 * the rows when the law requires it (reported back, so the administrator can tell the person).
 * Every entry that could hold the person's data gets an erasure record with its count, zero
 * included, as proof the request was carried out; the record holds neither the address nor any
 * erased value.
 */
export async function erasePersonData(
  db: Db,
  subject: DataSubject,
  actor: ErasureActor,
  options: RegisterOption & {
    /**
     * Runs in the erasure's transaction once the rows are erased, e.g. to record the audit entry:
     * the erasure and its record are committed together or not at all.
     */
    within?: (trx: Queryable, report: ErasureReport) => Promise<void>;
  } = {},
): Promise<ErasureReport> {
  const keys = normaliseSubject(subject);
  const register = options.register ?? personalDataRegister;
  const requestId = randomUUID();
  return db.transaction().execute(async (trx) => {
    await allowErasureInTransaction(trx);
    const report: ErasureReport = { requestId, erased: [], kept: [] };
    for (const entry of register) {
      if (!canFindSubject(entry, keys)) continue;
      const erasure = entry.onRequest;
      if (erasure.kind === 'keep') {
        const rows = (await findSubjectRows(trx, entry, keys)).length;
        if (rows > 0) report.kept.push({ entryId: entry.id, reason: erasure.reason, rows });
        continue;
      }
      const rows = await eraseSubjectRows(trx, entry, erasure, keys);
      await recordErasure(trx, {
        runId: requestId,
        reason: 'request',
        entry,
        action: erasure.kind,
        rows,
        requestedBy: actor.accountId,
      });
      if (rows > 0) report.erased.push({ entryId: entry.id, action: erasure.kind, rows });
    }
    await options.within?.(trx, report);
    return report;
  });
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
export function retentionJob(db: Db, options: RetentionOptions = {}): Job<NoPayload> {
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
