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
export {
  type Format,
  featuresToText,
  formatOfFile,
  type ReadOptions,
  readFeatures,
  type WriteOptions,
  writeFeatures,
} from './io';
export {
  type LayerInput,
  type LayerStyle,
  neighboursToColours,
  PALETTE,
  planToHtml,
  planToSvg,
  type RenderOptions,
} from './render';
