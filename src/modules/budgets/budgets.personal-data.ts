import type { PersonalDataEntry } from '../../privacy/index.js';

/**
 * The household budget in the personal data register: the addresses of the household register,
 * used only to print each household's letter. Pledges and vouchers hold no personal data of
 * their own; once the address is erased, a voucher and its pledge belong to no one.
 */
export const budgetsPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'budgets.household',
    table: 'budget_household',
    key: 'id',
    description: 'Your address in the household register, for the letter with your household budget code',
    columns: ['address', 'postcode', 'house_number', 'city'],
    purpose: 'Send each household its letter with the code for the household budget (buurtbudget)',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'municipality_code' } },
    // Two years: the letter's year and the next, when the register is imported again anyway.
    retention: {
      kind: 'erase-after',
      term: { years: 2 },
      from: 'imported_at',
      erase: { kind: 'anonymise', set: { address: '', postcode: '', house_number: '', city: '' } },
    },
    onRequest: { kind: 'anonymise', set: { address: '', postcode: '', house_number: '', city: '' } },
  },
];
