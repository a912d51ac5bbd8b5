import type { FastifyInstance } from 'fastify';
import type { PageContext } from '../../web/page.js';
import type { OpenDataSet } from '../../web/front-door.js';
import { defineJob, noPayload, type Job } from '../../jobs/index.js';
import { SYSTEM_ACTING, type Acting } from '../../access/index.js';
import type { Queryable } from '../../db/database.js';
import type { BudgetsModule, MatchFunding } from '../budgets/index.js';
import type { InitiativesModule, StaffPort } from '../initiatives/index.js';
import type {
  DemoOptions,
  ModuleDeps,
  ModuleLog,
  ModuleManifest,
  PlaceSection,
  PlaceSectionPlace,
} from '../manifest.js';
import { DEMO_GEMEENTE, seedDemoDistrictBudget } from './district-budget.demo.js';
import type { PlacesModule } from '../places/index.js';
import { registerDistrictApi } from './district-budget.api.js';
import { districtBudgetMessages } from './district-budget.messages.js';
import { districtOpenData } from './district-budget.open-data.js';
import { districtPublicMessages } from './district-budget.public.messages.js';
import {
  districtPlaceSection,
  registerDistrictPublicPages,
  type DistrictPublicDeps,
} from './district-budget.public.pages.js';
import { districtBudgetPermissions } from './district-budget.permissions.js';
import { registerDistrictBudgetPages } from './district-budget.pages.js';
import { districtBudgetPersonalData } from './district-budget.personal-data.js';
import {
  decide,
  expireApprovals,
  returnPastDeadline,
  statusOfDecisions,
  type DistrictContext,
  type MatchFundingPort,
} from './district-budget.service.js';

export { districtBudgetPermissions } from './district-budget.permissions.js';
export { districtBudgetCommands } from './district-budget.cli.js';
export type { MatchFundingPort } from './district-budget.service.js';

/** Where an arrangement's tranche stands, as arrangements' pages show it. */
export type TrancheStatus =
  'awaiting_approval' | 'granted' | 'committed' | 'paid' | 'returned' | 'rejected' | 'void';

/**
 * The district budget's side of arrangements' port `ArrangementFunding`
 * (src/modules/arrangements/arrangement-funding.ts): the same shape, so the lead wires
 * `funding: () => districtBudget.arrangementFunding` in createModules.
 */
export interface DistrictArrangementFunding {
  proposeTranche(
    trx: Queryable,
    acting: Acting,
    tranche: {
      arrangementId: string;
      arrangementReference: string;
      title: string;
      wijkCode: string;
      year: number;
      amountCents: number;
      recipient: string;
      purpose: string;
      reason: string;
    },
  ): Promise<{ decisionId: string; reference: string }>;
  statusOf(
    decisionIds: readonly string[],
  ): Promise<
    ReadonlyMap<string, { status: TrancheStatus; amountCents: number; paidCents: number; href: string }>
  >;
}

/**
 * The district budget's `MatchFundingPort` over budgets' match funding: a top-up decision puts
 * a rule in force for its whole wijk and year (budgets matches every initiative there; the
 * decision's amount is the wijk's cap, its own cap per initiative or else the same amount).
 */
export function matchFundingOf(funding: MatchFunding, clock: () => Date): MatchFundingPort {
  return {
    async startRule(trx, rule) {
      await funding.setRule(
        trx,
        {
          wijkCode: rule.wijkCode,
          year: rule.year,
          ratio: { numerator: rule.numerator, denominator: rule.denominator },
          initiativeCapCents: rule.capPerInitiativeCents ?? rule.capCents,
          wijkCapCents: rule.capCents,
          decisionReference: rule.reference,
        },
        clock(),
      );
    },
    async endRule(trx, rule) {
      await funding.endRule(trx, rule.wijkCode, rule.year, clock());
    },
  };
}

/** A decision's page for staff. */
export function decisionHref(reference: string): string {
  return `/beheer/wijkbudget/besluiten/${encodeURIComponent(reference)}`;
}

/**
 * The district budget (wijkbudget): a budget per wijk and year in the one ledger, decisions on
 * it within a manager's mandate (per decision and per recipient, initiative or purpose over 12
 * months), a second approval frozen to what was approved, money's life from granted to paid or
 * returned, and the objection route of every decision.
 */
export class DistrictBudgetModule implements ModuleManifest {
  readonly name = 'district-budget';
  readonly tables = [
    'district_setting',
    'district_budget',
    'district_mandate',
    'district_backup_approver',
    'district_reference_counter',
    'district_decision',
    'district_payment_detail',
    'district_approval',
    'district_decision_event',
    'district_sum_key',
  ] as const;
  readonly personalData = districtBudgetPersonalData;
  readonly messages = {
    nl: { ...districtBudgetMessages.nl, ...districtPublicMessages.nl },
    en: { ...districtBudgetMessages.en, ...districtPublicMessages.en },
  };
  readonly permissions = districtBudgetPermissions;
  /** What the public register, overview, API and open data are built with. */
  private readonly publicDeps: DistrictPublicDeps;

  readonly context: DistrictContext;
  readonly navigation = [
    { href: '/wijkbudget', label: 'districtBudget.public.nav', order: 35, audience: 'resident' },
    {
      href: '/beheer/wijkbudget',
      label: 'districtBudget.nav',
      order: 125,
      audience: 'staff',
      permission: 'district-budget.view',
    },
  ] as const;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: {
      places: PlacesModule;
      initiatives: InitiativesModule;
      budgets: BudgetsModule;
      /** Staff of a gemeente by role (identity's directory): the demo's deciders. */
      staff: StaffPort;
      /** Budgets' match funding for top-ups: late-bound, wired by the lead (undefined: top-ups refused). */
      matchFunding: () => MatchFundingPort | undefined;
    },
  ) {
    this.context = {
      db: deps.database.db,
      commands: deps.commands,
      clock: deps.clock,
      ledger: ports.budgets.ledger,
      places: ports.places,
      initiatives: ports.initiatives,
      matchFunding: ports.matchFunding,
    };
    this.publicDeps = {
      ctx: { db: deps.database.db, cache: deps.cache, ledger: ports.budgets.ledger, clock: deps.clock },
      places: ports.places,
      web: deps.web,
    };
  }

  /** Arrangements' tranches as district-budget decisions (kind `arrangement`). */
  readonly arrangementFunding: DistrictArrangementFunding = {
    proposeTranche: async (trx, acting, tranche) => {
      const outcome = await decide(
        this.context,
        acting,
        {
          kind: 'arrangement',
          wijkCode: tranche.wijkCode,
          year: tranche.year,
          title: tranche.title,
          purpose: tranche.purpose,
          reason: tranche.reason,
          recipientKind: 'organisation',
          recipient: tranche.recipient,
          amountCents: tranche.amountCents,
          arrangementId: tranche.arrangementId,
          arrangementReference: tranche.arrangementReference,
        },
        { trx },
      );
      return { decisionId: outcome.id, reference: outcome.reference };
    },
    statusOf: async (ids) => {
      const found = await statusOfDecisions(this.context, ids);
      const out = new Map<
        string,
        { status: TrancheStatus; amountCents: number; paidCents: number; href: string }
      >();
      for (const [id, { decision, money }] of found) {
        const status: TrancheStatus =
          decision.status === 'expired' || decision.status === 'withdrawn' ? 'void' : decision.status;
        out.set(id, {
          status,
          amountCents: decision.amountCents,
          paidCents: money.paidCents,
          href: decisionHref(decision.reference),
        });
      }
      return out;
    },
  };

  async seedDemo(log: ModuleLog, _options: DemoOptions): Promise<void> {
    const gemeente = await this.ports.places.getPlaceDetail(DEMO_GEMEENTE).catch(() => undefined);
    if (!gemeente) return;
    const wijken = await seedDemoDistrictBudget(this.context, {
      wijkCodes: gemeente.children.filter((c) => c.level === 'wijk').map((c) => c.code),
      staff: this.ports.staff,
      db: this.deps.database.db,
      log,
      initiativeReferences: (year) =>
        Array.from({ length: 40 }, (_, i) => `INI-${year}-${String(i + 1).padStart(4, '0')}`),
    });
    if (wijken > 0) log.info({ wijken }, 'demo district budgets loaded');
  }

  jobs(): readonly Job[] {
    return [
      defineJob({
        name: 'district-budget-deadlines',
        payload: noPayload,
        // Approval requests expire and spend-by dates pass by the day; hourly catches up after a pause.
        schedule: { cron: '10 * * * *' },
        runAtStartup: true,
        exclusive: true,
        run: async (_data, { log }) => {
          const expired = await expireApprovals(this.context, SYSTEM_ACTING);
          const returned = await returnPastDeadline(this.context, SYSTEM_ACTING);
          if (expired + returned > 0) log.info({ expired, returned }, 'district budget: deadlines passed');
        },
      }),
    ];
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerDistrictBudgetPages(app, {
      ctx: this.context,
      web: this.deps.web,
      places: this.ports.places,
      staff: this.ports.staff,
    });
    await registerDistrictPublicPages(app, this.publicDeps);
    await registerDistrictApi(app, { ...this.publicDeps, publicUrl: this.deps.config.publicUrl });
  }

  placeSection(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection | undefined> {
    return districtPlaceSection(this.publicDeps, place, ctx);
  }

  openData(): Promise<readonly OpenDataSet[]> {
    return districtOpenData(this.publicDeps.ctx);
  }
}
