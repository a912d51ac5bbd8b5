import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'districtBudget.title': 'Wijkbudget',
} as const;

const en: Record<keyof typeof nl, string> = {
  'districtBudget.title': 'District budget',
};

export const districtBudgetMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
