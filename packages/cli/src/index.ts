export { type CliIo, runCli } from './cli';
export {
  type Crs,
  cgcs2000GaussKruger,
  featuresFromWgs84,
  featuresToWgs84,
  mapGeometry,
  parseCrs,
  WGS84,
} from './crs';
export { ExitCode } from './internal/command';
export {
  type GridPerson,
  type GridRecord,
  type GridRef,
  planToRecords,
  type RecordOptions,
  type RegisterFinding,
  readStaff,
  type StaffMember,
} from './internal/register';
export { type RegisterLanguage, type RegisterRow, recordsToRows, rowsToXlsx } from './internal/registerTable';
export { type Format, formatOfFile } from './io/formats';
export { type ReadOptions, readFeatures } from './io/read';
export { featuresToText, type WriteOptions, writeFeatures } from './io/write';
export {
  type LayerInput,
  type LayerStyle,
  neighboursToColours,
  PALETTE,
  type PrintOptions,
  planToHtml,
  planToSheets,
  planToSvg,
  planToTree,
  type RenderOptions,
  type Sheet,
  type SheetOptions,
  sheetsToPdf,
  type Tree,
  type TreeOptions,
} from './render';
export {
  checkStaffing,
  DEFAULT_RULES,
  type GridStaffing,
  type PersonLoad,
  type RoleRule,
  type StaffingFinding,
  type StaffingFindingKind,
  type StaffingModel,
  type StaffingResult,
  WORKER_ROLES,
} from './staffing';
