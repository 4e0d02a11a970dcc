export {
  type AssignedChunk,
  Assigner,
  type AssignerOptions,
  type Assignment,
  type AssignmentSummary,
  type AssignOptions,
  assign,
  assignStream,
  type StreamOptions,
  type StreamProgress,
} from './assigner';
export type { EntityColumns, EntityInput, EntityRow } from './internal/batch';
export type { AreaShare } from './internal/footprint';
export type { AssignRule } from './internal/rules';
export type { EntityStream } from './internal/stream';
export type { Straddler, UnassignedEntity, UnassignedReason } from './internal/tally';
export type { EntityValue } from './internal/values';
export { type RoadAssignment, type RoadShare, roadsToGrids } from './roads';
export {
  assignSystems,
  type SystemAssignment,
  SystemsAssigner,
  type SystemsAssignerOptions,
  type SystemsAssignment,
  type UnclaimedFinding,
} from './systems';
