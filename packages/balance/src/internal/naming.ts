import {
  type CodeStyle,
  codeToChild,
  ErrorCode,
  type GridPlan,
  isValidCode,
  letterCodes,
  numericCodes,
  parseCode,
  WanggeError,
} from '@wangge/core';

/**
 * Codes for the grids a split makes: the next ordinal after the last child of the parent, skipping every
 * code the plan already holds (an ancestor's code included) and every code given out in this run, so a
 * new code never collides by construction. Codes of merged-away grids are not reused.
 */
export class Namer {
  private readonly nextOrdinal = new Map<number, number>();
  private readonly given = new Set<string>();
  private style: CodeStyle | undefined;

  /**
   * @param plan the plan being rebalanced
   * @param leafCodes the codes of its leaf grids, to infer the style from
   * @param explicit the caller's style, if any
   */
  constructor(
    private readonly plan: GridPlan,
    private readonly leafCodes: readonly string[],
    private readonly explicit: CodeStyle | undefined,
  ) {}

  /** A fresh code for a new child of plan grid `parentId` (-1 for a top-level grid). */
  next(parentId: number): string {
    const style = this.styleOf();
    const parentGrid = parentId < 0 ? null : this.plan.grids[parentId];
    let next = this.nextOrdinal.get(parentId);
    if (next === undefined) {
      next = 1;
      const siblings =
        parentGrid === null ? this.plan.roots() : this.plan.childrenOf(parentGrid.properties.code);
      for (const g of siblings) {
        if (!isValidCode(g.properties.code, style)) continue;
        const path = parseCode(g.properties.code, style).path;
        next = Math.max(next, path[path.length - 1] + 1);
      }
    }
    const parentCode =
      parentGrid === null || (style.kind === 'letter' && parentGrid.properties.level === 1)
        ? null
        : parentGrid.properties.code;
    let code = codeToChild(parentCode, next, style);
    while (this.plan.has(code) || this.given.has(code)) code = codeToChild(parentCode, ++next, style);
    this.nextOrdinal.set(parentId, next + 1);
    this.given.add(code);
    return code;
  }

  private styleOf(): CodeStyle {
    if (this.style !== undefined) return this.style;
    if (this.explicit !== undefined) this.style = this.explicit;
    else {
      const numeric = numericCodes();
      if (this.leafCodes.every((c) => isValidCode(c, numeric))) this.style = numeric;
      else if (this.leafCodes.every((c) => isValidCode(c, letterCodes()))) this.style = letterCodes();
      else {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          'leaf codes follow no known style: give options.codeStyle to name new grids',
        );
      }
    }
    return this.style;
  }
}
