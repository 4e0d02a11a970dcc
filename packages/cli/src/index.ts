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
export type { GridPerson, GridRecord, GridRef, StaffMember } from './internal/register';
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
