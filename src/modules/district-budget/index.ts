import type { FastifyInstance } from 'fastify';
import type { PageContext } from '../../web/page.js';
import type { OpenDataSet } from '../../web/front-door.js';
import type { BudgetsModule } from '../budgets/index.js';
import type { ModuleDeps, ModuleManifest, PlaceSection, PlaceSectionPlace } from '../manifest.js';
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
import { districtBudgetPersonalData } from './district-budget.personal-data.js';

export { districtBudgetPermissions } from './district-budget.permissions.js';

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
  readonly navigation = [
    { href: '/wijkbudget', label: 'districtBudget.public.nav', order: 35, audience: 'resident' as const },
  ];
  /** What the public register, overview, API and open data are built with. */
  private readonly publicDeps: DistrictPublicDeps;

  constructor(
    readonly deps: ModuleDeps,
    readonly ports: { places: PlacesModule; budgets: BudgetsModule },
  ) {
    this.publicDeps = {
      ctx: { db: deps.database.db, cache: deps.cache, ledger: ports.budgets.ledger, clock: deps.clock },
      places: ports.places,
      web: deps.web,
    };
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
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
