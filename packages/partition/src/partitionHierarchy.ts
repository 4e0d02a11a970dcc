import {
  type CodeStyle,
  codesOfChildren,
  ErrorCode,
  type GridCollection,
  type GridFeature,
  geodesicArea,
  MAX_LEVEL,
  type Range,
  WanggeError,
} from '@wangge/core';
import { dissolve, type Repair } from '@wangge/geometry';
import type { Feature } from 'geojson';
import { type BalancedPartitionOptions, partitionParent } from './balancedPartition';
import { draftsToFindings, type FindingDraft, type PartitionFinding } from './findings';
import { type Boundary, type Parent, projectionFor, readParent, styleFor } from './internal/frame';
import { fixedChildren, locateInputs, unitPoints } from './internal/levelInputs';
import { checkCellCount, MAX_BALANCED_GRIDS } from './internal/limits';
import { checkOptions } from './internal/options';
import { householdsToLevel } from './internal/owners';
import { CodeRegistry } from './internal/uniqueCodes';
import { type LatticeFrame, PHASE, regularGridOf } from './regularGrid';

/** A level given as it is: existing boundaries (e.g. the communities), each tiling its parent. */
export interface FixedLevel {
  kind: 'fixed';
  /**
   * The grids of this level. Each names its parent in `properties.parent` (a code of the level above);
   * without one it goes to the parent holding a point inside it. Codes are kept.
   */
  grids: readonly Feature[];
}

/** A level of regular cells in every parent (see {@link regularGrid}). */
export interface RegularLevel {
  kind: 'regular';
  /** @default 'square' */
  shape?: 'square' | 'hex';
  /** Cell size in metres. */
  size: number;
  /** Pieces below this area in m² join a neighbour. @default a tenth of a cell */
  minArea?: number;
}

/** A level of load-balanced grids in every parent (see {@link balancedPartition}); give `count` or `range`. */
export interface BalancedLevel {
  kind: 'balanced';
  /** Grids per parent. */
  count?: number;
  /** Allowed load per grid, `{ min, max }`. */
  range?: Range;
  /** Lattice cell side for points and non-tiling units. @default about 1/64 of a grid's area */
  cellSize?: number;
}

/** One level below the root. */
export type LevelSpec = FixedLevel | RegularLevel | BalancedLevel;

/** Options of {@link partitionHierarchy}. */
export interface HierarchyOptions {
  /** The levels below the root, top down (up to 6 below a level-1 root: plans stop at level 7). */
  levels: readonly LevelSpec[];
  /** Household points loading balanced levels (or give `units`). */
  households?: BalancedPartitionOptions['households'];
  /** Load of each household. @default 1 each */
  householdLoads?: ArrayLike<number>;
  /** Atomic units loading balanced levels. */
  units?: readonly Feature[];
  /** Load of a unit. @default its `households` property */
  unitLoad?: BalancedPartitionOptions['unitLoad'];
  /** Lines balanced grids should follow. @default [] */
  barriers?: readonly unknown[];
  /** Code style of generated levels. @default numeric under a numeric parent code, letters otherwise */
  codeStyle?: CodeStyle;
  /**
   * Most grids one generated level may have, estimated before the level is cut (regular: from the
   * parents' area; balanced: from the total load and the range) and refused above it.
   * @default {@link MAX_REGULAR_GRIDS} for a regular level, {@link MAX_BALANCED_GRIDS} for a balanced one
   */
  maxGrids?: number;
}

/** What {@link partitionHierarchy} returns. */
export interface HierarchyResult {
  /** Every grid of every level, root first, then level by level, each level in its parents' order. */
  grids: GridCollection;
  /**
   * Every repair make-valid made to the root and to the fixed grids before they were used (`@wangge/geometry`
   * findings: the feature, kind, place, m² changed), then the findings of every balanced level and fixed
   * grids that do not tile their parent. Empty when every input was valid and every grid in range.
   */
  findings: Array<Repair | PartitionFinding>;
}

/**
 * Several levels at once, each tiling its parent: existing boundaries where given (`fixed`), regular or
 * load-balanced grids elsewhere. All parents of one level are cut in the root's projection and, for lattice
 * based levels, on one shared lattice, so grids on both sides of a parent boundary share its vertices.
 * Generated grids are coded in reading order (north to south, west to east) under their parent's code.
 */
export function partitionHierarchy(root: Boundary, options: HierarchyOptions): HierarchyResult {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.levels)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'partitionHierarchy needs { levels: [...] }');
  }
  const parsed = readParent(root, 'root');
  // A plan needs a code for its root: its own (code, adcode or id) is kept; a bare geometry is `root`.
  const top: Parent = { ...parsed, code: parsed.code ?? 'root' };
  if (options.levels.length === 0 || top.level + options.levels.length > MAX_LEVEL) {
    throw new WanggeError(
      ErrorCode.INVALID_LEVEL,
      `levels must hold 1 to ${MAX_LEVEL - top.level} levels below a level-${top.level} root (plans stop at level ${MAX_LEVEL})`,
    );
  }
  const projection = projectionFor(top.geometry);
  const rootFeature: GridFeature = {
    type: 'Feature',
    properties: {
      ...((root as Feature).type === 'Feature' ? ((root as Feature).properties ?? {}) : {}),
      code: top.code!,
      parent: null,
      level: top.level,
    },
    geometry: top.geometry,
  };
  const all: GridFeature[] = [rootFeature];
  const problems: FindingDraft[] = [];
  const findings: Repair[] = [...(top.repairs ?? [])];
  let parents: Parent[] = [top];
  // Codes of the plan so far: a fixed grid may not repeat one; generated ones are unique by construction.
  const codes = new CodeRegistry([top.code!]);
  const needsData = options.levels.some((l) => l?.kind === 'balanced');
  // Which input (household or unit) lies in which parent: -1 outside.
  let inputs: Float64Array | null = null;
  if (needsData) {
    const probe = checkOptions({
      households: options.households,
      householdLoads: options.householdLoads,
      units: options.units,
      unitLoad: options.unitLoad,
      count: 1,
    });
    inputs = probe.points ?? unitPoints(probe.units!.features);
  }
  let owner: Int32Array | null = inputs ? new Int32Array(inputs.length / 2).fill(0) : null;
  options.levels.forEach((level, depth) => {
    const children: Parent[] = [];
    const childOwner = owner ? new Int32Array(owner.length).fill(-1) : null;
    const rootArea = geodesicArea(top.geometry);
    if (level?.kind === 'fixed') {
      const grids = fixedChildren(level, parents, depth, findings);
      level.grids.forEach((f: Feature, i: number) => {
        const code = f.properties!.code as string;
        if (codes.has(code)) {
          throw new WanggeError(
            ErrorCode.DUPLICATE_CODE,
            `levels[${depth}]: code ${JSON.stringify(code)} is already used ${code === top.code ? 'by the root' : 'by another grid'}; every grid of a plan needs its own code`,
            { featureIndex: i, featureId: code },
          );
        }
        codes.add(code);
      });
      grids.forEach((list, p) => {
        const parentArea = geodesicArea(parents[p].geometry);
        const sum = list.reduce((s, g) => s + geodesicArea(g.geometry), 0);
        if (Math.abs(sum - parentArea) > 1e-9 * rootArea) {
          problems.push({
            kind: 'not-tiling',
            code: parents[p].code ?? undefined,
            message: `the fixed grids under ${parents[p].code} cover ${sum.toFixed(1)} m² of its ${parentArea.toFixed(1)} m²`,
          });
        }
        for (const g of list) {
          all.push(g);
          children.push({ geometry: g.geometry, code: g.properties.code, level: g.properties.level });
        }
      });
      if (owner && childOwner && inputs) locateInputs(inputs, owner, children, childOwner);
    } else if (level?.kind === 'regular') {
      const shape = level.shape ?? 'square';
      const cellArea = shape === 'square' ? level.size ** 2 : (Math.sqrt(3) / 2) * level.size ** 2;
      const opts = {
        shape,
        size: level.size,
        minArea: level.minArea ?? cellArea / 10,
        codeStyle: options.codeStyle,
      };
      if (!(typeof level.size === 'number' && level.size > 0 && Number.isFinite(level.size)))
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `levels[${depth}].size must be a number of metres > 0`,
        );
      checkCellCount(
        parents.map((p) => p.geometry),
        shape,
        level.size,
        options.maxGrids,
        `levels[${depth}].size`,
      );
      const frame: LatticeFrame = { shape, size: level.size, x0: PHASE * level.size, y0: PHASE * level.size };
      for (const parent of parents) {
        const grids = regularGridOf(parent, opts, projection, frame).features;
        codes.claim(grids, parent.code, styleFor(parent, options.codeStyle));
        for (const g of grids) {
          all.push(g);
          children.push({ geometry: g.geometry, code: g.properties.code, level: g.properties.level });
        }
      }
      if (owner && childOwner && inputs) locateInputs(inputs, owner, children, childOwner);
    } else if (level?.kind === 'balanced') {
      let lastChild = 0;
      const totalK = estimateGrids(level, owner!, inputs!, options);
      const maxGrids = options.maxGrids ?? MAX_BALANCED_GRIDS;
      if (totalK > maxGrids) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `levels[${depth}] would make about ${totalK.toLocaleString('en-US')} balanced grids, above maxGrids (${maxGrids.toLocaleString('en-US')}): widen the range, or raise maxGrids`,
        );
      }
      const cellSize = level.cellSize ?? Math.sqrt(rootArea / (Math.max(1, totalK) * 64));
      const frame: LatticeFrame = {
        shape: 'square',
        size: cellSize,
        x0: PHASE * cellSize,
        y0: PHASE * cellSize,
      };
      parents.forEach((parent, p) => {
        const picked: number[] = [];
        for (let i = 0; i < owner!.length; i++) if (owner![i] === p) picked.push(i);
        if (picked.length === 0) {
          // Nothing to balance: the parent becomes one grid, reported.
          const style = styleFor(parent, options.codeStyle);
          const lone = { properties: { code: codesOfChildren(parent.code, 1, style)[0] } };
          codes.claim([lone], parent.code, style);
          const { code } = lone.properties;
          all.push({
            type: 'Feature',
            properties: { code, parent: parent.code, level: parent.level + 1, load: 0, units: 0 },
            geometry: parent.geometry,
          });
          children.push({ geometry: parent.geometry, code, level: parent.level + 1 });
          problems.push({
            kind: 'range-infeasible',
            code,
            load: 0,
            message: `no household or unit lies in ${parent.code}; it stays one grid`,
          });
          lastChild++;
          return;
        }
        const opts = checkOptions(
          {
            ...(options.households !== undefined
              ? {
                  households: Float64Array.from(picked.flatMap((i) => [inputs![2 * i], inputs![2 * i + 1]])),
                  householdLoads: options.householdLoads
                    ? picked.map((i) => options.householdLoads![i])
                    : undefined,
                }
              : {
                  units: picked.map((i) => options.units![i]),
                  unitLoad: options.unitLoad ? (u, j) => options.unitLoad!(u, picked[j]) : undefined,
                }),
            ...(level.count !== undefined ? { count: level.count } : { range: level.range }),
            barriers: options.barriers,
            codeStyle: options.codeStyle,
            cellSize,
          },
          false,
        );
        const result = partitionParent(parent, opts, projection, frame);
        const renamed = codes.claim(result.grids.features, parent.code, styleFor(parent, options.codeStyle));
        for (const found of result.findings) {
          const problem =
            found.code !== undefined && renamed.has(found.code)
              ? { ...found, code: renamed.get(found.code) }
              : found;
          problems.push(problem.input === undefined ? problem : { ...problem, input: picked[problem.input] });
        }
        result.grids.features.forEach((g) => {
          all.push(g);
          children.push({ geometry: g.geometry, code: g.properties.code, level: g.properties.level });
        });
        result.gridOf.forEach((g, j) => {
          if (g >= 0) childOwner![picked[j]] = lastChild + g;
        });
        lastChild += result.grids.features.length;
      });
      if (options.households !== undefined) {
        const grids = all.slice(all.length - children.length);
        householdsToLevel(inputs!, options.householdLoads, owner!, grids, childOwner!, problems);
      }
    } else {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `levels[${depth}].kind must be 'fixed', 'regular' or 'balanced', got ${String((level as LevelSpec)?.kind)}`,
      );
    }
    if (depth === 0 && level?.kind !== 'fixed') {
      // The root as its grids tile it: the made-valid boundary on the kernel's grid, with the boundary's
      // crossings of the cuts as vertices (each within half a grid step of the boundary), so that the
      // plan's root and its children share every edge bit for bit.
      rootFeature.geometry = dissolve(children.map((c) => c.geometry));
    }
    parents = children;
    owner = childOwner;
  });
  return {
    grids: { type: 'FeatureCollection', features: all },
    findings: [...findings, ...draftsToFindings(problems)],
  };
}

function estimateGrids(
  level: BalancedLevel,
  owner: Int32Array,
  inputs: Float64Array,
  options: HierarchyOptions,
): number {
  if (level.count !== undefined) {
    return level.count * new Set(owner).size;
  }
  const { min, max } = level.range ?? { min: 1, max: 1 };
  let total = 0;
  const n = inputs.length / 2;
  for (let i = 0; i < n; i++) {
    total += options.households
      ? (options.householdLoads?.[i] ?? 1)
      : Number(
          options.unitLoad
            ? options.unitLoad(options.units![i], i)
            : options.units![i].properties?.households,
        );
  }
  return Math.round(total / ((min + max) / 2 || 1));
}
