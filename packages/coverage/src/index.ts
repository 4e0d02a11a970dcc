export {
  type Baseline,
  type CheckFormat,
  type CheckOptions,
  type CheckResult,
  checkCoverage,
  checkToText,
  type DefectStatus,
  reportToBaseline,
  type Thresholds,
} from './gate';
export { isFlatSet, type PlanCoverageOptions, validatePlan } from './plan';
export { type RepairChange, type RepairOptions, type RepairResult, repairCoverage } from './repair';
export {
  type CoverageDefect,
  type CoverageOptions,
  type CoverageReport,
  DEFECT_KINDS,
  type DefectCounts,
  type DefectKind,
  type InvalidReason,
} from './types';
export { CoverageValidator, validateCoverage } from './validator';
