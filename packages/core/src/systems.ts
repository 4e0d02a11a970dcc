import { ErrorCode, WanggeError } from './errors';

/**
 * What a grid system is for: `territorial` (属地: the comprehensive governance grids that tile the area)
 * or `thematic` (专属/行业网格: fire safety, tax, enterprise, school grids beside it).
 */
export type SystemKind = 'territorial' | 'thematic';

/**
 * How a system's grids must cover their parent:
 * - `tiling`: they tile it exactly (横向到边、不留空白点), the rule of a territorial system;
 * - `partial`: they may leave gaps, but must not overlap one another or reach outside the parent;
 * - `membership`: they are defined by units or attribute rules (an industry code, a list of
 *   enterprises), not by space; their geometry is optional and never checked for coverage.
 */
export type CoverageRule = 'tiling' | 'partial' | 'membership';

/** One grid system of a plan (一张网): its name, its kind and its coverage rule. */
export interface GridSystem {
  /** Name grids refer to in `properties.system`, e.g. `fire`, `tax`, `行业`. */
  name: string;
  /** @default 'territorial' for {@link DEFAULT_SYSTEM}, 'thematic' for any other name */
  kind?: SystemKind;
  /** @default 'tiling' */
  coverage?: CoverageRule;
}

/** A system with every field resolved. */
export type ResolvedSystem = Required<GridSystem>;

/**
 * The system of a grid that names none and whose ancestors name none: a plan without systems is one
 * territorial tiling system of this name.
 */
export const DEFAULT_SYSTEM = 'territorial';

const KINDS: readonly SystemKind[] = ['territorial', 'thematic'];
const RULES: readonly CoverageRule[] = ['tiling', 'partial', 'membership'];

/** Declarations checked and completed with their defaults; a caller's mistake throws `INVALID_OPTION`. */
export function resolveSystemDeclarations(systems: unknown): ResolvedSystem[] {
  if (systems === undefined) return [];
  if (!Array.isArray(systems)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'systems must be an array of { name, kind, coverage }');
  }
  const seen = new Set<string>();
  return systems.map((s: unknown, i) => {
    const bad = (why: string): never => {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `systems[${i}]: ${why}`);
    };
    if (typeof s !== 'object' || s === null) bad('expected { name, kind?, coverage? }');
    const { name, kind, coverage } = s as Record<string, unknown>;
    if (typeof name !== 'string' || name === '')
      bad(`name must be a non-empty string, got ${JSON.stringify(name)}`);
    if (seen.has(name as string)) bad(`system ${JSON.stringify(name)} is declared twice`);
    seen.add(name as string);
    if (kind !== undefined && !KINDS.includes(kind as SystemKind)) {
      bad(`kind must be territorial or thematic, got ${JSON.stringify(kind)}`);
    }
    if (coverage !== undefined && !RULES.includes(coverage as CoverageRule)) {
      bad(`coverage must be tiling, partial or membership, got ${JSON.stringify(coverage)}`);
    }
    return implicitSystem(
      name as string,
      kind as SystemKind | undefined,
      coverage as CoverageRule | undefined,
    );
  });
}

/** A system with the defaults for its name. */
function implicitSystem(name: string, kind?: SystemKind, coverage?: CoverageRule): ResolvedSystem {
  return {
    name,
    kind: kind ?? (name === DEFAULT_SYSTEM ? 'territorial' : 'thematic'),
    coverage: coverage ?? 'tiling',
  };
}

/** A defect in the `system` properties of a plan's grids. */
export interface SystemDefect {
  kind: 'invalid-system' | 'unknown-system';
  featureIndex: number;
  message: string;
}

/** The systems of a plan's grids, resolved by {@link resolveGridSystems}. */
export interface GridSystems {
  /** Every system in use, in the order its first grid comes, then those declared but unused. */
  systems: ResolvedSystem[];
  /** Name of the system of each grid, by input position. */
  systemOf: string[];
  /** Grids whose `system` property is not a usable name, or names an undeclared system. */
  defects: SystemDefect[];
}

/**
 * The system of every grid: its own `properties.system`, else its parent's (followed by code), else
 * {@link DEFAULT_SYSTEM}. When `declared` is non-empty every name used must be declared; without a
 * declaration a name makes an implicit thematic tiling system.
 */
export function resolveGridSystems(
  properties: ReadonlyArray<Record<string, unknown> | null | undefined>,
  declarations?: readonly GridSystem[],
): GridSystems {
  if (!Array.isArray(properties)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      'resolveGridSystems: expected an array of property records',
    );
  }
  const declared = resolveSystemDeclarations(declarations);
  const defects: SystemDefect[] = [];
  const indexOf = new Map<string, number>();
  properties.forEach((p, i) => {
    if (typeof p?.code === 'string' && !indexOf.has(p.code)) indexOf.set(p.code, i);
  });
  const own = properties.map((p, i): string | undefined => {
    const s = p?.system;
    if (s === undefined || s === null) return undefined;
    if (typeof s === 'string' && s !== '') return s;
    defects.push({
      kind: 'invalid-system',
      featureIndex: i,
      message: `properties.system must be a system name, got ${JSON.stringify(s)}`,
    });
    return undefined;
  });
  const memo: Array<string | undefined> = [];
  const systemAt = (i: number): string => {
    const chain: number[] = [];
    let at: number | undefined = i;
    let found = DEFAULT_SYSTEM;
    // Follow parents until a grid names its system; a cycle or missing parent ends at the default.
    while (at !== undefined && !chain.includes(at)) {
      if (memo[at] !== undefined) {
        found = memo[at]!;
        break;
      }
      chain.push(at);
      if (own[at] !== undefined) {
        found = own[at]!;
        break;
      }
      const parent: unknown = properties[at]?.parent;
      at = typeof parent === 'string' ? indexOf.get(parent) : undefined;
    }
    for (const c of chain) memo[c] = found;
    return found;
  };
  const systemOf = properties.map((_, i) => systemAt(i));
  const byName = new Map(declared.map((s) => [s.name, s]));
  const systems: ResolvedSystem[] = [];
  const met = new Set<string>();
  systemOf.forEach((name, i) => {
    if (met.has(name)) return;
    met.add(name);
    if (!byName.has(name) && declared.length > 0 && name !== DEFAULT_SYSTEM && own[i] !== undefined) {
      defects.push({
        kind: 'unknown-system',
        featureIndex: i,
        message: `system ${JSON.stringify(name)} is not declared (declared: ${declared.map((s) => s.name).join(', ')})`,
      });
    }
    systems.push(byName.get(name) ?? implicitSystem(name));
  });
  for (const s of declared) if (!met.has(s.name)) systems.push(s);
  return { systems, systemOf, defects };
}
