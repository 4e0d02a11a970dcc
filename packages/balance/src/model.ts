import { checkRange, ErrorCode, type Range, WanggeError } from '@wangge/core';

/**
 * How often an entity must be visited: a named frequency or a number of visits per month.
 * `weekly` = 52/12 per month, `monthly` = 1, `quarterly` = 1/3, `yearly` = 1/12.
 */
export type VisitFrequency = 'weekly' | 'monthly' | 'quarterly' | 'yearly' | number;

/** One category of entity and the work it causes (e.g. 独居老人, visited monthly). */
export interface CategoryRule {
  /** Name of the entity table the category counts in. @default 'households' */
  table?: string;
  /**
   * Bit mask: an entity is in the category when its `column` value has any bit of `flag` set (read with
   * core's `selectRows`). @default undefined (every entity of the table)
   */
  flag?: number;
  /** The column `flag` reads. @default 'flags' */
  column?: string;
  /** Load per entity, in any unit (minutes per month, points). Give this or `visits`, not both. */
  weight?: number;
  /** How often each entity is visited; the load is then visits per month. */
  visits?: VisitFrequency;
}

/** Roles on a grid's team: 网格长 (head), 网格员 (worker, the A post), B岗 (backup). */
export type StaffRole = 'head' | 'worker' | 'backup';

/** One person on the team of one grid. */
export interface StaffMember {
  /** Code of the grid. */
  grid: string;
  /** Role on that grid. */
  role: StaffRole;
  /** Name, for the record. @default undefined */
  name?: string;
}

/**
 * The workload model (任务相当): what each entity costs, what load each level should carry, and who works
 * where. Passed to {@link loadReport}, {@link measureUnits} and {@link rebalance}.
 */
export interface WorkloadModel {
  /** Categories by name, e.g. `{ household: { visits: 'yearly' }, elderlyAlone: { flag: 1, visits: 'monthly' } }`. */
  categories: Readonly<Record<string, CategoryRule>>;
  /**
   * How an entity in several categories adds up: `max` counts only its heaviest category (a monthly visit
   * covers the yearly one), `sum` adds them all. @default 'max'
   */
  combine?: 'max' | 'sum';
  /** Target load per level, e.g. `{ 3: { min: 30, max: 45 } }`. @default {} (no targets) */
  targets?: Readonly<Record<number, Range>>;
  /** The staff of every grid, for staffing checks. @default undefined (no staffing checks) */
  staff?: readonly StaffMember[];
  /** Least workers (网格员) per 10,000 residents expected on every level. @default undefined (not checked) */
  minWorkersPer10k?: number;
  /** The entity table whose rows are households (counted, residents summed). @default 'households' */
  householdTable?: string;
}

/** A category rule with everything resolved. */
export interface ResolvedCategory {
  name: string;
  table: string;
  /** 0 = every entity. */
  flag: number;
  /** The column the flag is read from. */
  column: string;
  load: number;
}

/** A validated {@link WorkloadModel} with defaults filled in. */
export interface ResolvedModel {
  categories: ResolvedCategory[];
  combine: 'max' | 'sum';
  targets: Map<number, Range>;
  staff: readonly StaffMember[] | undefined;
  minWorkersPer10k: number | undefined;
  householdTable: string;
}

const PER_MONTH: Record<string, number> = { weekly: 52 / 12, monthly: 1, quarterly: 1 / 3, yearly: 1 / 12 };

/** Visits per month of a frequency: `weekly` → 4.33, `monthly` → 1, `quarterly` → 0.33, `yearly` → 0.083. */
export function visitsToMonthly(visits: VisitFrequency): number {
  const perMonth = typeof visits === 'number' ? visits : PER_MONTH[visits];
  if (perMonth === undefined || !Number.isFinite(perMonth) || perMonth < 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `visits must be weekly, monthly, quarterly, yearly or a number of visits per month ≥ 0, got ${JSON.stringify(visits)}`,
    );
  }
  return perMonth;
}

/** Validates a model and fills in its defaults; throws `INVALID_OPTION` naming the offending field. */
export function resolveModel(model: WorkloadModel): ResolvedModel {
  const fail = (message: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, message);
  };
  if (typeof model !== 'object' || model === null) fail('the workload model must be an object');
  const entries = Object.entries(model.categories ?? {});
  if (entries.length === 0) fail('the workload model needs at least one category');
  const categories = entries.map(([name, rule]): ResolvedCategory => {
    if (typeof rule !== 'object' || rule === null) fail(`category ${name} must be an object`);
    if ((rule.weight === undefined) === (rule.visits === undefined)) {
      fail(`category ${name} needs exactly one of weight and visits`);
    }
    const load = rule.weight !== undefined ? rule.weight : visitsToMonthly(rule.visits!);
    if (typeof load !== 'number' || !Number.isFinite(load) || load < 0) {
      fail(`category ${name}: weight must be a finite number ≥ 0, got ${JSON.stringify(rule.weight)}`);
    }
    const flag = rule.flag ?? 0;
    if (!Number.isInteger(flag) || flag < 0 || (rule.flag !== undefined && flag === 0)) {
      fail(`category ${name}: flag must be a positive whole bit mask, got ${JSON.stringify(rule.flag)}`);
    }
    const column = rule.column ?? 'flags';
    if (typeof column !== 'string' || column === '') fail(`category ${name}: column must be a column name`);
    return { name, table: rule.table ?? 'households', flag, column, load };
  });
  const combine = model.combine ?? 'max';
  if (combine !== 'max' && combine !== 'sum') fail(`combine must be 'max' or 'sum', got ${String(combine)}`);
  const targets = new Map<number, Range>();
  for (const [key, range] of Object.entries(model.targets ?? {})) {
    const level = Number(key);
    if (!Number.isInteger(level) || level < 1 || level > 5) fail(`targets: ${key} is not a level 1..5`);
    targets.set(level, checkRange(range, `targets[${key}]`));
  }
  const staff = model.staff;
  if (staff !== undefined) {
    if (!Array.isArray(staff)) fail('staff must be an array of { grid, role }');
    staff.forEach((m, i) => {
      if (typeof m?.grid !== 'string' || !['head', 'worker', 'backup'].includes(m?.role)) {
        fail(
          `staff[${i}] must be { grid: string, role: 'head' | 'worker' | 'backup' }, got ${JSON.stringify(m)}`,
        );
      }
    });
  }
  const min10k = model.minWorkersPer10k;
  if (min10k !== undefined && (!Number.isFinite(min10k) || min10k < 0)) {
    fail(`minWorkersPer10k must be a number ≥ 0, got ${min10k}`);
  }
  return {
    categories,
    combine,
    targets,
    staff,
    minWorkersPer10k: min10k,
    householdTable: model.householdTable ?? 'households',
  };
}
