import type { GemeenteMapping, PersonalDataEntry, Retention, Term } from '../../privacy/index.js';

/**
 * A member of staff's data belongs to the gemeenten of their roles (`staff_role`, one row per
 * grant, with the grant's gemeente): `column` is the row's account id.
 */
function gemeentenOfAccount(column: string): GemeenteMapping {
  return {
    kind: 'place',
    path: { join: [{ from: column, table: 'staff_role', to: 'account_id' }], column: 'municipality_code' },
  };
}

/** A resident signs in with the platform, not with one gemeente: their sign-in data is the platform's. */
const RESIDENT_SIGN_IN: GemeenteMapping = {
  kind: 'none',
  handledBy: 'platform',
  reason: 'a resident signs in with the platform, for every gemeente alike',
};

/** What sets one entry apart; the rest follows from whose sign-in data it is. */
type SignInData = Pick<
  PersonalDataEntry,
  'id' | 'table' | 'description' | 'columns' | 'purpose' | 'retention' | 'exportColumns'
>;

/** Staff sign-in data (public task), found by account (`account_id`), deleted on request. */
function staffData(entry: SignInData): PersonalDataEntry {
  return {
    ...entry,
    key: 'id',
    legalBasis: 'public-task',
    gemeente: gemeentenOfAccount('account_id'),
    findBy: { accountId: 'account_id' },
    onRequest: { kind: 'delete' },
  };
}

/** A resident's sign-in data (consent), found by their e-mail address, deleted on request. */
function residentData(entry: SignInData): PersonalDataEntry {
  return {
    ...entry,
    key: 'id',
    legalBasis: 'consent',
    gemeente: RESIDENT_SIGN_IN,
    findBy: { email: 'email' },
    onRequest: { kind: 'delete' },
  };
}

/** Rows deleted `term` after their `from` column. */
function deleteAfter(term: Term, from: string): Retention {
  return { kind: 'erase-after', term, from, erase: { kind: 'delete' } };
}

/**
 * Identity in the personal data register: staff accounts and what hangs off them (sessions,
 * set-up links, the linked OpenID Connect subject), and residents' sign-in links and sessions.
 * Listed before `staff_account`, which the others point to.
 */
export const identityPersonalData: readonly PersonalDataEntry[] = [
  staffData({
    id: 'identity.staff-sessions',
    table: 'staff_session',
    description: 'Your sessions as a member of staff: when, from which IP address and browser',
    columns: ['ip', 'user_agent'],
    purpose: 'Keep you signed in, and let you see and end your sessions on other devices',
    // A session ends after at most SESSION_ABSOLUTE_HOURS; an ended one is only swept on the
    // next sign-in, so the nightly run removes what nobody signs in to clear.
    retention: deleteAfter({ days: 30 }, 'last_seen_at'),
    exportColumns: ['created_at', 'last_seen_at'],
  }),
  staffData({
    id: 'identity.setup-links',
    table: 'staff_token',
    description: 'Links to set up your staff account or choose a new password (only a hash of each link)',
    columns: ['account_id'],
    purpose: 'Let a new or locked-out member of staff choose their password',
    retention: deleteAfter({ days: 30 }, 'expires_at'),
    exportColumns: ['created_at', 'expires_at', 'used_at'],
  }),
  staffData({
    id: 'identity.oidc-subjects',
    table: 'staff_oidc_identity',
    description: 'The identity of your organisation’s sign-in service linked to your staff account',
    columns: ['subject'],
    purpose: 'Sign staff in through their organisation’s sign-in service (OpenID Connect)',
    retention: { kind: 'keep', reason: 'needed for sign-in as long as the account exists; removed with it' },
    exportColumns: ['issuer', 'linked_at', 'last_used_at'],
  }),
  residentData({
    id: 'identity.resident-links',
    table: 'resident_sign_in_token',
    description: 'Sign-in links we e-mailed you as a resident (only a hash of each link)',
    columns: ['email'],
    purpose: 'Let residents sign in with their e-mail address, without a password',
    retention: deleteAfter({ days: 7 }, 'expires_at'),
    exportColumns: ['created_at', 'expires_at', 'used_at'],
  }),
  residentData({
    id: 'identity.resident-sessions',
    table: 'resident_session',
    description: 'Your sessions as a signed-in resident',
    columns: ['email'],
    purpose: 'Recognise a resident who signed in with their e-mail address',
    retention: deleteAfter({ days: 30 }, 'last_seen_at'),
    exportColumns: ['created_at', 'last_seen_at'],
  }),
  {
    id: 'identity.staff-accounts',
    table: 'staff_account',
    key: 'id',
    description: 'Your staff account: e-mail address, name, and when you last signed in',
    columns: ['email', 'display_name', 'last_sign_in_at'],
    purpose: 'Give municipal staff and partners access to their work, with the roles they hold',
    legalBasis: 'public-task',
    gemeente: gemeentenOfAccount('id'),
    retention: {
      kind: 'keep',
      reason: 'needed while the person works with the gemeente; administrators disable it when they leave',
    },
    findBy: { email: 'email', accountId: 'id' },
    onRequest: {
      kind: 'keep',
      reason: 'a working staff account cannot be erased; disable it, the audit log keeps referring to it',
    },
    exportColumns: ['status', 'created_at'],
  },
];
