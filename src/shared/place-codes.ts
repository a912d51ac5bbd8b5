/**
 * CBS place codes, pure: gemeente (GM0599) → wijk (WK059901) → buurt (BU05990110). Codes are
 * strings: Amsterdam's contain letters (WK0363AA, BU0363AA01). Shared below the modules, since
 * permissions are scoped by them (a grant on a gemeente covers its wijken and buurten).
 */
export type PlaceLevel = 'gemeente' | 'wijk' | 'buurt';

export const PLACE_LEVELS: readonly PlaceLevel[] = ['gemeente', 'wijk', 'buurt'];

const CODE_PATTERNS: Record<PlaceLevel, RegExp> = {
  gemeente: /^GM[0-9]{4}$/,
  wijk: /^WK[0-9]{4}[0-9A-Z]{2}$/,
  buurt: /^BU[0-9]{4}[0-9A-Z]{4}$/,
};

/** The level a CBS code belongs to, or undefined when it is no valid place code. */
export function levelOfCode(code: string): PlaceLevel | undefined {
  return PLACE_LEVELS.find((level) => CODE_PATTERNS[level].test(code));
}

/** Normalises user input (`bu 0637 0101` → `BU06370101`); undefined when it is no place code. */
export function normalizePlaceCode(input: string): string | undefined {
  const code = input.replace(/\s+/g, '').toUpperCase();
  return levelOfCode(code) ? code : undefined;
}

/** The parent's code derived from the CBS code structure: BU GGGG WW BB → WK GGGG WW → GM GGGG. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === 'buurt') return `WK${code.slice(2, 8)}`;
  if (level === 'wijk') return `GM${code.slice(2, 6)}`;
  return null;
}

/** The gemeente a code belongs to. */
export function municipalityCodeOf(code: string): string {
  return `GM${code.slice(2, 6)}`;
}
