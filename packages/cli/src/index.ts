export { type CliIo, runCli } from './cli';
export { neighboursToColours } from './colour';
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
export { type Format, formatOfFile } from './io/formats';
export { type ReadOptions, readFeatures } from './io/read';
export { featuresToText, type WriteOptions, writeFeatures } from './io/write';
export { PALETTE, planToHtml, planToSvg, type RenderOptions } from './render';
