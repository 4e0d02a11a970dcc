/**
 * `@wangge/geometry/internal`: the kernel's building blocks that wangge's own packages share and users
 * should not need. Not covered by semver: it changes with the packages that use it.
 *
 * - Tables over typed arrays: `VertexTable` (exact coordinates → ids), `EdgeTable` (the one directed-edge
 *   table with cancellation and owners), `residualEdges`.
 * - Rings over vertex ids: `traceRings` (exact angular order, split where they touch), `splitAtRepeats`,
 *   `ringOrientation`, `ringArea2`, `ringEncloses`, `nestRings`, `ringsToPolygons`, and `ringsToIds` to
 *   use them on GeoJSON rings.
 * - The point rule on typed arrays: `isInRingXY` (with `edgeCounts`, `nudgedSegmentCrosses`).
 * - Exact orientation: `orientSign`, and its filter's error bound `ORIENT_BOUND` for hot loops that inline it.
 * - The precision model: `GRID_UNITS`, `toGrid`, `fromGrid`; accurate cross products: `crossAccurate`,
 *   `roundedIntersection`.
 */

export { EdgeTable, VertexTable } from './internal/hash';
export { fromGrid, GRID_UNITS, toGrid } from './internal/input';
export {
  nestRings,
  type ResidualEdges,
  residualEdges,
  ringArea2,
  ringBox,
  ringEncloses,
  ringOrientation,
  ringsToIds,
  ringsToPolygons,
  splitAtRepeats,
  traceRings,
} from './internal/rings';
export { crossAccurate, roundedIntersection } from './intersect';
export { edgeCounts, isInRingXY, nudgedSegmentCrosses, onSegment } from './pointRule';
export { ORIENT_BOUND, orientSign } from './predicates';
