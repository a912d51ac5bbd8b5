import type { VNode } from 'preact';
import type { PlaceLevel } from '../shared/place-codes.js';
import { I18n, type Locale, type MessageBundle, type Params, type Translate } from './i18n/i18n.js';

/**
 * The front door: what every module contributes to the pages that belong to no module alone
 * (the layout's navigation, the home page's tasks, a place page's sections, the open-data
 * catalogue). Modules declare their parts in their manifest; `src/modules/index.ts` gathers
 * them into one `FrontDoor`, which the pages reach through `WebDeps`. The web layer knows the
 * shapes, never a module.
 */

/** A link in the layout's navigation. `label` is a message key; `order` sorts across modules. */
export interface NavigationEntry {
  readonly href: string;
  readonly label: string;
  readonly order: number;
  /** `resident`: the primary navigation, shown to everyone; `staff`: shown to staff who hold `permission`. */
  readonly audience: 'resident' | 'staff';
  readonly permission?: string;
}

/** A task on the home page, its texts already in the reader's language. */
export interface HomeTask {
  readonly href: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
}

/** The place a section is asked for (what every module may know of it, without the places module). */
export interface PlaceSectionPlace {
  readonly code: string;
  readonly level: PlaceLevel;
  readonly name: string;
  readonly municipalityCode: string;
  /** The place's buurt codes (the place itself for a buurt), for modules that record buurten. */
  readonly buurtCodes: readonly string[];
}

/** A module's section on a place page: a heading (level 2, in the reader's language) and content. */
export interface PlaceSection {
  readonly id: string;
  readonly order: number;
  readonly title: string;
  readonly content: VNode;
}

/** A text in every language of the site (the DCAT catalogue gives both). */
export type LocalizedText = Readonly<Record<Locale, string>>;

/** The place a figure is asked for: its code and level, its gemeente, and the buurten below it. */
export type StatPlace = Omit<PlaceSectionPlace, 'name'>;

/** The calendar year a figure is asked for (a figure `now` ignores it). */
export interface StatPeriod {
  readonly year: number;
}

/**
 * A figure a module offers others (the place API, the coming district analysis) instead of
 * them reading its tables: one number for one place and period.
 */
export interface ModuleStat {
  /** `<module>.<what>`, stable: consumers refer to it by this name. */
  readonly name: string;
  /** What is counted or summed, in plain words, in every language. */
  readonly description: LocalizedText;
  /** `count`: a number of things (households, initiatives); `euro_cents`: an amount of money. */
  readonly unit: 'count' | 'euro_cents';
  /** The levels it is known for; asked for another, a consumer leaves it out. */
  readonly levels: readonly PlaceLevel[];
  /** `year`: over the calendar (or budget) year asked; `now`: as it stands today. */
  readonly period: 'year' | 'now';
  /**
   * The figure; null when it is not known (CBS keeps a small buurt's figures secret; no
   * household budget that year). Reads are public and cached per revision by the module.
   */
  read(place: StatPlace, period: StatPeriod): Promise<number | null>;
}

/** The licences of open data here: our own data CC0 1.0; CBS's figures and boundaries CC BY 4.0. */
export type OpenDataLicence = 'CC0-1.0' | 'CC-BY-4.0';

/**
 * An open dataset (DCAT-AP-NL `dcat:Dataset` with its distributions); `href` and `landingPage`
 * are paths on this site. /open-data and /open-data/catalogus.jsonld list every module's sets.
 */
export interface OpenDataSet {
  /** Unique over the site, stable: the dataset's URI is `<site>/open-data#<id>`. */
  readonly id: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly keywords: Readonly<Record<Locale, readonly string[]>>;
  /** How often it changes: an EU frequency code (`CONT`, `UPDATE_CONT`, `DAILY`, `ANNUAL`, `IRREG` …). */
  readonly accrualPeriodicity: string;
  /** EU data theme codes (`GOVE`, `SOCI`, `REGI` …). */
  readonly themes: readonly string[];
  readonly licence: OpenDataLicence;
  /** Who must be credited (CC BY), said in words. */
  readonly attribution?: LocalizedText;
  /** A page for people about the data (dcat:landingPage). */
  readonly landingPage?: string;
  readonly distributions: readonly OpenDataDistribution[];
}

export interface OpenDataDistribution {
  readonly href: string;
  /** What sets this file apart from the dataset's others (a gemeente, a year). */
  readonly title?: LocalizedText;
  /** IANA media type: `text/csv`, `application/geo+json`, `application/json` … */
  readonly mediaType: string;
  /** EU file type code: `CSV`, `GEOJSON`, `JSON` … */
  readonly format: string;
}

/**
 * What a module may contribute (the front-door part of `ModuleManifest`). `Ctx` is the page's
 * context (`PageContext`): a parameter here, so that page.ts can name the front door without
 * this file importing it back.
 */
export interface FrontDoorContributor<Ctx> {
  readonly navigation?: readonly NavigationEntry[];
  homeTasks?(ctx: Ctx): Promise<readonly HomeTask[]>;
  placeSection?(place: PlaceSectionPlace, ctx: Ctx): Promise<PlaceSection | undefined>;
  openData?(): Promise<readonly OpenDataSet[]>;
  /** The figures this module offers others, per place and period (`ModuleStat`). */
  readonly stats?: readonly ModuleStat[];
}

const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;

/**
 * Every module's contributions, gathered on each call from the modules as built (so it can be
 * handed to the modules' own pages before the last module exists), in the order `order` says.
 */
export class FrontDoor<Ctx> {
  #navigation: readonly NavigationEntry[] | undefined;

  constructor(private readonly contributors: () => readonly FrontDoorContributor<Ctx>[]) {}

  /**
   * Every navigation entry, resident and staff, sorted; the layout picks what the reader may see.
   * The entries are fixed declarations, so they are gathered once, on the first page (every
   * module is built by then), not again for each page.
   */
  navigation(): readonly NavigationEntry[] {
    this.#navigation ??= this.contributors()
      .flatMap((c) => c.navigation ?? [])
      .sort(byOrder);
    return this.#navigation;
  }

  async homeTasks(ctx: Ctx): Promise<HomeTask[]> {
    const lists = await Promise.all(this.contributors().map((c) => c.homeTasks?.(ctx) ?? []));
    return lists.flat().sort(byOrder);
  }

  async placeSections(place: PlaceSectionPlace, ctx: Ctx): Promise<PlaceSection[]> {
    const sections = await Promise.all(this.contributors().map((c) => c.placeSection?.(place, ctx)));
    return sections.filter((s): s is PlaceSection => s !== undefined).sort(byOrder);
  }

  async openData(): Promise<OpenDataSet[]> {
    const lists = await Promise.all(this.contributors().map((c) => c.openData?.() ?? []));
    return lists.flat();
  }

  /** Every module's figures, in build order. */
  stats(): ModuleStat[] {
    return this.contributors().flatMap((c) => c.stats ?? []);
  }
}

const bundleTexts = new WeakMap<MessageBundle, I18n>();

/** A message of `bundle` in every language, for texts given in both (open data). */
export function localizedText(bundle: MessageBundle, key: string, params?: Params): LocalizedText {
  let i18n = bundleTexts.get(bundle);
  if (!i18n) {
    i18n = new I18n([bundle]);
    bundleTexts.set(bundle, i18n);
  }
  return { nl: i18n.translate('nl', key, params), en: i18n.translate('en', key, params) };
}

/** `localizedText` over one module's messages. */
export function textsOf(bundle: MessageBundle): (key: string, params?: Params) => LocalizedText {
  return (key, params) => localizedText(bundle, key, params);
}

/** A home task whose texts are the messages `<key>.title` and `<key>.description`. */
export function homeTask(t: Translate, href: string, key: string, order: number): HomeTask {
  return { href, title: t(`${key}.title`), description: t(`${key}.description`), order };
}
