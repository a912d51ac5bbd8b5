import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import type { PlacesModule } from '../places/index.js';
import { districtBudgetMessages } from './district-budget.messages.js';
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
  readonly messages = districtBudgetMessages;
  readonly permissions = districtBudgetPermissions;

  constructor(
    readonly deps: ModuleDeps,
    readonly ports: { places: PlacesModule },
  ) {}
}
