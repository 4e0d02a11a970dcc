import { ErrorCode, type GridPlan, WanggeError } from '@wangge/core';
import type { Batch, EntityRow } from './batch';
import { describe } from './values';

/**
 * An attribute rule for a special, non-spatial grid (行业网格/专属网格): every entity it matches goes to
 * `grid` whatever its location. Rules are evaluated before location, in order; the first match wins.
 */
export interface AssignRule {
  /** Code of the leaf grid the matched entities go to. */
  readonly grid: string;
  /**
   * Which entities: attribute values to match (every key must match; an array matches any of its values;
   * numbers and numeric strings compare as text, so `{ industry: 3 }` matches a CSV cell `"3"`), or a predicate.
   */
  readonly when: Readonly<Record<string, unknown>> | ((entity: EntityRow, index: number) => boolean);
  /** Name in reports. @default the grid code */
  readonly name?: string;
}

/** A rule checked against a plan, ready to match. */
export interface CompiledRule {
  readonly name: string;
  readonly gridId: number;
  matches(batch: Batch, i: number, index: number): boolean;
}

/** Checks rules against the plan (the target must be a leaf) and compiles their matchers. */
export function compileRules(
  rules: readonly AssignRule[],
  plan: GridPlan,
  isLeaf: Uint8Array,
): CompiledRule[] {
  if (!Array.isArray(rules)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `rules must be an array, got ${describe(rules)}`);
  }
  return rules.map((rule, r) => {
    const bad = (why: string): never => {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `rules[${r}]: ${why}`);
    };
    if (typeof rule !== 'object' || rule === null) bad(`expected { grid, when }, got ${describe(rule)}`);
    const gridId = typeof rule.grid === 'string' ? plan.idOfCode(rule.grid) : -1;
    if (gridId < 0) bad(`grid ${describe(rule.grid)} is not in the plan`);
    if (isLeaf[gridId] === 0) bad(`grid ${rule.grid} has children; entities go to leaf grids`);
    if (rule.name !== undefined && typeof rule.name !== 'string') bad('name must be a string');
    const name = rule.name ?? rule.grid;
    const { when } = rule;
    if (typeof when === 'function') {
      return {
        name,
        gridId,
        matches: (batch, i, index) => {
          const hit = when(batch.row(i), index);
          if (typeof hit !== 'boolean') {
            throw new WanggeError(
              ErrorCode.INVALID_OPTION,
              `rules[${r}].when returned ${describe(hit)}, expected true or false`,
              { featureIndex: index },
            );
          }
          return hit;
        },
      };
    }
    if (typeof when !== 'object' || when === null || Array.isArray(when) || Object.keys(when).length === 0) {
      bad('when must be a predicate or an object of attribute values to match');
    }
    const tests = Object.entries(when).map(([key, expected]) => {
      const accepted = (Array.isArray(expected) ? expected : [expected]).map(comparable);
      return { key, accepted };
    });
    return {
      name,
      gridId,
      matches: (batch, i) =>
        tests.every(({ key, accepted }) => accepted.includes(comparable(batch.value(key, i)))),
    };
  });
}

/** Numbers, numeric strings and booleans compare by their text; other values as they are. */
function comparable(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
    ? String(value)
    : typeof value === 'string'
      ? value.trim()
      : value;
}
