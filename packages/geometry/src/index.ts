export { dissolve } from './dissolve';
export { snapCoordinate } from './internal/input';
export { intersectionPoint } from './intersect';
export {
  type MakeValidOptions,
  type MakeValidResult,
  makeValid,
  type Repair,
  type RepairKind,
} from './makeValid';
export { difference, intersection, Overlay, overlay, union } from './overlay';
export {
  edgeCounts,
  isInPolygon,
  isInRing,
  nudgedSegmentCrosses,
  onSegment,
  type PointLocation,
  pointToPolygonLocation,
} from './pointRule';
export { compareAround, inCircleSign, orientSign, SegmentRelation, segmentRelation } from './predicates';
export { isValidPolygon, type ValidityProblem, type ValidityReason, validityProblems } from './validity';
