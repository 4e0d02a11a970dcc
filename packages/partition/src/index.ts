export {
  type BalancedPartitionOptions,
  type BalancedPartitionResult,
  balancedPartition,
  type PartitionProblem,
  type PartitionProblemKind,
  type PartitionStats,
} from './balancedPartition';
export { type RegularGridOptions, regularGrid } from './regularGrid';
