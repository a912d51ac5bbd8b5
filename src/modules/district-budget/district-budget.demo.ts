import { DEMO_ACTING, type Acting, type StaffActor } from '../../access/index.js';
import type { Queryable } from '../../db/database.js';
import type { StaffPort } from '../initiatives/index.js';
import type { ModuleLog } from '../manifest.js';
import { amsterdamDate } from '../../shared/dates.js';
import * as repo from './district-budget.repository.js';
import {
  allocate,
  answerApproval,
  decide,
  moveMoney,
  saveSettings,
  setMandate,
  type DecisionInput,
  type DistrictContext,
} from './district-budget.service.js';

/** The demo's gemeente (as the household budget's demo): Zoetermeer. */
export const DEMO_GEMEENTE = 'GM0637';
const DEMO_WIJK = 'WK063700';

/** Every demo wijk gets this much for the current year. */
const DEMO_ALLOCATION_CENTS = 2_500_000;

/** Valid IBANs for the demo (ISO 13616 examples and test numbers; no real accounts). */
const IBANS = ['NL91ABNA0417164300', 'NL02ABNA0123456789', 'NL20INGB0001234567', 'NL39RABO0300065264'];

/**
 * The district budget's demo: a budget for every wijk of Zoetermeer, and in Dorp (WK063700) a
 * year of decisions by the demo district manager, each at its own date: a paid maintenance
 * order, a grant above the mandate approved by the administrator, a split attempt caught by the
 * 12-month sum rule (and rejected), an order with money returned, and a decision still waiting
 * for a second approval, and match funding of household pledges. Without the demo staff accounts (production) only the budgets.
 */
export async function seedDemoDistrictBudget(
  ctx: DistrictContext,
  deps: {
    wijkCodes: readonly string[];
    staff: StaffPort;
    db: Queryable;
    log: ModuleLog;
    initiativeReferences: (year: number) => string[];
  },
): Promise<number> {
  const now = ctx.clock();
  const year = Number(amsterdamDate(now).slice(0, 4));
  if ((await repo.findBudgets(ctx.db, { year, municipalityCodes: [DEMO_GEMEENTE] })).length > 0) return 0;
  await saveSettings(ctx, DEMO_ACTING, {
    municipalityCode: DEMO_GEMEENTE,
    carryOverYears: 1,
    lateSharePercent: 25,
    approvalDays: 30,
  });
  for (const wijkCode of deps.wijkCodes)
    await allocate(ctx, DEMO_ACTING, { wijkCode, year, amountCents: DEMO_ALLOCATION_CENTS });

  const people = await deps.staff.holdingRoles(deps.db, DEMO_GEMEENTE, ['district_manager', 'administrator']);
  const managerRow = people.find((p) => p.role === 'district_manager' && p.placeCode === DEMO_WIJK);
  const adminRow = people.find((p) => p.role === 'administrator' && p.placeCode === DEMO_GEMEENTE);
  if (!managerRow || !adminRow) return deps.wijkCodes.length;
  const actor = (row: typeof managerRow, grants: StaffActor['grants']): StaffActor => ({
    kind: 'staff',
    accountId: row.id,
    email: row.email,
    displayName: row.name,
    grants,
    totpEnabled: false,
  });
  const manager = actor(managerRow, [{ role: 'district_manager', placeCode: DEMO_WIJK, organisation: null }]);
  const admin = actor(adminRow, [{ role: 'administrator', placeCode: DEMO_GEMEENTE, organisation: null }]);
  await setMandate(ctx, DEMO_ACTING, {
    accountId: manager.accountId,
    municipalityCode: DEMO_GEMEENTE,
    limitCents: 500_000,
  });

  // Each step at its own moment in the year so far: its rows, ledger lines and audit entries dated then.
  const start = new Date(`${year}-01-02T09:00:00Z`).getTime();
  const span = Math.max(0, now.getTime() - 3 * 86_400_000 - start);
  const at = (fraction: number) => new Date(start + Math.round(span * fraction));
  const on = (fraction: number): DistrictContext => {
    const when = at(fraction);
    return {
      ...ctx,
      clock: () => when,
      commands: ctx.commands.at(() => when),
    };
  };
  const web = (a: StaffActor): Acting => ({ actor: a, channel: 'web' });
  const base = (overrides: Partial<DecisionInput>): DecisionInput => ({
    kind: 'maintenance',
    wijkCode: DEMO_WIJK,
    year,
    title: '',
    purpose: '',
    reason: '',
    recipientKind: 'organisation',
    recipient: '',
    amountCents: 0,
    buurtCode: 'BU06370001',
    ...overrides,
  });

  const paving = await decide(
    on(0.05),
    web(manager),
    base({
      title: 'Losse stoeptegels Dorpsstraat',
      purpose: 'Stoep Dorpsstraat herstraten',
      reason: 'Vier meldingen van losse tegels; twee keer viel iemand.',
      recipient: 'Stratenmakersbedrijf Van Dijk BV',
      iban: IBANS[0],
      accountHolder: 'Stratenmakersbedrijf Van Dijk BV',
      amountCents: 240_000,
    }),
  );
  await moveMoney(on(0.08), web(manager), paving.id, { movement: 'commit', note: 'Opdracht gegeven' });
  await moveMoney(on(0.15), web(manager), paving.id, { movement: 'pay', note: 'Factuur 2026-114' });

  const references = deps.initiativeReferences(year);
  let initiativeRef: string | undefined;
  for (const reference of references) {
    const brief = await ctx.initiatives.briefOf(ctx.db, reference);
    if (brief && brief.wijkCode === DEMO_WIJK) {
      initiativeRef = brief.reference;
      break;
    }
  }
  if (initiativeRef) {
    const grant = await decide(
      on(0.25),
      web(manager),
      base({
        kind: 'grant',
        buurtCode: null,
        title: 'Bijdrage aan bewonersinitiatief',
        purpose: 'Bewonersinitiatief in Dorp',
        reason: 'Het plan is besproken in het wijkoverleg en brengt buren samen.',
        recipientKind: 'initiative',
        recipient: 'Bewonersinitiatief Dorp',
        initiative: initiativeRef,
        iban: IBANS[1],
        accountHolder: 'Stichting Bewoners Dorp',
        amountCents: 750_000,
      }),
    );
    await answerApproval(on(0.27), web(admin), grant.id, { approve: true, note: 'Past in het wijkplan.' });
    await moveMoney(on(0.3), web(manager), grant.id, { movement: 'commit', note: 'Afspraken getekend' });
  }

  // A split: one order for new benches in two halves, each under the mandate; the sum rule
  // catches the second, and the administrator sends it back.
  const benches = {
    recipient: 'Buitenmeubilair Hollands BV',
    iban: IBANS[2],
    accountHolder: 'Buitenmeubilair Hollands BV',
  };
  await decide(
    on(0.35),
    web(manager),
    base({
      ...benches,
      title: 'Bankjes Stadhuisplein, deel 1',
      purpose: 'Bankjes Stadhuisplein deel 1',
      reason: 'De oude bankjes zijn kapot; vier nieuwe.',
      amountCents: 400_000,
    }),
  );
  const second = await decide(
    on(0.37),
    web(manager),
    base({
      ...benches,
      title: 'Bankjes Stadhuisplein, deel 2',
      purpose: 'Bankjes Stadhuisplein deel 2',
      reason: 'Nog drie bankjes.',
      amountCents: 300_000,
    }),
  );
  await answerApproval(on(0.39), web(admin), second.id, {
    approve: false,
    note: 'Eén opdracht in twee delen: samen boven het mandaat. Neem het als één besluit.',
  });

  const weeds = await decide(
    on(0.5),
    web(manager),
    base({
      title: 'Onkruid speelplein Kerkpad',
      purpose: 'Speelplein onkruidvrij',
      reason: 'Het speelplein is overwoekerd; ouders vroegen erom.',
      recipient: 'Groenbedrijf De Linde',
      iban: IBANS[3],
      accountHolder: 'Groenbedrijf De Linde',
      amountCents: 150_000,
    }),
  );
  await moveMoney(on(0.52), web(manager), weeds.id, { movement: 'commit' });
  await moveMoney(on(0.6), web(manager), weeds.id, { movement: 'pay', amountCents: 120_000 });
  await moveMoney(on(0.62), web(manager), weeds.id, { movement: 'return', note: 'Minder werk dan gedacht' });

  await decide(
    on(0.995),
    web(manager),
    base({
      title: 'Zwerfafval-opruimactie met bewoners',
      purpose: 'Zwerfafval opruimen',
      reason: 'Bewoners organiseren vier opruimochtenden; materiaal en afvoer.',
      recipient: 'Afvalbedrijf Zoetermeer BV',
      amountCents: 600_000,
    }),
  );
  // Match funding in Dorp: every euro a household gives to an initiative there gets a euro from
  // the wijk, up to € 50 per initiative and € 2.000 in all.
  await decide(
    on(0.5),
    web(manager),
    base({
      kind: 'top_up',
      title: 'Matchfunding buurtbudget',
      purpose: 'Giften uit het buurtbudget verdubbelen',
      reason: 'Initiatieven die bewoners zelf steunen, bereiken zo sneller hun doel.',
      recipient: 'Initiatieven in Dorp',
      amountCents: 200_000,
      buurtCode: null,
      matchNumerator: 1,
      matchDenominator: 1,
      matchCapPerInitiativeCents: 5_000,
    }),
  );
  return deps.wijkCodes.length;
}
