export {
  type BalancedPartitionOptions,
  type BalancedPartitionResult,
  balancedPartition,
  type PartitionProblem,
  type PartitionProblemKind,
  type PartitionStats,
} from './balancedPartition';
export {
  type HouseholdGroup,
  type HouseholdGroupOptions,
  type HouseholdGroupsResult,
  householdGroupPolygons,
  householdGroups,
} from './householdGroups';
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
