import fs from 'node:fs/promises';
import { budgetsPersonalData } from './budgets.personal-data.js';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { defineJob, noPayload, type Job } from '../../jobs/index.js';
import { BatchQueue } from '../../shared/batch-queue.js';
import { amsterdamDate } from '../../shared/dates.js';
import { NotFoundError } from '../../shared/errors.js';
import type {
  DemoOptions,
  ModuleDeps,
  ModuleLog,
  ModuleManifest,
  PlaceSection,
  PlaceSectionPlace,
} from '../manifest.js';
import type { PageContext } from '../../web/page.js';
import { cachedFragment } from '../../web/views/fragment.js';
import { type InitiativeSupport, type InitiativesModule } from '../initiatives/index.js';
import { displayName, type PlacesModule } from '../places/index.js';
import { registerBudgetsApi } from './budgets.api.js';
import { DEMO_LETTERS_FILE, reissueDemoLetters, seedDemoBudget } from './budgets.demo.js';
import { budgetsMessages } from './budgets.messages.js';
import { registerBudgetsPages } from './budgets.pages.js';
import { budgetsPermissions } from './budgets.permissions.js';
import { homeTask, textsOf, type HomeTask, type ModuleStat, type OpenDataSet } from '../../web/front-door.js';
import { getPlaceBudget, foldFigures, isAnyYearOpen, listYearsWithFigures } from './years.service.js';
import { releaseExpiredSupport, summarizeSupport } from './goals.service.js';
import { sendPledgeBatch } from './pledges.service.js';
import { type BuurtHouseholds, type BudgetsContext } from './budgets.context.js';
import { budgetsStats } from './budgets.stats.js';
import { PUBLIC_FIGURES_MAX_AGE_MS } from './budgets.web.js';
import { deriveVoucherKey } from './voucher-code.js';
import { ledger, type Ledger } from './ledger.js';
import { createMatchFunding, type MatchFunding } from './match-funding.js';
import { BudgetPlaceSection } from './views/place-section.js';

export { budgetsPermissions } from './budgets.permissions.js';
export {
  closeYear,
  foldFigures,
  figuresPerBuurt,
  setBudgetYear,
  verifyLedger,
  type BuurtFigures,
} from './years.service.js';
export {
  countLetters,
  HouseholdImportError,
  importHouseholds,
  issueLetterCodes,
  issueVouchers,
  markLettersPrinted,
  type LetterCode,
} from './vouchers.service.js';
export { lookupVoucher } from './codes.service.js';
export { pledgeHouseholdBudget } from './pledges.service.js';
export { releaseExpiredSupport, setSupportGoal } from './goals.service.js';
export { type BudgetsContext } from './budgets.context.js';
export { formatCode } from './voucher-code.js';
export type { JournalLine, Ledger, LedgerAccount, LedgerKind, LedgerSum } from './ledger.js';
export type { MatchFunding, MatchRule, MatchRuleInput, MatchUse } from './match-funding.js';
export { LettersFileError, printLetters, printLettersToFile } from './budgets.letters.js';
export { budgetsCommands } from './budgets.cli.js';

/** Pledges per batch at most. */
const PLEDGE_BATCH_SIZE = 64;

/** Failed code look-ups in 10 minutes, over all processes, that raise the guessing alarm. */
const FAILED_LOOKUP_ALARM = 500;

/**
 * The household budget (buurtbudget): budget years, vouchers with printed codes, pledges
 * without an account, support goals with deadlines, the year's close and a double-entry ledger.
 */
export class BudgetsModule implements ModuleManifest {
  readonly name = 'budgets';
  readonly tables = [
    'budget_year',
    'budget_household',
    'voucher',
    'voucher_failed_lookup',
    'pledge',
    'initiative_support_goal',
    'ledger_line',
    'budget_figures',
    'budget_match_rule',
  ] as const;
  readonly personalData = budgetsPersonalData;
  readonly messages = budgetsMessages;
  readonly permissions = budgetsPermissions;
  readonly context: BudgetsContext;
  /** Households, pledges and amounts given per place and budget year. */
  readonly stats: readonly ModuleStat[];
  /**
   * What initiatives shows of the household budget (its port `InitiativeSupport`): each
   * initiative's goal, what households gave and by how many, its deadline, and where to give.
   */
  /**
   * The one double-entry ledger, for modules that move money beside the household budget (the
   * district budget): journals posted in the caller's transaction, covered by `verify-ledger`.
   */
  readonly ledger: Ledger = ledger;
  /**
   * Match funding for the district budget: its top-up decisions set and end a rule per wijk and
   * year in their own transaction; the pledge batches apply it (see `match-funding.ts`).
   */
  readonly matchFunding: MatchFunding;

  readonly initiativeSupport: InitiativeSupport = {
    supportOf: (ids) => {
      const sorted = [...new Set(ids)].sort();
      return this.publicFigures(`support:${sorted.join(',')}`, () => summarizeSupport(this.context, sorted));
    },
    giveHref: giveHref,
  };
  readonly navigation = [
    { href: '/buurtbudget', label: 'budgets.nav.resident', order: 20, audience: 'resident' },
    {
      href: '/beheer/buurtbudget',
      label: 'budgets.nav',
      order: 120,
      audience: 'staff',
      permission: 'budgets.desk',
    },
  ] as const;

  constructor(
    private readonly deps: ModuleDeps,
    private readonly ports: {
      places: PlacesModule;
      initiatives: InitiativesModule;
    },
  ) {
    const db = deps.database.db;
    const now = deps.clock;
    this.context = {
      db,
      voucherKey: deriveVoucherKey(deps.config.secretKey),
      now,
      failedLookupAlarm: FAILED_LOOKUP_ALARM,
      // Batches go on the pipelined connection: one after another on the server, the next one
      // already sent (PLEDGE_BATCHES_IN_FLIGHT, 2) so the server works on one while this process
      // handles the answers of the other, and batches of one process never wait for each other's
      // locks. The embedded database has one connection: one batch at a time.
      pledges: new BatchQueue((items) => sendPledgeBatch({ db: deps.database.pipeline, now }, items), {
        maxInFlight: deps.database.engine === 'pglite' ? 1 : deps.config.pledgeBatchesInFlight,
        maxBatch: PLEDGE_BATCH_SIZE,
      }),
      buurtenOf: (code) => buurtenOf(ports.places, code),
      placeOfPoint: async (lat, lon) => {
        try {
          const found = await ports.places.lookupPoint(lat, lon);
          return {
            buurtCode: found.buurt.code,
            wijkCode: found.wijk.code,
            municipalityCode: found.gemeente.code,
          };
        } catch (error) {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }
      },
      moveInitiative: (trx, id, to, reason) => ports.initiatives.moveBySystem(trx, id, to, reason),
      commands: deps.commands,
      warn: (details, message) => deps.log.warn(details, message),
    };
    this.matchFunding = createMatchFunding(db);
    this.stats = budgetsStats(db, (key, load) => this.publicFigures(key, load));
  }

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerBudgetsPages(app, {
      ctx: this.context,
      web: this.deps.web,
      places: this.ports.places,
      cache: this.deps.cache,
    });
    await registerBudgetsApi(app, { ctx: this.context });
  }

  /** Giving the household budget: only while a budget year is open in some gemeente. */
  async homeTasks(ctx: PageContext): Promise<readonly HomeTask[]> {
    // Budget years change rarely (a change bumps the `budgets` revision); openness is a date.
    const day = amsterdamDate(this.deps.clock());
    const open = await this.deps.cache.get(`budgets:any-open:${day}`, ['budgets'], () =>
      isAnyYearOpen(this.context),
    );
    if (!open) return [];
    return [homeTask(ctx.t, '/buurtbudget', 'budgets.task.give', 10)];
  }

  /** The figures per buurt of every budget year, one CSV file each. */
  async openData(): Promise<readonly OpenDataSet[]> {
    const years = await this.deps.cache.get('budgets:years-with-figures', ['budgets'], () =>
      listYearsWithFigures(this.context),
    );
    if (years.length === 0) return [];
    const names = new Map(
      (await this.ports.places.findPlaces([...new Set(years.map((y) => y.municipalityCode))])).map((p) => [
        p.code,
        displayName(p),
      ]),
    );
    const text = textsOf(budgetsMessages);
    return [
      {
        id: 'buurtbudget-cijfers',
        title: text('budgets.openData.title'),
        description: text('budgets.openData.description'),
        keywords: {
          nl: ['buurtbudget', 'participatie', 'begroting', 'buurt'],
          en: ['household budget', 'participation', 'budget', 'neighbourhood'],
        },
        accrualPeriodicity: 'UPDATE_CONT',
        themes: ['GOVE', 'ECON'],
        licence: 'CC0-1.0',
        distributions: years.map((y) => ({
          href: `/buurtbudget/cijfers/${y.municipalityCode}/${y.year}.csv`,
          title: text('budgets.openData.file', {
            name: names.get(y.municipalityCode) ?? y.municipalityCode,
            year: String(y.year),
          }),
          mediaType: 'text/csv',
          format: 'CSV',
        })),
      },
    ];
  }

  /**
   * The demo household budget (see `seedDemoBudget`), and in the log the demo letters' file
   * and codes, so a visitor can pledge at once. Later starts only point to the file again, or
   * print the demo letters anew when their codes are of the old format (migration 0011).
   * Without published secrets (production) no demo letters: codes in the log would be live.
   */
  async seedDemo(log: ModuleLog, options: DemoOptions): Promise<void> {
    const { config } = this.deps;
    const started = performance.now();
    const demoDeps = {
      places: this.ports.places,
      dataDir: config.dataDir,
      publicUrl: config.publicUrl,
      letters: options.publishedSecrets,
    };
    const demo = await seedDemoBudget(this.context, demoDeps);
    if (!demo && !options.publishedSecrets) return;
    if (!demo) {
      // Letters printed before migration 0011 have codes that no longer work: new ones to try.
      const reissued = await reissueDemoLetters(this.context, demoDeps);
      if (reissued) {
        log.info(
          { ...reissued, url: `${config.publicUrl}/buurtbudget` },
          'demo household budget: new letters with codes to try, replacing codes of the old format (demo only)',
        );
        return;
      }
      const file = path.resolve(config.dataDir, DEMO_LETTERS_FILE);
      const present = await fs.access(file).then(
        () => true,
        () => false,
      );
      if (present) log.info({ file }, 'demo household budget: the demo letters with codes are in this file');
      return;
    }
    const { letters, ...figures } = demo;
    log.info(
      { ...figures, ms: Math.round(performance.now() - started) },
      'demo household budget loaded (Zoetermeer)',
    );
    if (!options.publishedSecrets) {
      log.info(
        { vouchers: figures.vouchers },
        'demo household budget: no demo letters printed (production: their codes would be in the log); ' +
          'print letters with `buurtkracht letters`',
      );
    } else if (letters) {
      log.info(
        {
          file: letters.file,
          buurt: letters.buurtCode,
          codes: letters.codes,
          url: `${config.publicUrl}/buurtbudget`,
        },
        'demo household budget: letters with codes to try (demo only)',
      );
    }
  }

  /**
   * A place page's household-budget section: the year's figures of the place and the
   * initiatives open for support there; nothing when its gemeente has no budget year.
   */
  async placeSection(place: PlaceSectionPlace, ctx: PageContext): Promise<PlaceSection | undefined> {
    const budget = await this.publicFigures(`place:${place.code}`, () => getPlaceBudget(this.context, place));
    if (!budget) return undefined;
    return {
      id: 'buurtbudget',
      order: 20,
      title: ctx.t('budgets.place.title', { year: String(budget.year) }),
      // Rendered once per language while the cached figures it shows stay current.
      content: cachedFragment(
        this.deps.cache,
        [budget],
        ctx,
        (c) => BudgetPlaceSection({ ctx: c, place, budget }),
        place.code,
      ),
    };
  }

  /**
   * Public figures through the process's cache: read again once PUBLIC_FIGURES_MAX_AGE_MS old
   * (pledges bump no revision), on a change of budget years, goals, initiatives or places, and
   * on a new day (deadlines and whether a year is open are dates).
   */
  private publicFigures<T>(key: string, load: () => Promise<T>): Promise<T> {
    const day = amsterdamDate(this.deps.clock());
    return this.deps.cache.get(`budgets:${key}:${day}`, ['budgets', 'initiatives', 'places'], load, {
      maxAgeMs: PUBLIC_FIGURES_MAX_AGE_MS,
    });
  }

  jobs(): readonly Job[] {
    return [
      defineJob({
        name: 'budgets-release-expired',
        payload: noPayload,
        // Deadlines are dates: a few minutes past midnight, and hourly to catch up after a pause.
        schedule: { cron: '5 * * * *' },
        runAtStartup: true,
        exclusive: true,
        run: async (_data, { log }) => {
          const released = await releaseExpiredSupport(this.context);
          if (released > 0) log.info({ released }, 'household budget: pledges released at deadline');
        },
      }),
      defineJob({
        name: 'budgets-fold-figures',
        payload: noPayload,
        // Pledges append rows to the figures' rollup; folding them often keeps each figures
        // page a read of about one row per buurt.
        schedule: { everySeconds: 2 },
        exclusive: true,
        run: async () => {
          await foldFigures(this.context.db);
        },
      }),
    ];
  }
}

/** The start of giving to one initiative: the code page with that initiative chosen. */
function giveHref(reference: string): string {
  return `/buurtbudget?initiatief=${encodeURIComponent(reference)}`;
}

/** Every buurt of a gemeente with its CBS households (wijk → buurten, from the places module). */
async function buurtenOf(places: PlacesModule, municipalityCode: string): Promise<BuurtHouseholds[]> {
  const gemeente = await places.getPlaceDetail(municipalityCode);
  const out: BuurtHouseholds[] = [];
  for (const wijk of gemeente.children) {
    const detail = await places.getPlaceDetail(wijk.code);
    for (const buurt of detail.children) {
      if (buurt.level === 'buurt')
        out.push({ code: buurt.code, wijkCode: wijk.code, households: buurt.households ?? 0 });
    }
  }
  return out;
}
