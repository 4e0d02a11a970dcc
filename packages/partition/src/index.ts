export {
  type BalancedPartitionOptions,
  type BalancedPartitionResult,
  balancedPartition,
  type PartitionStats,
} from './balancedPartition';
export { PARTITION_FINDING_KINDS, type PartitionFinding, type PartitionFindingKind } from './findings';
export {
  type HouseholdGroup,
  type HouseholdGroupOptions,
  type HouseholdGroupsResult,
  householdGroupPolygons,
  householdGroups,
} from './householdGroups';
export type { Boundary } from './internal/frame';
export { estimateCells, MAX_BALANCED_GRIDS, MAX_REGULAR_GRIDS } from './internal/limits';
export {
  type BalancedLevel,
  type FixedLevel,
  type HierarchyOptions,
  type HierarchyResult,
  type LevelSpec,
  partitionHierarchy,
  type RegularLevel,
} from './partitionHierarchy';
export { type RegularGridOptions, type RegularGridResult, regularGrid } from './regularGrid';
