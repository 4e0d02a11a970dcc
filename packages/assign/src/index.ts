export {
  Assigner,
  type Assignment,
  type AssignmentSummary,
  assign,
  assignStream,
} from './assigner';
export type { AssignInput, EntityRow } from './internal/batch';
export type { AreaShare } from './internal/footprint';
export type { AssignRule } from './internal/rules';
export type { EntityStream } from './internal/stream';
export type { AssignFinding, Straddler, UnassignedEntity, UnassignedReason } from './internal/tally';
export type { EntityValue } from './internal/values';
export type {
  AssignedChunk,
  AssignerOptions,
  AssignOptions,
  StreamOptions,
  StreamProgress,
} from './options';
export { type RoadAssignment, type RoadShare, roadsToGrids } from './roads';
export {
  assignSystems,
  type SystemAssignment,
  SystemsAssigner,
  type SystemsAssignerOptions,
  type SystemsAssignment,
  type UnclaimedFinding,
} from './systems';
