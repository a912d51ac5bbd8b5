import type { ModuleLog } from '../manifest.js';
import type { IdentityContext, StaffActing } from './identity.context.js';
import { changeStaffRoles, countAccounts, createDemoAccount } from './staff-management.service.js';
import type { RoleGrant } from '../../access/index.js';

/**
 * The demo's password for every demo account. It passes the app's own password rules. It is
 * published (README, log), so the demo accounts are never created in production, not even with
 * DEMO=true (see `DemoOptions.publishedSecrets`).
 */
export const DEMO_PASSWORD = 'Wijkschouw-demo-2026!';

const organisation = 'Woonstichting De Leyens (demo)';

/** One account per role in Zoetermeer (GM0637) and its wijken. */
export const DEMO_ACCOUNTS: readonly { email: string; displayName: string; grants: RoleGrant[] }[] = [
  {
    email: 'beheerder@zoetermeer.example',
    displayName: 'Anouk de Beheerder',
    grants: [{ role: 'administrator', placeCode: 'GM0637', organisation: null }],
  },
  {
    email: 'wijkmanager@zoetermeer.example',
    displayName: 'Wim Wijkmanager',
    grants: [{ role: 'district_manager', placeCode: 'WK063700', organisation: null }],
  },
  {
    email: 'coach@zoetermeer.example',
    displayName: 'Coby Coach',
    grants: [{ role: 'coach', placeCode: 'WK063705', organisation: null }],
  },
  {
    email: 'partner@zoetermeer.example',
    displayName: 'Pieter Partner',
    grants: [
      { role: 'partner', placeCode: 'WK063700', organisation },
      { role: 'partner', placeCode: 'WK063703', organisation },
    ],
  },
];

/**
 * Creates the demo accounts when there are no accounts at all, then makes a few role changes
 * as the demo administrator so that the audit log has something to show.
 */
export async function seedDemoAccounts(identity: IdentityContext, log: ModuleLog): Promise<void> {
  if ((await countAccounts(identity)) > 0) return;
  const created = [];
  for (const spec of DEMO_ACCOUNTS)
    created.push(await createDemoAccount(identity, { ...spec, password: DEMO_PASSWORD }));
  const [admin, manager, coach] = created;
  if (!admin || !manager || !coach) return;
  const ctx: StaffActing = {
    actor: {
      kind: 'staff',
      accountId: admin.id,
      email: admin.email,
      displayName: admin.displayName,
      grants: admin.grants,
      totpEnabled: false,
    },
    channel: 'system',
  };
  // The district manager also takes on Meerzicht; the coach moves from one wijk to the whole gemeente.
  await changeStaffRoles(identity, ctx, manager.id, [
    ...manager.grants,
    { role: 'district_manager', placeCode: 'WK063701', organisation: null },
  ]);
  await changeStaffRoles(identity, ctx, coach.id, [
    { role: 'coach', placeCode: 'GM0637', organisation: null },
  ]);
  log.info(
    { accounts: DEMO_ACCOUNTS.map((a) => a.email), password: DEMO_PASSWORD },
    'demo staff accounts created (sign in at /inloggen)',
  );
}
