import type { Db } from '../../db/database.js';
import {
  applyRetention,
  erasePersonData,
  exportPersonData,
  listRecentErasures,
  type DataElsewhere,
  type DataSubject,
  type ErasureLogLine,
  type ErasureReport,
  type PersonalDataExport,
  type PrivacyScope,
  type RetentionReport,
  type PersonalDataEntry,
} from '../../privacy/index.js';
import type { Clock } from '../../shared/clock.js';
import { isEmailAddress } from '../../shared/email.js';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';
import {
  allows,
  auditActorOf,
  scopesOf,
  type Acting,
  type Actor,
  type CommandRunner,
  type CommandStep,
  type StaffActor,
} from '../../access/index.js';
import { municipalityCodeOf } from '../places/index.js';
import { privacyRequestsPermissions } from './privacy-requests.permissions.js';

const rule = privacyRequestsPermissions['privacy.requests'];

/** How the service finds a staff account by address, so a request also covers staff data. */
export interface AccountLookup {
  findAccountIdByEmail(email: string): Promise<string | undefined>;
}

/** Names of gemeenten by code, for telling where else a person has data. */
export interface GemeenteNames {
  names(codes: readonly string[]): Promise<Map<string, string>>;
}

/** One register entry holding the person's data, as the lookup shows it. */
export interface FoundEntry {
  id: string;
  description: string;
  rows: number;
  /** Kept on an erasure request, with the reason; undefined when it is erased. */
  keptBecause: string | undefined;
}

/** Where else the person has data, which this administrator does not handle. */
export interface ElsewhereNotice {
  /** Other gemeenten, by name: each handles its own part. */
  gemeenten: { code: string; name: string }[];
  /** Data that belongs to no gemeente: the platform's administrator handles it. */
  platform: boolean;
}

/** The person's data as handed to them, with the other gemeenten named. */
export type PrivacyRequestExport = Omit<PersonalDataExport, 'elsewhere'> & { elsewhere: ElsewhereNotice };

/** What a lookup found within the administrator's gemeenten, and where else there is data. */
export interface LookUpResult {
  found: FoundEntry[];
  elsewhere: ElsewhereNotice;
}

/**
 * The administrators' side of AVG/GDPR requests: look a person up by e-mail address, hand them
 * their data (art. 15), erase it (art. 17), and run the retention rules now. A request reaches
 * only the rows of the administrator's own gemeenten; what the person has elsewhere is named,
 * so the administrator can send them on. Export and erasure are audited in their own
 * transaction, for every gemeente whose data they touched; the audit entry never holds the
 * address asked about (keeping it would undo the erasure), only the request's id and counts.
 */
export class PrivacyRequestsService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      accounts: AccountLookup;
      places: GemeenteNames;
      /**
       * The app's personal data register, built by `createModules` from every module's entries
       * once all are built (hence a function: this module is built before some of them).
       */
      register: () => readonly PersonalDataEntry[];
      /** The shared command step: permission, change and audit entry in one transaction. */
      commands: CommandRunner;
    },
  ) {}

  private require(actor: Actor): asserts actor is StaffActor {
    if (!allows(rule, actor)) throw new ForbiddenError();
  }

  /** The gemeenten in which the actor handles privacy requests: the scope of every request. */
  private scopeOf(actor: StaffActor): PrivacyScope & { kind: 'gemeenten' } {
    return { kind: 'gemeenten', codes: [...new Set(scopesOf(rule, actor).map(municipalityCodeOf))].sort() };
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

  /**
   * The command's permission, and whose rows it reaches: an administrator's gemeenten, or, for
   * the platform's administrator on the command line, every gemeente and the rows of none.
   */
  private authorizeRequest(step: CommandStep): { actor: StaffActor | undefined; scope: PrivacyScope } {
    const actor = step.authorizeAnywhere(rule);
    return typeof actor === 'string'
      ? { actor: undefined, scope: { kind: 'all' } }
      : { actor, scope: this.scopeOf(actor) };
  }

  /**
   * The request's audit entry, visible in every gemeente it concerns: those whose data the
   * request touched, or (when a staff member's request touched none) the staff member's own.
   */
  private record(
    step: CommandStep,
    actor: StaffActor | undefined,
    touched: readonly string[],
    details: object,
  ): void {
    const codes = touched.length > 0 || actor === undefined ? touched : this.scopeOf(actor).codes;
    step.record({ subject: null, municipalityCodes: [...new Set(codes)].sort(), details: { ...details } });
  }

  /** The person's data within the requester's scope, audited in the same transaction as it is read. */
  private async exportFor(acting: Acting, email: string): Promise<PrivacyRequestExport> {
    // Found before the command: the account look-up is identity's, on its own connection.
    const subject = await this.subjectFor(email);
    const data = await this.deps.commands.run(acting, 'privacy.request.exported', async (step) => {
      const { actor, scope } = this.authorizeRequest(step);
      const read = await exportPersonData(step.trx, subject, { scope, register: this.deps.register() });
      this.record(step, actor, read.gemeenten, {
        entries: read.entries.map((e) => `${e.id} (${e.rows.length})`),
        staffAccount: subject.accountId !== undefined,
      });
      return read;
    });
    return { ...data, elsewhere: await this.describeElsewhere(data.elsewhere) };
  }

  /** Erases the person's data within the requester's scope, the audit entry in the erasure's transaction. */
  private async eraseFor(acting: Acting, email: string): Promise<ErasureReport> {
    // Found before the command: the account look-up is identity's, on its own connection.
    const subject = await this.subjectFor(email);
    return this.deps.commands.run(acting, 'privacy.request.erased', async (step) => {
      const { actor, scope } = this.authorizeRequest(step);
      // The erasure record names who asked; the command line has no account.
      const erasedBy = actor ?? { accountId: auditActorOf(acting.actor, acting.command).label };
      const report = await erasePersonData(step.trx, subject, erasedBy, {
        scope,
        register: this.deps.register(),
      });
      this.record(step, actor, report.gemeenten, {
        requestId: report.requestId,
        erased: report.erased.map((e) => `${e.entryId}: ${e.action} ${e.rows}`),
        kept: report.kept.map((k) => `${k.entryId}: ${k.rows}`),
      });
      return report;
    });
  }

  /** The names of the gemeenten (and the platform) where the person has data this actor does not reach. */
  async describeElsewhere(elsewhere: DataElsewhere): Promise<ElsewhereNotice> {
    const names =
      elsewhere.gemeenten.length > 0 ? await this.deps.places.names(elsewhere.gemeenten) : new Map();
    return {
      gemeenten: elsewhere.gemeenten.map((code) => ({ code, name: names.get(code) ?? code })),
      platform: elsewhere.platform,
    };
  }

  /** What the register holds about the person in the actor's gemeenten, entry by entry, with counts only. */
  async lookUp(actor: Actor, email: string): Promise<LookUpResult> {
    this.require(actor);
    const subject = await this.subjectFor(email);
    const data = await exportPersonData(this.deps.db, subject, {
      scope: this.scopeOf(actor),
      register: this.deps.register(),
    });
    const found = data.entries.map((entry) => {
      const declared = this.deps.register().find((e) => e.id === entry.id);
      return {
        id: entry.id,
        description: entry.description,
        rows: entry.rows.length,
        keptBecause: declared?.onRequest.kind === 'keep' ? declared.onRequest.reason : undefined,
      };
    });
    return { found, elsewhere: await this.describeElsewhere(data.elsewhere) };
  }

  /**
   * The person's data in the actor's gemeenten for them (art. 15), audited in the same
   * transaction as it is read. Where else they have data is named in the export. The
   * platform's administrator on the command line (`cliActing('privacy-export')`) gets it from
   * every gemeente, and the rows of none (a resident's sign-in), which no gemeente's
   * administrator reaches; audited for every gemeente whose data it holds, under the command's name.
   */
  exportData(acting: Acting, email: string): Promise<PrivacyRequestExport> {
    return this.exportFor(acting, email);
  }

  /**
   * Erases the person's data in the actor's gemeenten (art. 17; on the command line, in every
   * gemeente and the rows of none) and records the audit entry in the erasure's transaction.
   */
  async eraseData(
    acting: Acting,
    email: string,
  ): Promise<{ report: ErasureReport; elsewhere: ElsewhereNotice }> {
    const report = await this.eraseFor(acting, email);
    return { report, elsewhere: await this.describeElsewhere(report.elsewhere) };
  }

  /** Applies every retention rule now rather than tonight; audited once it is done. */
  async runRetention(acting: Acting): Promise<RetentionReport> {
    // Retention erases in many short transactions (no long locks), so the permission is checked
    // before it starts, and its audit entry follows in a command of its own.
    if (typeof acting.actor !== 'string') this.require(acting.actor);
    const report = await applyRetention(this.deps.db, { register: this.deps.register() });
    await this.deps.commands.run(acting, 'privacy.retention.run', async (step) => {
      const { actor } = this.authorizeRequest(step);
      this.record(step, actor, [], {
        runId: report.runId,
        erased: report.erased.map((e) => `${e.entryId}: ${e.action} ${e.rows}`),
      });
    });
    return report;
  }

  /** The latest erasures: retention runs, and requests concerning the actor's gemeenten, newest first. */
  async recentErasures(actor: Actor, limit = 50): Promise<ErasureLogLine[]> {
    this.require(actor);
    return listRecentErasures(this.deps.db, this.scopeOf(actor), limit);
  }
}
