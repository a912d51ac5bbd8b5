import type { Queryable } from '../db/db.js';
import { ForbiddenError } from '../shared/errors.js';
import { actorLabel, type Actor, type StaffActor } from './actor.js';
import type { AuditChannel, AuditEntry } from './audit-entry.js';
import { allows, type PermissionRule } from './permission.js';

/**
 * The shared command step (Decidim's command pattern): every change of state runs through
 * `CommandRunner.run`, which opens one transaction, lets the command check its permission for
 * the place it acts on, runs the change, and writes its audit entries in that same transaction.
 * The change and its record are committed together or not at all. A command that checks no
 * permission (and does not say it is open to anyone) or records nothing is a bug: it is rolled
 * back with an error, so a forgotten check fails in the first test that runs it.
 */

/** Who acts without a person signed in: the command line, the demo seed, a scheduled job. */
export type SystemActor = 'cli' | 'demo' | 'system';

/** Who acts, through which channel, and from which address: the command's caller says. */
export interface Acting {
  readonly actor: Actor | SystemActor;
  readonly channel: AuditChannel;
  /** The client's address on the web and the API; null elsewhere. */
  readonly ip?: string | null | undefined;
  /** The command-line command that acts, named in the audit label: `command line (create-admin)`. */
  readonly command?: string | undefined;
}

/** The command line as the one acting (an operator on the server: no permission applies). */
export const CLI_ACTING: Acting = Object.freeze({ actor: 'cli', channel: 'cli' });
/** One named command of the command line (its name goes into the audit label). */
export function cliActing(command: string): Acting {
  return Object.freeze({ actor: 'cli', channel: 'cli', command });
}
/** The demo seed at first start. */
export const DEMO_ACTING: Acting = Object.freeze({ actor: 'demo', channel: 'system' });
/** A scheduled job (a deadline passing, a year closing). */
export const SYSTEM_ACTING: Acting = Object.freeze({ actor: 'system', channel: 'system' });

/** What an audit entry says about one command; who acted and through which channel come from `Acting`. */
export interface CommandRecord {
  /** The action when it differs from the command's own (one command may record several). */
  action?: string;
  subject: AuditEntry['subject'];
  municipalityCodes: readonly string[];
  details?: AuditEntry['details'];
}

/** What a command's body gets: its transaction, who acts, the permission check and the audit record. */
export interface CommandStep {
  /** The command's transaction: every query of the change runs on it. */
  readonly trx: Queryable;
  readonly acting: Acting;
  /** When the command runs (the runner's clock), for rows and audit entries alike. */
  readonly now: Date;
  /**
   * Checks that the actor holds `rule` for the place (`placeCode`: a gemeente, wijk or buurt);
   * throws `ForbiddenError` otherwise, which rolls the command back. Staff get their actor
   * back; the command line, the demo seed and jobs (operators of the server) always pass.
   */
  authorize(rule: PermissionRule, placeCode: string): StaffActor | SystemActor;
  /**
   * Checks that the actor holds `rule` at some place, for a command about no one place: staff's
   * own account, or a request the command then narrows to the places where they hold it
   * (`scopesOf`). Throws `ForbiddenError` otherwise; operators of the server always pass.
   */
  authorizeAnywhere(rule: PermissionRule): StaffActor | SystemActor;
  /**
   * Says this command is open to anyone (a resident submitting, a household giving): what it
   * needs (a token, a code) is checked by the command itself. Counts as the permission check.
   */
  openToAnyone(): void;
  /** Adds an audit entry, written in the command's transaction when its body has returned. */
  record(record: CommandRecord): void;
  /**
   * Says this command writes no audit entry, and why (e.g. a resident's own action whose record
   * would only keep personal data). Rarely right: the reason is kept in the code for review.
   */
  recordNothing(reason: string): void;
}

/** Writes one audit entry in the given transaction (the audit module's `recordAudit`). */
export type AuditWriter = (trx: Queryable, entry: AuditEntry) => Promise<void>;

export class CommandRunner {
  constructor(
    private readonly deps: {
      db: Queryable;
      writeAudit: AuditWriter;
      now: () => Date;
    },
  ) {}

  /**
   * The same runner with another clock: a demo seed that replays a year of commands, each on its
   * own date (entries and rows carry that date).
   */
  at(now: () => Date): CommandRunner {
    return new CommandRunner({ ...this.deps, now });
  }

  /**
   * Runs one command: `action` names it (`district-budget.decision.made`), `body` does it.
   * Runs in a new transaction, or in `options.trx` when the caller already holds one (a
   * command started inside another's transaction, such as a job settling many rows).
   */
  async run<T>(
    acting: Acting,
    action: string,
    body: (step: CommandStep) => Promise<T>,
    options: { trx?: Queryable } = {},
  ): Promise<T> {
    const execute = async (trx: Queryable): Promise<T> => {
      const step = new Step(trx, acting, this.deps.now());
      const result = await body(step);
      if (!step.checked) throw new Error(`Command ${action} checked no permission`);
      if (step.records.length === 0 && !step.unrecorded)
        throw new Error(`Command ${action} recorded no audit entry`);
      for (const record of step.records) {
        await this.deps.writeAudit(trx, {
          actor: auditActorOf(acting.actor, acting.command),
          channel: acting.channel,
          ip: acting.ip ?? null,
          action: record.action ?? action,
          subject: record.subject,
          municipalityCodes: record.municipalityCodes,
          details: record.details,
          at: step.now,
        });
      }
      return result;
    };
    const trx = options.trx ?? this.deps.db;
    if (trx.isTransaction) return execute(trx);
    return trx.transaction().execute(execute);
  }
}

class Step implements CommandStep {
  checked = false;
  unrecorded = false;
  readonly records: CommandRecord[] = [];

  constructor(
    readonly trx: Queryable,
    readonly acting: Acting,
    readonly now: Date,
  ) {}

  authorize(rule: PermissionRule, placeCode: string): StaffActor | SystemActor {
    const { actor } = this.acting;
    if (typeof actor === 'string') {
      this.checked = true;
      return actor;
    }
    if (actor.kind !== 'staff' || !allows(rule, actor, { placeCode })) throw new ForbiddenError();
    this.checked = true;
    return actor;
  }

  authorizeAnywhere(rule: PermissionRule): StaffActor | SystemActor {
    const { actor } = this.acting;
    if (typeof actor === 'string') {
      this.checked = true;
      return actor;
    }
    if (actor.kind !== 'staff' || !allows(rule, actor)) throw new ForbiddenError();
    this.checked = true;
    return actor;
  }

  openToAnyone(): void {
    this.checked = true;
  }

  record(record: CommandRecord): void {
    this.records.push(record);
  }

  recordNothing(reason: string): void {
    if (reason.trim() === '') throw new Error('recordNothing needs a reason');
    this.unrecorded = true;
  }
}

/** The audit log's "who": staff by account and name; residents, the public and the system by label. */
export function auditActorOf(actor: Actor | SystemActor, command?: string): AuditEntry['actor'] {
  switch (actor) {
    case 'cli':
      return { accountId: null, label: command === undefined ? 'command line' : `command line (${command})` };
    case 'demo':
      return { accountId: null, label: 'demo' };
    case 'system':
      return { accountId: null, label: 'system' };
    default:
      return { accountId: actor.kind === 'staff' ? actor.accountId : null, label: actorLabel(actor) };
  }
}
