import type { CodeStyle } from './codes';
import { codeToChild, isChildCode, planCodeProblem } from './codes';
import { ErrorCode, WanggeError } from './errors';
import type { Finding } from './finding';
import { MAX_LEVEL } from './model';
import { checkOptions } from './options';
import { type GridSystem, resolveGridSystems } from './systems';

/** Kinds of defect in a plan's codes and hierarchy (as opposed to its geometry). */
export type PlanDefectKind =
  | 'invalid-properties'
  | 'invalid-level'
  | 'duplicate-code'
  | 'missing-parent'
  | 'level-skip'
  | 'invalid-code'
  | 'code-mismatch'
  | 'invalid-system'
  | 'unknown-system';

/**
 * A defect in the codes or hierarchy of a plan, found by {@link findPlanDefects}: a {@link Finding}
 * (always an `error`; `grids` holds the grid's code when it has a usable one) with the error code
 * {@link GridPlan.from} throws for it.
 */
export interface PlanDefect extends Finding<PlanDefectKind> {
  /** The error code {@link GridPlan.from} throws for this defect. */
  errorCode: ErrorCode;
  /** Position of the grid in the input. */
  featureIndex: number;
  /** The grid's code, when it has a usable one. */
  code?: string;
}

/** Options of {@link findPlanDefects} and {@link GridPlan.from}. */
export interface PlanOptions {
  /** Deepest level allowed: the top of the plan is level 1, and up to 6 levels lie below it. @default 7 */
  depth?: number;
  /**
   * When given, every code must follow this style and derive from its parent's code (`A12`'s parent is
   * `A`; `110108001001003`'s is `110108001001`; a street `110108001` lies in its district `110108`). The top
   * grid's code is free in the letter style. @default undefined (codes are free text)
   */
  codeStyle?: CodeStyle;
  /**
   * Names of the levels, top down, used in messages (`['区', '街道', '社区', '网格']`).
   * @default undefined (levels are called by number)
   */
  levelNames?: readonly string[];
  /**
   * The grid systems of the plan (属地 and 专属/行业网格), see {@link GridSystem}; a grid names its system
   * in `properties.system` or inherits its parent's. When given, every name used must be declared. A
   * `FeatureCollection` may declare them in a `systems` member. @default undefined (each name used is a
   * thematic tiling system; grids naming none are the territorial system)
   */
  systems?: readonly GridSystem[];
}

const ERROR_CODE_OF: Record<PlanDefectKind, ErrorCode> = {
  'invalid-properties': ErrorCode.INVALID_PROPERTIES,
  'invalid-level': ErrorCode.INVALID_LEVEL,
  'duplicate-code': ErrorCode.DUPLICATE_CODE,
  'missing-parent': ErrorCode.MISSING_PARENT,
  'level-skip': ErrorCode.INVALID_LEVEL,
  'invalid-code': ErrorCode.INVALID_CODE,
  'code-mismatch': ErrorCode.INVALID_CODE,
  'invalid-system': ErrorCode.INVALID_PROPERTIES,
  'unknown-system': ErrorCode.INVALID_PROPERTIES,
};

/**
 * Every defect in the codes and hierarchy of a list of grid property records, in input order:
 * missing or mistyped `code`/`level`/`parent`, levels outside the depth, duplicate codes, parents that
 * do not exist, children more than one level below their parent, and (with a code style) codes that do
 * not parse or do not derive from their parent's code, and `system` properties that are not a name or
 * name an undeclared system.
 */
export function findPlanDefects(
  properties: ReadonlyArray<Record<string, unknown> | null | undefined>,
  options?: PlanOptions,
): PlanDefect[] {
  if (!Array.isArray(properties)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'findPlanDefects: expected an array of property records');
  }
  options = checkOptions(options, 'findPlanDefects');
  const depth = options.depth ?? MAX_LEVEL;
  const names = options.levelNames ?? [];
  const label = (level: number) =>
    names[level - 1] ? `level ${level} (${names[level - 1]})` : `level ${level}`;
  const defects: PlanDefect[] = [];
  const add = (kind: PlanDefectKind, featureIndex: number, message: string, code?: string) =>
    defects.push({
      id: `plan:${kind}:${code === undefined || kind === 'duplicate-code' ? `${code ?? ''}#${featureIndex}` : code}`,
      kind,
      severity: 'error',
      grids: code === undefined ? [] : [code],
      errorCode: ERROR_CODE_OF[kind],
      featureIndex,
      code,
      message,
    });

  const levelOf = new Map<string, number>();
  const usable: boolean[] = [];
  const topCodes: Array<string | null> = [];
  properties.forEach((props, i) => {
    usable[i] = false;
    const code = props?.code;
    const level = props?.level;
    const parent = props?.parent;
    if (typeof code !== 'string' || code === '') {
      add('invalid-properties', i, `properties.code must be a non-empty string, got ${JSON.stringify(code)}`);
      return;
    }
    if (!Number.isInteger(level)) {
      add(
        'invalid-properties',
        i,
        `properties.level must be a whole number, got ${JSON.stringify(level)}`,
        code,
      );
      return;
    }
    if (parent !== null && parent !== undefined && typeof parent !== 'string') {
      add(
        'invalid-properties',
        i,
        `properties.parent must be a code or null, got ${JSON.stringify(parent)}`,
        code,
      );
      return;
    }
    if ((level as number) < 1 || (level as number) > depth) {
      add('invalid-level', i, `level ${level} is outside 1..${depth} (the top of a plan is level 1)`, code);
      return;
    }
    if (levelOf.has(code)) {
      add('duplicate-code', i, `code ${JSON.stringify(code)} is already used by another grid`, code);
      return;
    }
    levelOf.set(code, level as number);
    topCodes[i] = parent === null || parent === undefined ? code : null;
    usable[i] = true;
  });

  const style = options.codeStyle;
  const tops = new Set(topCodes.filter((c) => c !== null));
  properties.forEach((props, i) => {
    if (!usable[i] || props == null) return;
    const code = props.code as string;
    const level = props.level as number;
    const parent = (props.parent ?? null) as string | null;
    if (parent !== null) {
      const parentLevel = levelOf.get(parent);
      if (parentLevel === undefined) {
        add('missing-parent', i, `parent ${JSON.stringify(parent)} is not in the plan`, code);
      } else if (parentLevel !== level - 1) {
        add(
          'level-skip',
          i,
          `${label(level)} under a ${label(parentLevel)} parent ${JSON.stringify(parent)}: a child is one level below its parent`,
          code,
        );
      }
    }
    // The top of a plan is named freely in the letter style (a street's name, a division code).
    if (style === undefined || (style.kind === 'letter' && parent === null)) return;
    const problem = planCodeProblem(code, style);
    if (problem !== null) {
      add('invalid-code', i, `code ${problem}`, code);
      return;
    }
    // Under the top, the letter style also takes fresh letters (A) when the top's own code is letters (S).
    const fresh = style.kind === 'letter' && tops.has(parent ?? '') && isChildCode(code, '', style);
    if (parent !== null && !fresh && !isChildCode(code, parent, style)) {
      add(
        'code-mismatch',
        i,
        `code ${code} does not derive from its parent ${parent}${example(parent, style)}`,
        code,
      );
    }
  });
  for (const d of resolveGridSystems(properties, options.systems).defects) {
    const code = properties[d.featureIndex]?.code;
    add(d.kind, d.featureIndex, d.message, typeof code === 'string' && code !== '' ? code : undefined);
  }
  defects.sort((a, b) => a.featureIndex - b.featureIndex);
  return defects;
}

/** ` (its first child would be …)`, when the parent can have children in the style. */
function example(parent: string, style: CodeStyle): string {
  try {
    return ` (its first child would be ${codeToChild(parent, 1, style)})`;
  } catch {
    return '';
  }
}
