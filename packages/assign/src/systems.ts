import { ErrorCode, type Finding, type GridPlan, type ResolvedSystem, WanggeError } from '@wangge/core';
import { Assigner, type Assignment, type AssignOptions } from './assigner';
import type { AssignInput } from './internal/batch';
import type { AssignRule } from './internal/rules';
import { describe } from './internal/values';

/** Options of a {@link SystemsAssigner}. */
export interface SystemsAssignerOptions {
  /**
   * Attribute rules (see {@link AssignRule}) for grids of any system, evaluated in each system before
   * location; the grids of a `membership` system receive entities only through them. @default []
   */
  rules?: readonly AssignRule[];
  /** Names of the systems to assign to, in the order given. @default every system of the plan */
  systems?: readonly string[];
}

/** One system's assignment: an {@link Assignment} over `plan`, the system as a plan of its own. */
export interface SystemAssignment extends Assignment {
  /** The system. */
  readonly system: ResolvedSystem;
  /** Positions of the entities no grid of this system claims, ascending (`unassigned`, as indexes). */
  readonly unclaimed: readonly number[];
}

/** A finding of {@link SystemsAssigner.assign}: entities a system leaves without a grid. */
export interface UnclaimedFinding extends Finding<'unclaimed'> {
  /** Name of the system. */
  system: string;
  /** How many entities it leaves out. */
  entities: number;
}

/** What {@link SystemsAssigner.assign} returns: one leaf per entity per system. */
export interface SystemsAssignment {
  /** Number of entities. */
  readonly total: number;
  /** One assignment per system, in the order of the systems. */
  readonly systems: readonly SystemAssignment[];
  /**
   * One finding per system that leaves entities without a grid: an `error` for a territorial system
   * (楼不漏户), a `warning` for a thematic one (an entity no industry grid claims).
   */
  readonly findings: readonly UnclaimedFinding[];
  /** The assignment of one system, by name. Throws `INVALID_OPTION` for a system not assigned. */
  of(system: string): SystemAssignment;
  /** The leaf code of entity `index` in every system (`null` where none claims it), by system name. */
  codesOf(index: number): Record<string, string | null>;
}

/**
 * Places entities in one leaf grid per grid system of a plan (属地 + 行业): each spatial system (`tiling`
 * or `partial`) gets its own {@link Assigner} over `plan.systemToPlan(name)`: the rules for its grids
 * first, then location over all its leaves; a `membership` system is filled by its rules alone. Build once, assign many batches.
 */
export class SystemsAssigner {
  /** The whole plan. */
  readonly plan: GridPlan;
  private readonly assigners: Array<{ system: ResolvedSystem; assigner: Assigner }>;

  constructor(plan: GridPlan, options: SystemsAssignerOptions = {}) {
    if (typeof plan !== 'object' || plan === null || typeof plan.systemToPlan !== 'function') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `expected a GridPlan, got ${describe(plan)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `options must be an object, got ${describe(options)}`);
    }
    const rules = options.rules ?? [];
    if (!Array.isArray(rules)) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `rules must be an array, got ${describe(rules)}`);
    }
    rules.forEach((rule, r) => {
      const grid = (rule as Partial<AssignRule> | null)?.grid;
      if (typeof grid !== 'string' || !plan.has(grid)) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `rules[${r}]: grid ${describe(grid)} is not in the plan`,
        );
      }
    });
    const names = options.systems ?? plan.systems.map((s) => s.name);
    if (!Array.isArray(names)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `systems must be an array of names, got ${describe(names)}`,
      );
    }
    this.plan = plan;
    this.assigners = names.map((name) => {
      const system = plan.system(name);
      const own = rules.filter((rule) => plan.systemOf(rule.grid).name === name);
      const sub = plan.systemToPlan(name);
      const membership = system.coverage === 'membership';
      // In a membership system no grid is found by location; in a spatial one every grid is, after the rules.
      const nonSpatial = membership ? plan.systemIds(name).map((id) => plan.grids[id].properties.code) : [];
      return { system, assigner: new Assigner(sub, { rules: own, nonSpatial }) };
    });
  }

  /** Assigns one set of entities (see {@link AssignInput}) in every system. */
  assign(entities: AssignInput, options: AssignOptions = {}): SystemsAssignment {
    const systems = this.assigners.map(({ system, assigner }): SystemAssignment => {
      const assignment = assigner.assign(entities, options);
      return {
        ...assignment,
        system,
        unclaimed: assignment.unassigned.map((u) => u.index).sort((a, b) => a - b),
      };
    });
    const findings = systems.flatMap((s): UnclaimedFinding[] => {
      const n = s.unclaimed.length;
      if (n === 0) return [];
      const territorial = s.system.kind === 'territorial';
      return [
        {
          id: `unclaimed:${s.system.name}`,
          kind: 'unclaimed',
          severity: territorial ? 'error' : 'warning',
          grids: [],
          system: s.system.name,
          entities: n,
          message: territorial
            ? `${n} of ${s.total} entities are in no grid of the territorial system ${s.system.name}`
            : `${n} of ${s.total} entities are claimed by no grid of the ${s.system.coverage} system ${s.system.name}`,
        },
      ];
    });
    const byName = new Map(systems.map((s) => [s.system.name, s]));
    const of = (name: string): SystemAssignment => {
      const found = byName.get(name);
      if (found === undefined) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `system ${describe(name)} was not assigned (assigned: ${[...byName.keys()].join(', ')})`,
        );
      }
      return found;
    };
    return {
      total: systems[0]?.total ?? 0,
      systems,
      findings,
      of,
      codesOf: (index) => Object.fromEntries(systems.map((s) => [s.system.name, s.codeOf(index)])),
    };
  }
}

/** One-call form of {@link SystemsAssigner}: `new SystemsAssigner(plan, options).assign(entities, options)`. */
export function assignSystems(
  plan: GridPlan,
  entities: AssignInput,
  options: SystemsAssignerOptions & AssignOptions = {},
): SystemsAssignment {
  const { rules, systems, ...assign } = options ?? {};
  return new SystemsAssigner(plan, { rules, systems }).assign(entities, assign);
}
