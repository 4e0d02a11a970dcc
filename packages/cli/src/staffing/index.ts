/**
 * The staffing model (网格队伍配置) and its check over a register: configurable roles (网格长, 专职/兼职
 * 网格员, 监督员, 信息员, AB岗) with a min/max per role and level, persons who cover one or two grids
 * (counted once, their caseload summed across their grids), and workers per 10,000 residents (每万人
 * 18名 by default). Every breach is a core `Finding`.
 *
 * It lives in the CLI, beside the staff table it reads (`readStaff`) and the register it checks
 * (`GridRecord`): it is pure data in, findings out, but its input is the CLI's register record, and
 * `@wangge/balance`'s `StaffingCheck` (three fixed roles, one grid per row) is another package's.
 */
import { checkObjects, checkOptions, ErrorCode, type Finding, WanggeError } from '@wangge/core';
import { checkRecords, type GridRecord, type StaffMember } from '../internal/register';

/** One rule of the model: how many persons of some roles a grid of a level must have. */
export interface RoleRule {
  /** The rule's name in findings, e.g. '网格长' or 'AB岗'. */
  name: string;
  /** Roles that count towards it (any of them), as written in the staff table. */
  roles: readonly string[];
  /** The level it applies to, or 'leaf' for every grid without children. @default 'leaf' */
  level?: number | 'leaf';
  /**
   * The grid system it applies to: staff rules of the 属地 grids do not bind a fire-safety or industry
   * grid, which a model gives rules of its own. @default 'territorial'
   */
  system?: string;
  /** Fewest persons. @default 0 */
  min?: number;
  /** Most persons. @default Infinity */
  max?: number;
}

/** The staffing model. */
export interface StaffingModel {
  /** The rules, checked on every grid of their level. @default {@link DEFAULT_RULES} */
  rules?: readonly RoleRule[];
  /** Roles of grid workers (网格员), counted for caseload and per 10k. @default ['专职网格员', '网格员', '兼职网格员'] */
  workerRoles?: readonly string[];
  /** Most grids one person may cover. @default 2 */
  maxGridsPerPerson?: number;
  /** Fewest workers per 10,000 residents, checked on every grid with children (and a flat plan's whole). @default 18 */
  minWorkersPer10k?: number;
  /** Most households one worker may serve across all their grids. @default Infinity (not checked) */
  maxCaseload?: number;
}

/** Every grid worker's roles by default. */
export const WORKER_ROLES: readonly string[] = ['专职网格员', '网格员', '兼职网格员'];

/** The rules of the default model: every leaf grid has one 网格长, a 网格员 and an AB岗 (B post). */
export const DEFAULT_RULES: readonly RoleRule[] = [
  { name: '网格长', roles: ['网格长'], level: 'leaf', min: 1, max: 1 },
  { name: '网格员', roles: WORKER_ROLES, level: 'leaf', min: 1 },
  { name: 'AB岗', roles: ['AB岗', 'B岗'], level: 'leaf', min: 1 },
];

/** Kinds of staffing finding. */
export type StaffingFindingKind =
  | 'role-missing'
  | 'role-excess'
  | 'too-many-grids'
  | 'over-caseload'
  | 'few-workers';

/** A staffing breach; `person` names the staff row for person findings. */
export interface StaffingFinding extends Finding<StaffingFindingKind> {
  /** The person (staff row, 1-based) the finding is about, when it is about one. */
  person?: { row: number; name: string };
  /** The measured value: persons in the role, grids covered, caseload or workers per 10k. */
  value: number;
}

/** One person: the staff row and what they carry across their grids. */
export interface PersonLoad {
  /** Row of the staff table, 1-based. */
  row: number;
  name: string;
  role: string;
  phone: string;
  /** The plan's grids they cover. */
  grids: string[];
  /** Households of those grids, summed (their caseload); `null` when the plan has no counts. */
  households: number | null;
}

/** The staffing of one grid. */
export interface GridStaffing {
  code: string;
  /** Persons per role on this grid. */
  roles: Record<string, number>;
  /** Distinct workers on this grid and every grid below it (a person on two grids counts once). */
  workers: number;
  /** `workers` per 10,000 residents; `null` without residents. */
  workersPer10k: number | null;
}

/** What {@link checkStaffing} returns. */
export interface StaffingResult {
  persons: PersonLoad[];
  /** In record order. */
  grids: GridStaffing[];
  /** In the order: person findings (by row), then grid findings (by record, then rule). */
  findings: StaffingFinding[];
}

/**
 * Checks the staff table against the model over the register's records. Staff rows naming grids the plan
 * lacks are ignored here (`planToRecords` reports them). Deterministic; throws `INVALID_OPTION` for a
 * malformed model.
 */
export function checkStaffing(
  records: readonly GridRecord[],
  staff: readonly StaffMember[],
  model: StaffingModel = {},
): StaffingResult {
  checkRecords(records, 'checkStaffing');
  checkObjects(staff, 'checkStaffing', 'staff');
  const m = resolveModel(checkOptions(model, 'checkStaffing'));
  const byCode = new Map(records.map((r, i) => [r.code, i]));
  const parentOf = records.map((r) => (r.chain.length === 0 ? -1 : (byCode.get(r.chain.at(-1)!.code) ?? -1)));
  const hasChildren = new Uint8Array(records.length);
  for (const p of parentOf) if (p >= 0) hasChildren[p] = 1;
  const roleCounts = records.map((): Record<string, number> => ({}));
  const workersBelow = records.map(() => new Set<number>());
  const findings: StaffingFinding[] = [];
  const persons = staff.map((member, i): PersonLoad => {
    const ids = [...new Set(member.grids)].map((c) => byCode.get(c)).filter((g) => g !== undefined);
    const isWorker = m.workerRoles.has(member.role);
    for (const g of ids) {
      roleCounts[g][member.role] = (roleCounts[g][member.role] ?? 0) + 1;
      if (!isWorker) continue;
      for (let a = g, guard = 0; a >= 0 && guard <= records.length; a = parentOf[a], guard++) {
        workersBelow[a].add(i);
      }
    }
    const counts = ids.map((g) => records[g].households);
    const households = counts.some((c) => c === null) ? null : counts.reduce((s: number, c) => s + c!, 0);
    const person = { row: i + 1, name: member.name, role: member.role, phone: member.phone };
    const grids = ids.map((g) => records[g].code);
    if (grids.length > m.maxGridsPerPerson) {
      findings.push({
        id: `too-many-grids:${i + 1}`,
        kind: 'too-many-grids',
        severity: 'warning',
        grids,
        person: { row: i + 1, name: member.name },
        value: grids.length,
        message: `${member.name} (${member.role}, staff row ${i + 1}) covers ${grids.length} grids, more than ${m.maxGridsPerPerson}`,
      });
    }
    if (isWorker && households !== null && households > m.maxCaseload) {
      findings.push({
        id: `over-caseload:${i + 1}`,
        kind: 'over-caseload',
        severity: 'warning',
        grids,
        person: { row: i + 1, name: member.name },
        value: households,
        message: `${member.name} (staff row ${i + 1}) serves ${households} households over ${grids.length} grid(s), more than ${m.maxCaseload}`,
      });
    }
    return { ...person, grids, households };
  });
  const grids = records.map((r, g): GridStaffing => {
    const workers = workersBelow[g].size;
    return {
      code: r.code,
      roles: roleCounts[g],
      workers,
      workersPer10k: r.residents === null || r.residents === 0 ? null : (workers / r.residents) * 10_000,
    };
  });
  records.forEach((r, g) => {
    for (const rule of m.rules) {
      if (rule.system !== r.system) continue;
      if (rule.level === 'leaf' ? hasChildren[g] === 1 : rule.level !== r.level) continue;
      const count = rule.roles.reduce((s, role) => s + (roleCounts[g][role] ?? 0), 0);
      if (count >= rule.min && count <= rule.max) continue;
      const kind = count < rule.min ? 'role-missing' : 'role-excess';
      findings.push({
        id: `${kind}:${rule.name}:${r.code}`,
        kind,
        severity: kind === 'role-missing' ? 'error' : 'warning',
        grids: [r.code],
        value: count,
        message: `grid ${r.code} has ${count} ${rule.name}, ${kind === 'role-missing' ? `fewer than ${rule.min}` : `more than ${rule.max}`}`,
      });
    }
    const per10k = grids[g].workersPer10k;
    const whole = records.length > 0 && !hasChildren.includes(1) && g === 0;
    if (whole) {
      checkWholeFlatPlan(records, persons, m, findings);
    } else if (hasChildren[g] === 1 && per10k !== null && per10k < m.minWorkersPer10k) {
      findings.push(fewWorkers(r.code, [r.code], per10k, m.minWorkersPer10k));
    }
  });
  return { persons, grids, findings };
}

/** A flat plan (one level) has no parent to hold the ratio: it is checked over all its grids at once. */
function checkWholeFlatPlan(
  records: readonly GridRecord[],
  persons: readonly PersonLoad[],
  m: Resolved,
  findings: StaffingFinding[],
): void {
  if (records.some((r) => r.residents === null)) return;
  const residents = records.reduce((s, r) => s + r.residents!, 0);
  if (residents === 0) return;
  const workers = persons.filter((p) => m.workerRoles.has(p.role) && p.grids.length > 0).length;
  const per10k = (workers / residents) * 10_000;
  if (per10k < m.minWorkersPer10k)
    findings.push(
      fewWorkers(
        'plan',
        records.map((r) => r.code),
        per10k,
        m.minWorkersPer10k,
      ),
    );
}

function fewWorkers(what: string, grids: string[], per10k: number, min: number): StaffingFinding {
  return {
    id: `few-workers:${what}`,
    kind: 'few-workers',
    severity: 'warning',
    grids,
    value: per10k,
    message: `${what === 'plan' ? 'the plan' : `grid ${what}`} has ${per10k.toFixed(2)} workers per 10,000 residents, fewer than ${min}`,
  };
}

interface Resolved {
  rules: Array<Required<RoleRule>>;
  workerRoles: Set<string>;
  maxGridsPerPerson: number;
  minWorkersPer10k: number;
  maxCaseload: number;
}

function resolveModel(model: StaffingModel): Resolved {
  const bad = (why: string): never => {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `staffing model: ${why}`);
  };
  if (typeof model !== 'object' || model === null || Array.isArray(model)) bad('expected an object');
  const number = (value: unknown, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    return typeof value === 'number' && value >= 0 && !Number.isNaN(value)
      ? value
      : bad(`${name} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  };
  const rawRules: unknown = model.rules ?? DEFAULT_RULES;
  if (!Array.isArray(rawRules)) bad('rules must be an array of { name, roles, level, min, max }');
  const rules = (rawRules as unknown[]).map((raw, i): Required<RoleRule> => {
    const r = raw as Partial<RoleRule> | null;
    if (
      typeof r?.name !== 'string' ||
      !Array.isArray(r.roles) ||
      !r.roles.every((x) => typeof x === 'string')
    )
      bad(`rules[${i}] needs a name and a list of roles, got ${JSON.stringify(raw)}`);
    const level = r!.level ?? 'leaf';
    if (level !== 'leaf' && !(Number.isInteger(level) && level >= 1))
      bad(`rules[${i}].level must be a level ≥ 1 or 'leaf', got ${JSON.stringify(level)}`);
    const system = r!.system ?? 'territorial';
    if (typeof system !== 'string' || system === '')
      bad(`rules[${i}].system must be a grid system's name, got ${JSON.stringify(system)}`);
    const min = number(r!.min, `rules[${i}].min`, 0);
    const max = number(r!.max ?? Number.POSITIVE_INFINITY, `rules[${i}].max`, Number.POSITIVE_INFINITY);
    if (min > max) bad(`rules[${i}] has min ${min} above max ${max}`);
    return { name: r!.name!, roles: r!.roles!, level, system, min, max };
  });
  const workerRoles = model.workerRoles ?? WORKER_ROLES;
  if (!Array.isArray(workerRoles)) bad('workerRoles must be an array of role names');
  return {
    rules,
    workerRoles: new Set(workerRoles),
    maxGridsPerPerson: number(model.maxGridsPerPerson, 'maxGridsPerPerson', 2),
    minWorkersPer10k: number(model.minWorkersPer10k, 'minWorkersPer10k', 18),
    maxCaseload: number(
      model.maxCaseload ?? Number.POSITIVE_INFINITY,
      'maxCaseload',
      Number.POSITIVE_INFINITY,
    ),
  };
}
