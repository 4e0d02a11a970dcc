export { type Crosswalk, type CrosswalkOptions, type CrosswalkPair, crosswalk } from './crosswalk';
export { diffPlans, type EntityChange, type GridFlow, type PlanDiff } from './diff';
export { type EntityTables, type PointsToTableOptions, pointsToTable } from './entities';
export {
  type ExactInstance,
  type ExactSolution,
  type ExactSolver,
  type ExactSolverOptions,
  loadExactSolver,
} from './exact';
export type { GroupProof } from './internal/prove';
export {
  type CategoryRule,
  type StaffMember,
  type StaffRole,
  type VisitFrequency,
  visitsToMonthly,
  type WorkloadModel,
} from './model';
export {
  type BlockedMove,
  type Locks,
  type NeighbourLoad,
  type PlanChange,
  type RebalanceFinding,
  type RebalanceOptions,
  type RebalanceResult,
  Rebalancer,
  type RebalanceStats,
  type Refusal,
  type Remedy,
  rebalance,
  type UnitFeature,
  type UnitFinding,
  type UnitMove,
  type UnitProperties,
  type UnresolvedGrid,
} from './rebalance';
export {
  type GridLoad,
  type LevelLoad,
  type LoadFinding,
  type LoadFindingKind,
  type LoadReport,
  type LoadStatus,
  loadReport,
  loadToStatus,
  type StaffingCheck,
} from './report';
export {
  type SplitFinding,
  type SplitHeavyUnitsOptions,
  type SplitResult,
  splitHeavyUnits,
} from './split';
export { measureUnits, type UnitMeasures } from './units';
