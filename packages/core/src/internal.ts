/**
 * `@wangge/core/internal`: plumbing that wangge's own packages share and users should not need. Not
 * covered by semver: it changes with the packages that use it.
 *
 * - `featureLocation`: where an input feature sits (index, id), for a `WanggeError`'s location.
 * - `polygonsOf`: a Polygon or MultiPolygon as polygons (`Position[][][]`).
 * - `MinHeap`: the binary heap the partitioner's region growing uses.
 * - `principalAngle`: the principal axis of weighted points, which the splitters cut across.
 */

export { MinHeap } from './heap';
export { polygonsOf } from './measure';
export { featureLocation } from './normalize';
export { principalAngle } from './principal';
