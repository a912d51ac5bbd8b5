/**
 * The places module's face for tests and benchmarks (never for product code): the parts
 * `bench/places-lookup.ts` measures on their own.
 */
export { bboxOf, mergeBBoxes } from './geometry.js';
export type { BBox, Position } from './place.js';
export { findAllBuurtBoundaries } from './places.repository.js';
export { SpatialIndex, type IndexedBoundary } from './spatial-index.js';
