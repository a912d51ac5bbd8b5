import { levelOfCode, type PlaceLevel } from './place.js';

const SEGMENT: Record<PlaceLevel, string> = { gemeente: 'gemeenten', wijk: 'wijken', buurt: 'buurten' };

/** The page of a place: `/gemeenten/GM0637`, `/wijken/WK063701`, `/buurten/BU06370101`. */
export function placeHref(code: string): string {
  const level = levelOfCode(code) ?? 'gemeente';
  return `/${SEGMENT[level]}/${code}`;
}

export function levelOfSegment(segment: string): PlaceLevel | undefined {
  return (Object.keys(SEGMENT) as PlaceLevel[]).find((l) => SEGMENT[l] === segment);
}
