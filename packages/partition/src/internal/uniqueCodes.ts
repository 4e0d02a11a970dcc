/**
 * Codes unique across a plan by construction. A child code derives from its parent's, so children of
 * distinct parents differ, except in the letter style under a parent whose code is not a letter code
 * (a division code, a fixed grid's own name): there children start again at the first-level codes `A`,
 * `B` …, which repeat under every such parent and can equal an ancestor's code (the `HD` of issue 17).
 * Such children take, in order, the first-level codes nobody in the plan holds yet.
 */
import { type CodeStyle, codesOfChildren, codeToChild, ErrorCode, WanggeError } from '@wangge/core';

/** The codes of a plan being built, handing out first-level letter codes nobody holds. */
export class CodeRegistry {
  private readonly held: Set<string>;
  private ordinal = 0;

  /** A registry holding `codes` (the root's, the fixed grids'). */
  constructor(codes: Iterable<string>) {
    this.held = new Set(codes);
  }

  /** Whether a grid of the plan holds `code`. */
  has(code: string): boolean {
    return this.held.has(code);
  }

  /** Records a code (a fixed grid's). */
  add(code: string): void {
    this.held.add(code);
  }

  /**
   * Registers the generated children of one parent, recoding in place those whose code is taken; returns
   * the old → new codes of the recoded ones (their findings follow).
   */
  claim(
    grids: ReadonlyArray<{ properties: { code: string } }>,
    parentCode: string | null,
    style: CodeStyle,
  ): Map<string, string> {
    const renamed = new Map<string, string>();
    const restarts =
      style.kind === 'letter' && codesOfChildren(parentCode, 1, style)[0] === codeToChild(null, 1, style);
    for (const g of grids) {
      const code = g.properties.code;
      if (!this.held.has(code)) {
        this.held.add(code);
        continue;
      }
      if (!restarts) {
        throw new WanggeError(
          ErrorCode.DUPLICATE_CODE,
          `code ${JSON.stringify(code)} under ${JSON.stringify(parentCode)} is already used by another grid of the plan`,
        );
      }
      let fresh: string;
      do fresh = codeToChild(null, ++this.ordinal, style);
      while (this.held.has(fresh));
      this.held.add(fresh);
      renamed.set(code, fresh);
      g.properties.code = fresh;
    }
    return renamed;
  }
}
