export {
  type CoverageValidity,
  coverageIsValid,
  overlaps,
  type ReferenceGap,
  type ReferenceOverlap,
  type ReferenceOverlaps,
} from './coverage';
export { loadReference, type Polygonal } from './geos';
export { area, geodesicArea } from './measure';
export { difference, intersection, union, unionAll } from './overlay';
export { isValid, type MakeValidOptions, makeValid, type Validity } from './validity';
