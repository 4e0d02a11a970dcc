import type { CodeStyle } from './codes';
import { codeToLevel, codeToParent, isValidCode } from './codes';
import { ErrorCode } from './errors';
import { MAX_LEVEL } from './model';

/** Kinds of defect in a plan's codes and hierarchy (as opposed to its geometry). */
export type PlanDefectKind =
  | 'invalid-properties'
  | 'invalid-level'
  | 'duplicate-code'
  | 'missing-parent'
  | 'level-skip'
  | 'invalid-code'
  | 'code-mismatch';

/** A defect in the codes or hierarchy of a plan, found by {@link findPlanDefects}. */
export interface PlanDefect {
  kind: PlanDefectKind;
  /** The error code {@link GridPlan.from} throws for this defect. */
  errorCode: ErrorCode;
  /** Position of the grid in the input. */
  featureIndex: number;
  /** The grid's code, when it has a usable one. */
  code?: string;
  /** Plain-language explanation. */
  message: string;
}

/** Options of {@link findPlanDefects} and {@link GridPlan.from}. */
export interface PlanOptions {
  /** Deepest level allowed (2 to 5). @default 5 */
  depth?: number;
  /**
   * When given, every code must parse in this style and a code must derive from its parent's code
   * (`A12`'s parent is `A`). @default undefined (codes are free text)
   */
  codeStyle?: CodeStyle;
}

const ERROR_CODE_OF: Record<PlanDefectKind, ErrorCode> = {
  'invalid-properties': ErrorCode.INVALID_PROPERTIES,
  'invalid-level': ErrorCode.INVALID_LEVEL,
  'duplicate-code': ErrorCode.DUPLICATE_CODE,
  'missing-parent': ErrorCode.MISSING_PARENT,
  'level-skip': ErrorCode.INVALID_LEVEL,
  'invalid-code': ErrorCode.INVALID_CODE,
  'code-mismatch': ErrorCode.INVALID_CODE,
};

/**
 * Every defect in the codes and hierarchy of a list of grid property records, in input order:
 * missing or mistyped `code`/`level`/`parent`, levels outside the depth, duplicate codes, parents that
 * do not exist, children more than one level below their parent, and (with a code style) codes that do
 * not parse or do not derive from their parent's code.
 */
export function findPlanDefects(
  properties: ReadonlyArray<Record<string, unknown> | null | undefined>,
  options: PlanOptions = {},
): PlanDefect[] {
  const depth = options.depth ?? MAX_LEVEL;
  const defects: PlanDefect[] = [];
  const add = (kind: PlanDefectKind, featureIndex: number, message: string, code?: string) =>
    defects.push({ kind, errorCode: ERROR_CODE_OF[kind], featureIndex, code, message });

  const levelOf = new Map<string, number>();
  const usable: boolean[] = [];
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
      add('invalid-level', i, `level ${level} is outside 1..${depth}`, code);
      return;
    }
    if (levelOf.has(code)) {
      add('duplicate-code', i, `code ${JSON.stringify(code)} is already used by another grid`, code);
      return;
    }
    levelOf.set(code, level as number);
    usable[i] = true;
  });

  const style = options.codeStyle;
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
          `level ${level} under a level-${parentLevel} parent ${JSON.stringify(parent)}`,
          code,
        );
      }
    }
    // The letter style has no code for a street: a level-1 grid may be named freely.
    if (style === undefined || (style.kind === 'letter' && level === 1)) return;
    if (!isValidCode(code, style)) {
      add('invalid-code', i, `${JSON.stringify(code)} is not a ${style.kind} grid code`, code);
      return;
    }
    const codeLevel = codeToLevel(code, style);
    if (codeLevel !== level) {
      add(
        'code-mismatch',
        i,
        `code ${code} is a level-${codeLevel} code but the grid says level ${level}`,
        code,
      );
      return;
    }
    const derived = codeToParent(code, style);
    if (derived !== null && derived !== parent) {
      add(
        'code-mismatch',
        i,
        `code ${code} derives parent ${derived} but names ${JSON.stringify(parent)}`,
        code,
      );
    }
  });
  defects.sort((a, b) => a.featureIndex - b.featureIndex);
  return defects;
}
