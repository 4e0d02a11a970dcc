export type { EchartsMap } from '@wangge/core';
export { type AtlasProperties, loadUsCounties, loadUsStates } from '@wangge/example-city';
export {
  type DivisionCollection,
  type DivisionFeature,
  type DivisionProperties,
  type EchartsMapName,
  loadChinaCities,
  loadChinaProvinces,
  loadChinaProvincesEncoded,
  loadEchartsMap,
} from './china';
export {
  type ComparedDefect,
  type CoverageComparison,
  compareWithReference,
  type Missed,
  type ParentReference,
  type ReferenceSpill,
  referenceAgainstParent,
} from './compare';
export {
  checkPartition,
  type PartitionCheck,
  type PartitionCheckOptions,
  partitionTarget,
  syntheticHouseholds,
} from './partitionCheck';
