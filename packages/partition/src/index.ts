export {
  type BalancedPartitionOptions,
  type BalancedPartitionResult,
  balancedPartition,
  MAX_BALANCED_GRIDS,
  type PartitionProblem,
  type PartitionProblemKind,
  type PartitionStats,
} from './balancedPartition';
export {
  type HouseholdGroup,
  type HouseholdGroupOptions,
  type HouseholdGroupsResult,
  householdGroups,
} from './householdGroups';
export {
  type BalancedLevel,
  type FixedLevel,
  type HierarchyOptions,
  type HierarchyResult,
  type LevelSpec,
  partitionHierarchy,
  type RegularLevel,
} from './partitionHierarchy';
export { estimateCells, MAX_REGULAR_GRIDS, type RegularGridOptions, regularGrid } from './regularGrid';
