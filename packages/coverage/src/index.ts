export {
  type CoverageDefect,
  type CoverageOptions,
  type CoverageReport,
  DEFECT_KINDS,
  type DefectCounts,
  type DefectKind,
  type HouseholdPoints,
  type InvalidReason,
} from './types';
export { CoverageValidator, validateCoverage } from './validator';
