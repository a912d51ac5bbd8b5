import Flatbush from 'flatbush';
import { bboxOf, boundaryContains } from './geometry.js';
import type { Boundary } from './place.js';

export interface IndexedBoundary {
  code: string;
  boundary: Boundary;
}

/**
 * Point → buurt in memory: a packed R-tree (Flatbush) over the buurt bounding boxes, then an
 * exact point-in-polygon test on the few candidates. Immutable; rebuilt whole on import.
 */
export class SpatialIndex {
  private readonly tree: Flatbush | undefined;

  private constructor(private readonly items: readonly IndexedBoundary[]) {
    if (items.length === 0) return;
    const tree = new Flatbush(items.length);
    for (const item of items) {
      const b = bboxOf(item.boundary);
      tree.add(b.minLon, b.minLat, b.maxLon, b.maxLat);
    }
    tree.finish();
    this.tree = tree;
  }

  static build(items: readonly IndexedBoundary[]): SpatialIndex {
    return new SpatialIndex(items);
  }

  get size(): number {
    return this.items.length;
  }

  /** The code of the boundary that contains the point, or undefined when none does. */
  lookup(lon: number, lat: number): string | undefined {
    if (!this.tree) return undefined;
    const candidates = this.tree.search(lon, lat, lon, lat);
    // Ascending order keeps the answer stable when simplified boundaries overlap slightly.
    candidates.sort((a, b) => a - b);
    for (const i of candidates) {
      const item = this.items[i];
      if (item && boundaryContains(item.boundary, lon, lat)) return item.code;
    }
    return undefined;
  }
}
