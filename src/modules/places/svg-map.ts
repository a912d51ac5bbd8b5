import { bboxOf, mergeBBoxes, polygonsOf, project } from './geometry.js';
import type { Boundary } from './place.js';

export interface MapShape {
  code: string;
  label: string;
  href: string | undefined;
  boundary: Boundary;
  /** The place the page is about, drawn stronger than its surroundings. */
  emphasis: boolean;
}

/** A point drawn on the map (an initiative, a report): a marker with a label and a link. */
export interface MapMarker {
  lat: number;
  lon: number;
  label: string;
  href: string | undefined;
}

export interface SvgMap {
  width: number;
  height: number;
  shapes: { code: string; label: string; href: string | undefined; d: string; emphasis: boolean }[];
  /** Markers in SVG coordinates; those outside the drawn area are left out. */
  markers: { x: number; y: number; label: string; href: string | undefined }[];
}

const MAP_WIDTH = 640;

/**
 * Projects boundaries to Web Mercator and fits them into an SVG of fixed width, so the server
 * can draw a map that needs neither JavaScript nor tiles. Coordinates are rounded to 0.1 px.
 */
export function buildSvgMap(
  shapes: readonly MapShape[],
  markers: readonly MapMarker[] = [],
): SvgMap | undefined {
  const box = mergeBBoxes(shapes.map((s) => bboxOf(s.boundary)));
  if (!box) return undefined;
  const topLeft = project(box.minLon, box.maxLat);
  const bottomRight = project(box.maxLon, box.minLat);
  const spanX = Math.max(bottomRight.x - topLeft.x, 1e-9);
  const spanY = Math.max(bottomRight.y - topLeft.y, 1e-9);
  const padding = 8;
  const scale = (MAP_WIDTH - 2 * padding) / spanX;
  const height = Math.max(120, Math.round(spanY * scale + 2 * padding));
  const offsetY = (height - spanY * scale) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  const inside = (m: MapMarker) =>
    m.lon >= box.minLon && m.lon <= box.maxLon && m.lat >= box.minLat && m.lat <= box.maxLat;
  return {
    width: MAP_WIDTH,
    height,
    markers: markers.filter(inside).map((m) => {
      const p = project(m.lon, m.lat);
      return {
        x: round(padding + (p.x - topLeft.x) * scale),
        y: round(offsetY + (p.y - topLeft.y) * scale),
        label: m.label,
        href: m.href,
      };
    }),
    shapes: shapes.map((shape) => {
      const parts: string[] = [];
      for (const polygon of polygonsOf(shape.boundary)) {
        for (const ring of polygon) {
          const points = ring.map(([lon, lat]) => {
            const p = project(lon, lat);
            return `${round(padding + (p.x - topLeft.x) * scale)} ${round(offsetY + (p.y - topLeft.y) * scale)}`;
          });
          parts.push(`M${points.join('L')}Z`);
        }
      }
      return {
        code: shape.code,
        label: shape.label,
        href: shape.href,
        d: parts.join(''),
        emphasis: shape.emphasis,
      };
    }),
  };
}
