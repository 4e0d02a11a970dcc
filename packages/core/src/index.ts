export {
  type CodeParts,
  type CodeStyle,
  canonicalCode,
  codesOfChildren,
  codeToChild,
  codeToParent,
  formatCode,
  isChildCode,
  isValidCode,
  type LetterCodeStyle,
  letterCodes,
  lettersToOrdinal,
  MAX_CODE_PATH,
  type NumericCodeOptions,
  type NumericCodeStyle,
  numericCodes,
  ordinalToLetters,
  parseCode,
  planCodeProblem,
} from './codes';
export {
  DIVISION_CODE_LENGTHS,
  DIVISION_TIERS,
  type DivisionCode,
  type DivisionTier,
  divisionToParent,
  isDivisionAncestor,
  isDivisionCode,
  parseDivisionCode,
} from './division';
export { decodeEcharts, type EchartsFeature, type EchartsMap, isEchartsMap } from './echarts';
export { ErrorCode, type ErrorLocation, isWanggeError, WanggeError } from './errors';
export { escapeControl } from './escape';
export { featuresOf } from './features';
export { countBySeverity, type Finding, type Severity } from './finding';
export { geodesicArea, geodesicDistance, geodesicPerimeter } from './measure';
export {
  type BBox,
  type GridCollection,
  type GridFeature,
  type GridGeometry,
  type GridProperties,
  Level,
  MAX_LEVEL,
} from './model';
export {
  type CleanResult,
  cleanGeometry,
  type InputProblem,
  inputProblem,
  isGeometryType,
  normalizeFeatures,
  normalizeGeometry,
  positionProblem,
} from './normalize';
export { checkObjects, checkOptions } from './options';
export { GridPlan } from './plan';
export { findPlanDefects, type PlanDefect, type PlanDefectKind, type PlanOptions } from './planDefects';
export {
  type Column,
  isPointTable,
  type PointTable,
  pointTable,
  type RowSelector,
  selectRows,
} from './pointTable';
export { type LocalProjection, type LocalProjectionOptions, localProjection } from './projection';
export { checkRange, type Range, rangeDistance } from './range';
export { ringSignedArea } from './rings';
export { type LoadStats, loadsToStats } from './stats';
export {
  type CoverageRule,
  DEFAULT_SYSTEM,
  type GridSystem,
  type GridSystems,
  type ResolvedSystem,
  resolveGridSystems,
  type SystemDefect,
  type SystemKind,
} from './systems';
