import type { Db, Queryable } from '../../db/database.js';
import {
  applyRetention,
  erasePersonData,
  exportPersonData,
  listRecentErasures,
  personalDataRegister,
  type DataSubject,
  type ErasureLogLine,
  type ErasureReport,
  type PersonalDataExport,
  type RetentionReport,
} from '../../privacy/index.js';
import type { Clock } from '../../shared/clock.js';
import { isEmailAddress } from '../../shared/email.js';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { actorLabel, allows, scopesOf, type ActionContext, type StaffActor } from '../identity/index.js';
import { municipalityCodeOf } from '../places/index.js';
import { privacyRequestsPermissions } from './privacy-requests.permissions.js';

const rule = privacyRequestsPermissions['privacy.requests'];

/** How the service finds a staff account by address, so a request also covers staff data. */
export interface AccountLookup {
  findAccountIdByEmail(email: string): Promise<string | undefined>;
}

/** One register entry holding the person's data, as the lookup shows it. */
export interface FoundEntry {
  id: string;
  description: string;
  rows: number;
  /** Kept on an erasure request, with the reason; undefined when it is erased. */
  keptBecause: string | undefined;
}

/**
 * The administrators' side of AVG/GDPR requests: look a person up by e-mail address, hand them
 * their data (art. 15), erase it (art. 17), and run the retention rules now. Export and erasure
 * are audited in their own transaction; the audit entry never holds the address asked about
 * (keeping it would undo the erasure), only the request's id and counts.
 */
export class PrivacyRequestsService {
  constructor(private readonly deps: { db: Db; clock: Clock; accounts: AccountLookup }) {}

  private require(actor: ActionContext['actor']): asserts actor is StaffActor {
    if (!allows(rule, actor)) throw new ForbiddenError();
  }

  private async subjectFor(emailInput: string): Promise<DataSubject> {
    const email = emailInput.trim().toLowerCase();
    if (email === '') throw new ValidationError([{ field: 'email', message: 'errors.field.required' }]);
    if (!isEmailAddress(email)) {
      throw new ValidationError([{ field: 'email', message: 'identity.errors.emailInvalid' }]);
    }
    const accountId = await this.deps.accounts.findAccountIdByEmail(email);
    return accountId ? { email, accountId } : { email };
  }

  private audit(trx: Queryable, ctx: ActionContext & { actor: StaffActor }, action: string, details: object) {
    return recordAudit(trx, {
      actor: { accountId: ctx.actor.accountId, label: actorLabel(ctx.actor) },
      channel: ctx.channel,
      ip: ctx.ip,
      action,
      subject: null,
      municipalityCodes: [...new Set(scopesOf(rule, ctx.actor).map(municipalityCodeOf))].sort(),
      details: { ...details },
      at: this.deps.clock(),
    });
  }

  /** What the register holds about the person, entry by entry, with counts only. */
  async lookUp(actor: ActionContext['actor'], email: string): Promise<FoundEntry[]> {
    this.require(actor);
    const subject = await this.subjectFor(email);
    const data = await exportPersonData(this.deps.db, subject);
    return data.entries.map((entry) => {
      const declared = personalDataRegister.find((e) => e.id === entry.id);
      return {
        id: entry.id,
        description: entry.description,
        rows: entry.rows.length,
        keptBecause: declared?.onRequest.kind === 'keep' ? declared.onRequest.reason : undefined,
      };
    });
  }

  /** The person's data for them (art. 15), audited in the same transaction as it is read. */
  async exportData(ctx: ActionContext, email: string): Promise<PersonalDataExport> {
    const { actor } = ctx;
    this.require(actor);
    const subject = await this.subjectFor(email);
    return this.deps.db.transaction().execute(async (trx) => {
      const data = await exportPersonData(trx, subject);
      await this.audit(trx, { ...ctx, actor }, 'privacy.request.exported', {
        entries: data.entries.map((e) => `${e.id} (${e.rows.length})`),
        staffAccount: subject.accountId !== undefined,
      });
      return data;
    });
  }

  /** Erases the person's data (art. 17) and records the audit entry in the erasure's transaction. */
  async eraseData(ctx: ActionContext, email: string): Promise<ErasureReport> {
    const { actor } = ctx;
    this.require(actor);
    const subject = await this.subjectFor(email);
    return erasePersonData(this.deps.db, subject, actor, {
      within: (trx, report) =>
        this.audit(trx, { ...ctx, actor }, 'privacy.request.erased', {
          requestId: report.requestId,
          erased: report.erased.map((e) => `${e.entryId}: ${e.action} ${e.rows}`),
          kept: report.kept.map((k) => `${k.entryId}: ${k.rows}`),
        }),
    });
  }

  /** Applies every retention rule now rather than tonight; audited once it is done. */
  async runRetention(ctx: ActionContext): Promise<RetentionReport> {
    const { actor } = ctx;
    this.require(actor);
    // Retention erases in many short transactions (no long locks), so its audit entry follows.
    const report = await applyRetention(this.deps.db);
    await this.deps.db.transaction().execute((trx) =>
      this.audit(trx, { ...ctx, actor }, 'privacy.retention.run', {
        runId: report.runId,
        erased: report.erased.map((e) => `${e.entryId}: ${e.action} ${e.rows}`),
      }),
    );
    return report;
  }

  /** The latest erasures, retention and requests, newest first. */
  async recentErasures(actor: ActionContext['actor'], limit = 50): Promise<ErasureLogLine[]> {
    this.require(actor);
    return listRecentErasures(this.deps.db, limit);
  }
}
