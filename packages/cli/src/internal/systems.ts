import {
  type AssignOptions,
  type AssignRule,
  assignSystems,
  roadsToGrids,
  type SystemsAssignment,
} from '@wangge/assign';
import {
  DEFAULT_SYSTEM,
  ErrorCode,
  GridPlan,
  type GridSystem,
  type ResolvedSystem,
  resolveGridSystems,
  WanggeError,
} from '@wangge/core';
import {
  type CheckOptions,
  type CheckResult,
  type CoverageDefect,
  checkCoverage,
  DEFECT_KINDS,
  type DefectStatus,
} from '@wangge/coverage';
import type { Feature } from 'geojson';
import { readJsonFile } from '../io/json';
import { aboutFile, type CommandContext, type OptionSpec, UsageError, type Values } from './command';
import { readInput } from './inputs';

/** The `--system` flag: one declaration per use. */
export const systemOption: Record<string, OptionSpec> = {
  system: {
    type: 'string',
    arg: '<name[:kind[:coverage]]>',
    multiple: true,
    description:
      'declare a grid system (kind territorial|thematic, coverage tiling|partial|membership); grids name theirs in properties.system',
  },
};

/** The declarations `--system` gives, checked: `fire:thematic:partial`, `tax:thematic:membership`. */
export function systemsOf(values: Values): GridSystem[] | undefined {
  const specs = values.system as string[] | undefined;
  if (specs === undefined || specs.length === 0) return undefined;
  return specs.map((spec) => {
    const [name, kind, coverage, ...rest] = spec.split(':');
    if (name === '' || rest.length > 0) {
      throw new UsageError(`--system takes <name>[:<kind>[:<coverage>]], got ${JSON.stringify(spec)}`);
    }
    if (kind !== undefined && kind !== 'territorial' && kind !== 'thematic') {
      throw new UsageError(`--system ${name}: kind is territorial or thematic, got ${JSON.stringify(kind)}`);
    }
    if (coverage !== undefined && !['tiling', 'partial', 'membership'].includes(coverage)) {
      throw new UsageError(
        `--system ${name}: coverage is tiling, partial or membership, got ${JSON.stringify(coverage)}`,
      );
    }
    return { name, kind, coverage } as GridSystem;
  });
}

/** Reads a plan file with the `--system` declarations; errors name the file and the grid. */
export async function readSystemPlan(ctx: CommandContext, file: string): Promise<GridPlan> {
  const features = await readInput(ctx, file, 'plan');
  const systems = systemsOf(ctx.values);
  return aboutFile(file, () => GridPlan.from(features, { systems }));
}

/** A coverage defect, with the system it was found in when the plan has several. */
export type SystemDefect = CoverageDefect & { system?: string };

/** What {@link checkSystems} returns: a gate result over every system, and the systems. */
export interface SystemsCheckResult extends CheckResult {
  /** The systems checked, with their grid counts. */
  systems: Array<ResolvedSystem & { grids: number }>;
}

const GAP_LIKE = new Set(['gap', 'inlet', 'sliver', 'uncovered-parent']);

/**
 * `checkCoverage` per grid system: each system's grids (under the grids of other systems they sit
 * in, their anchors) are checked by its rule, `tiling` as a plan, `partial` without the gap-like
 * defects, `membership` not spatially at all; grids of different systems never overlap each other.
 * A plan of one tiling system is checked exactly as `checkCoverage` checks it.
 */
export function checkSystems(
  features: readonly Feature[],
  options: CheckOptions & { systems?: readonly GridSystem[] },
): SystemsCheckResult {
  const { systems: declared, baseline, ...rest } = options;
  const properties = features.map((f) => (f?.properties ?? null) as Record<string, unknown> | null);
  const resolved = resolveGridSystems(properties, declared);
  const counted = resolved.systems.map((s) => ({
    ...s,
    grids: resolved.systemOf.filter((n) => n === s.name).length,
  }));
  // One tiling system (or no grid at all): exactly checkCoverage.
  if (
    features.length === 0 ||
    (resolved.systems.length <= 1 &&
      (resolved.systems[0]?.coverage ?? 'tiling') === 'tiling' &&
      resolved.defects.length === 0)
  ) {
    return { ...checkCoverage(features, { ...rest, baseline }), systems: counted };
  }
  const found: Array<{ defect: SystemDefect; status: DefectStatus }> = [];
  const seen = new Set<string>();
  const add = (defect: SystemDefect, status: DefectStatus) => {
    if (seen.has(defect.id)) return;
    seen.add(defect.id);
    found.push({ defect, status });
  };
  const indexOf = new Map<string, number>();
  properties.forEach((p, i) => {
    if (typeof p?.code === 'string' && !indexOf.has(p.code)) indexOf.set(p.code, i);
  });
  const accepted = new Set((baseline?.accepted ?? []).map((a) => a.id));
  for (const d of resolved.defects) {
    const code = properties[d.featureIndex]?.code;
    const grids = [typeof code === 'string' ? code : `#${d.featureIndex}`];
    add(
      {
        id: `plan/${d.kind}:${grids[0]}`,
        kind: 'plan',
        severity: 'error',
        reason: d.kind,
        grids,
        area: 0,
        location: null,
        message: d.message,
      },
      'failing',
    );
  }
  for (const system of resolved.systems) {
    const mine = new Set<number>();
    resolved.systemOf.forEach((n, i) => {
      if (n === system.name) mine.add(i);
    });
    if (system.coverage === 'membership') continue;
    const anchors = new Set<number>();
    let hasRoots = false;
    for (const i of mine) {
      const parent = properties[i]?.parent;
      const p = typeof parent === 'string' ? indexOf.get(parent) : undefined;
      if (p !== undefined && !mine.has(p)) anchors.add(p);
      if (parent === null || parent === undefined) hasRoots = true;
    }
    const subset = features.flatMap((f, i): Feature[] => {
      if (mine.has(i)) return [f];
      if (!anchors.has(i)) return [];
      return [{ ...f, properties: { ...f.properties, parent: null } }];
    });
    const anchorCodes = new Set([...anchors].map((i) => properties[i]?.code));
    const result = checkCoverage(subset, {
      ...rest,
      boundary: hasRoots ? rest.boundary : undefined,
      baseline,
    });
    result.report.defects.forEach((d, k) => {
      // The anchors' own defects belong to their own system; a partial system may leave gaps.
      if (d.parent === undefined && d.grids.length > 0 && d.grids.every((g) => anchorCodes.has(g))) return;
      if (system.coverage === 'partial' && GAP_LIKE.has(d.kind)) return;
      add(resolved.systems.length > 1 ? { ...d, system: system.name } : d, result.status[k]);
    });
  }
  // Codes are unique across systems too.
  const systemOfCode = new Map<string, string>();
  properties.forEach((p, i) => {
    const code = p?.code;
    if (typeof code !== 'string') return;
    const other = systemOfCode.get(code);
    if (other !== undefined && other !== resolved.systemOf[i]) {
      const defect: SystemDefect = {
        id: `plan/duplicate-code:${code}`,
        kind: 'plan',
        severity: 'error',
        reason: 'duplicate-code',
        grids: [code],
        area: 0,
        location: null,
        message: `code ${JSON.stringify(code)} is used in systems ${other} and ${resolved.systemOf[i]}`,
      };
      add(defect, 'failing');
    }
    if (other === undefined) systemOfCode.set(code, resolved.systemOf[i]);
  });
  for (const entry of found) if (accepted.has(entry.defect.id)) entry.status = 'accepted';
  const rank = new Map(DEFECT_KINDS.map((k, i) => [k, i]));
  found.sort(
    (a, b) =>
      rank.get(a.defect.kind)! - rank.get(b.defect.kind)! ||
      ordinal(a.defect.parent ?? '', b.defect.parent ?? '') ||
      ordinal(a.defect.grids.join('+'), b.defect.grids.join('+')) ||
      ordinal(a.defect.id, b.defect.id),
  );
  const defects = found.map((f) => f.defect);
  const status = found.map((f) => f.status);
  const counts = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as CheckResult['report']['counts'];
  let gapArea = 0;
  let overlapArea = 0;
  for (const d of defects) {
    counts[d.kind]++;
    if (GAP_LIKE.has(d.kind)) gapArea += d.area;
    if (d.kind === 'overlap') overlapArea += d.area;
  }
  const errors = defects.filter((d) => d.severity === 'error').length;
  const failing = status.filter((s) => s === 'failing').length;
  return {
    report: {
      defects,
      grids: features.length,
      counts,
      errors,
      warnings: defects.length - errors,
      gapArea,
      overlapArea,
    },
    status,
    failing,
    stale: [...accepted].filter((id) => !seen.has(id)).sort(),
    pass: failing === 0,
    systems: counted,
  };
}

/** Code-unit order, as the coverage report sorts. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads a rules file: a JSON array of `{ "grid": "H1", "when": { "industry": ["C13", "C14"] }, "name"? }`. */
export function readRules(file: string): AssignRule[] {
  const value = readJsonFile(file);
  const usage =
    'rules are [{ "grid": "<code>", "when": { "<column>": <value or [values]> }, "name"?: "..." }]';
  if (!Array.isArray(value)) throw new WanggeError(ErrorCode.UNREADABLE_INPUT, usage, { file });
  value.forEach((rule: unknown, i) => {
    const r = rule as Record<string, unknown> | null;
    const when = r?.when;
    if (
      typeof r?.grid !== 'string' ||
      typeof when !== 'object' ||
      when === null ||
      Array.isArray(when) ||
      (r.name !== undefined && typeof r.name !== 'string')
    ) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `rules[${i}]: ${usage}`, { file });
    }
  });
  return value as AssignRule[];
}

/** The options `--rules` adds to `wangge assign`. */
export const rulesOption: Record<string, OptionSpec> = {
  rules: {
    type: 'string',
    arg: '<file.json>',
    description: 'attribute rules [{ grid, when, name? }], applied before location in each system',
    input: true,
  },
  roads: {
    type: 'boolean',
    description: 'the entities are road segments (LineString): metres inside each grid they cross',
  },
};

/**
 * `wangge assign` over several systems (or with `--rules`): one leaf per entity per system. Entities
 * get `grid`/`path` for the territorial system and `grid:<system>` for each other; the counted plan
 * gives each grid the counts of its own system. Exit 1 when the territorial system leaves any out;
 * entities no thematic grid claims are listed, and pass.
 */
export function assignBySystems(
  plan: GridPlan,
  entities: Feature[],
  options: AssignOptions,
  rules: readonly AssignRule[],
): {
  result: SystemsAssignment;
  entities: Feature[];
  counted: Feature[];
  human: string[];
  json: Record<string, unknown>;
  status: number;
} {
  const result = assignSystems(plan, entities, { ...options, rules });
  const countAs = options.countAs ?? 'households';
  const main = result.systems.find((s) => s.system.name === DEFAULT_SYSTEM) ?? result.systems[0];
  const assigned = entities.map((f, i): Feature => {
    const columns: Record<string, string | null> = {};
    for (const s of result.systems) {
      if (s === main) {
        columns.grid = s.codeOf(i);
        columns.path = s.pathOf(i).join('/');
      } else columns[`grid:${s.system.name}`] = s.codeOf(i);
    }
    return { ...f, properties: { ...f.properties, ...columns } };
  });
  const counted = plan.grids.map((g): Feature => {
    const own = result.of(plan.systemOf(g.properties.code).name);
    const id = own.plan.idOfCode(g.properties.code);
    const counts: Record<string, number> = {};
    for (const [name, values] of Object.entries(own.counts)) counts[name] = values[id];
    // `system` on every grid: the hook a register (明细表) reads its system column from.
    return { ...g, properties: { ...g.properties, system: own.system.name, ...counts, load: own.load[id] } };
  });
  const human = result.systems.map((s) => {
    const leaves = s.plan.leaves().filter((g) => !s.plan.isAnchor(s.plan.idOfCode(g.properties.code)));
    return `assign ${s.system.name} (${s.system.kind}, ${s.system.coverage}): ${s.assigned} of ${s.total} in ${leaves.length} leaf grids; ${s.unclaimed.length} ${s === main ? 'left out' : 'unclaimed'}`;
  });
  for (const f of result.findings) human.push(`  ${f.severity}: ${f.message}`);
  const json = {
    total: result.total,
    systems: result.systems.map((s) => ({
      name: s.system.name,
      kind: s.system.kind,
      coverage: s.system.coverage,
      assigned: s.assigned,
      unclaimed: s.unclaimed,
      byRule: Object.fromEntries(s.ruleNames.map((n, r) => [n, s.byRule[r]])),
      counts: Object.fromEntries(
        s.plan.grids
          .filter((_, id) => !s.plan.isAnchor(id))
          .map((g) => [g.properties.code, s.counts[countAs][s.plan.idOfCode(g.properties.code)]]),
      ),
    })),
    findings: result.findings,
  };
  const status = result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  return { result, entities: assigned, counted, human, json, status };
}

/**
 * `wangge assign --roads`: each road segment split over the leaf grids of every spatial system, with
 * metres inside each (部门包路段). Roads get `grids` (territorial) and `grids:<system>` as
 * `code=metres;…`; the counted plan gets `roadLength` per grid, rolled up to its ancestors.
 */
export function assignRoads(
  plan: GridPlan,
  roads: Feature[],
): { entities: Feature[]; counted: Feature[]; human: string[]; json: Record<string, unknown> } {
  const spatial = plan.systems.filter((s) => s.coverage !== 'membership');
  const lengths = new Float64Array(plan.size);
  const columns: Array<Record<string, string>> = roads.map(() => ({}));
  const human: string[] = [];
  const json: Record<string, unknown> = {};
  for (const system of spatial) {
    const sub = plan.systemToPlan(system.name);
    const split = roadsToGrids(sub, roads);
    const parents = plan.parentIds();
    let inside = 0;
    let total = 0;
    split.forEach((road, i) => {
      total += road.length;
      const key = system.name === DEFAULT_SYSTEM ? 'grids' : `grids:${system.name}`;
      columns[i][key] = road.shares
        .map((s) => `${sub.grids[s.gridId].properties.code}=${s.length.toFixed(1)}`)
        .join(';');
      for (const share of road.shares) {
        inside += share.length;
        // Roll up through the whole plan, stopping above the system's own grids (at its anchor).
        const leaf = plan.idOfCode(sub.grids[share.gridId].properties.code);
        for (let g = leaf; g >= 0; g = parents[g]) {
          if (plan.systemOf(plan.grids[g].properties.code).name !== system.name && g !== leaf) break;
          lengths[g] += share.length;
        }
      }
    });
    human.push(
      `roads ${system.name}: ${split.length} roads, ${(total / 1000).toFixed(3)} km, ${(inside / 1000).toFixed(3)} km inside its grids`,
    );
    json[system.name] = split.map((r) => ({
      index: r.index,
      length: r.length,
      outside: r.outside,
      shares: r.shares.map((s) => ({ grid: sub.grids[s.gridId].properties.code, length: s.length })),
    }));
  }
  const entities = roads.map((f, i) => ({ ...f, properties: { ...f.properties, ...columns[i] } }));
  const counted = plan.grids.map((g, id) => ({
    ...g,
    properties: { ...g.properties, roadLength: lengths[id] },
  }));
  return { entities, counted, human, json: { roads: json } };
}
