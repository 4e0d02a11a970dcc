/**
 * The grid register (网格明细表) as the maps print it: one record per grid with its code, name, level,
 * parent chain, geodesic area, households and residents (the counts `wangge assign --plan-out` writes),
 * neighbours, and the persons responsible for it from a staff table (网格员名册). `wangge render` fills it
 * for its labels and sheets; the register command of issue 15 writes and extends the same record.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  checkObjects,
  checkOptions,
  ErrorCode,
  type ErrorLocation,
  type Finding,
  geodesicArea,
  resolveGridSystems,
  WanggeError,
} from '@wangge/core';
import { neighbours } from '@wangge/index';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { parseCsvText } from '../io/csv';
import { readBytes } from '../io/read';
import { decodeBytes } from '../io/text';
import type { StaffingModel } from '../staffing';
import type { OptionSpec } from './command';

/** One row of the staff table: a person and the one or two grids they cover. */
export interface StaffMember {
  name: string;
  /** 网格长, 专职网格员, 兼职网格员, 监督员, 信息员, AB岗, ... */
  role: string;
  /** As written in the table ('' when none is given). */
  phone: string;
  /** Codes of the grids covered, in table order. */
  grids: string[];
}

/** A person as a grid's record lists them. */
export interface GridPerson {
  role: string;
  name: string;
  phone: string;
}

/** A grid named by its code and name. */
export interface GridRef {
  code: string;
  name: string | null;
}

/** One grid's record in the register. */
export interface GridRecord {
  code: string;
  name: string | null;
  level: number;
  /** The grids above it, from the top-level grid down to its parent (`[]` for a top-level grid). */
  chain: GridRef[];
  /** Area in m² on the WGS84 ellipsoid (core's `geodesicArea`), holes subtracted; 0 when not {@link drawn}. */
  area: number;
  /** Whether the grid has a polygon: false for a membership grid (专项/行业网格 defined by its units only). */
  drawn: boolean;
  /** Households, from the grid's properties; `null` when the plan carries no count. */
  households: number | null;
  /** Residents, from the grid's properties; `null` when the plan carries no count. */
  residents: number | null;
  /** Households in key groups (重点人群), from the grid's properties; `null` when the plan carries no count. */
  keyGroups: number | null;
  /** Units (单位: shops, key units), from the grid's properties; `null` when the plan carries no count. */
  units: number | null;
  /** Its grid system: `properties.system`, else its parent's (core's `resolveGridSystems`), else 'territorial' (属地). */
  system: string;
  /** Codes of the grids of the same level that share an edge with it (相邻网格), sorted. */
  neighbours: string[];
  /** Persons responsible for it, by role (网格长 first), then in staff-table order. */
  persons: GridPerson[];
  /** Every property of the grid's feature, for fields the record does not name. */
  properties: Record<string, unknown>;
}

/** What {@link planToRecords} found about the staff table. */
export type RegisterFinding = Finding<'unknown-staff-grid'>;

/** Options of {@link planToRecords}. */
export interface RecordOptions {
  /** The staff table. @default [] */
  staff?: readonly StaffMember[];
  /** Property holding the household count. @default 'households' */
  householdsProperty?: string;
  /** Property holding the resident count. @default 'residents' */
  residentsProperty?: string;
  /** Property holding the key-group count. @default 'keyGroups' */
  keyGroupsProperty?: string;
  /** Property holding the unit count. @default 'units' */
  unitsProperty?: string;
  /** Find each grid's neighbours (false leaves `neighbours` empty and saves the adjacency). @default true */
  neighbours?: boolean;
}

/** Roles in the order a record lists them; other roles follow in table order. */
export const ROLE_ORDER = ['网格长', '专职网格员', '网格员', '兼职网格员', '监督员', '信息员', 'AB岗'];

type Polygonal = Feature<Polygon | MultiPolygon>;

/**
 * The record of every grid of a plan, in input order, and a finding for each staff row that names a grid
 * the plan does not have. A grid without a polygon (a membership system's grid, geometry `null` or an
 * empty MultiPolygon) gets a record too, with `drawn: false` and no neighbours; other features without
 * a polygon (points, lines) are left out. A grid without a code gets the code ''.
 */
export function planToRecords(
  features: readonly Feature[],
  options: RecordOptions = {},
): { records: GridRecord[]; findings: RegisterFinding[] } {
  checkObjects(features, 'planToRecords', 'features');
  options = checkOptions(options, 'planToRecords');
  const grids = features.filter(
    (f): f is Polygonal =>
      f.geometry === null || f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon',
  );
  const byCode = new Map(grids.map((g) => [codeOf(g), g]));
  const householdsProperty = options.householdsProperty ?? 'households';
  const residentsProperty = options.residentsProperty ?? 'residents';
  const persons = new Map<string, GridPerson[]>();
  const findings: RegisterFinding[] = [];
  (options.staff ?? []).forEach((member, row) => {
    for (const code of member.grids) {
      if (!byCode.has(code)) {
        findings.push({
          id: `unknown-staff-grid:${row + 1}:${code}`,
          kind: 'unknown-staff-grid',
          severity: 'warning',
          grids: [code],
          message: `staff row ${row + 1} (${member.name}) names grid ${code}, which is not in the plan`,
        });
        continue;
      }
      const list = persons.get(code) ?? [];
      list.push({ role: member.role, name: member.name, phone: member.phone });
      persons.set(code, list);
    }
  });
  const rank = (role: string) => {
    const i = ROLE_ORDER.indexOf(role);
    return i < 0 ? ROLE_ORDER.length : i;
  };
  const { systemOf } = resolveGridSystems(grids.map((g) => g.properties));
  const drawn = grids.map((g) => g.geometry !== null && g.geometry.coordinates.length > 0);
  const neighbourCodes =
    options.neighbours === false ? grids.map(() => []) : neighboursByLevel(grids, systemOf, drawn);
  const records = grids.map((g, i): GridRecord => {
    const p = g.properties ?? {};
    const code = codeOf(g);
    const chain: GridRef[] = [];
    const seen = new Set([code]);
    for (let parent = byCode.get(String(p.parent)); parent !== undefined; ) {
      const parentCode = codeOf(parent);
      if (seen.has(parentCode)) break; // a cycle in a broken plan: stop rather than loop
      seen.add(parentCode);
      chain.unshift({ code: parentCode, name: nameOf(parent) });
      parent = byCode.get(String(parent.properties?.parent));
    }
    let area: number | undefined;
    return {
      code,
      name: nameOf(g),
      level: typeof p.level === 'number' ? p.level : chain.length + 1,
      chain,
      // Measured when first read: an overview of thousands of grids that prints no area never pays for it.
      get area() {
        area ??= drawn[i] ? geodesicArea(g.geometry) : 0;
        return area;
      },
      drawn: drawn[i],
      households: countOf(p[householdsProperty]),
      residents: countOf(p[residentsProperty]),
      keyGroups: countOf(p[options.keyGroupsProperty ?? 'keyGroups']),
      units: countOf(p[options.unitsProperty ?? 'units']),
      system: systemOf[i],
      neighbours: neighbourCodes[i],
      persons: [...(persons.get(code) ?? [])].sort((a, b) => rank(a.role) - rank(b.role)),
      properties: { ...p },
    };
  });
  return { records, findings };
}

function neighboursByLevel(
  grids: readonly Polygonal[],
  systemOf: readonly string[],
  drawn: readonly boolean[],
): string[][] {
  const out = grids.map((): string[] => []);
  // Neighbours are of one level of one grid system: a fire-safety grid is no 相邻网格 of a territorial one.
  const levels = new Map<string, number[]>();
  grids.forEach((g, i) => {
    if (!drawn[i]) return;
    const key = `${systemOf[i]}\u0000${String(g.properties?.level)}`;
    const ids = levels.get(key) ?? [];
    ids.push(i);
    levels.set(key, ids);
  });
  for (const ids of levels.values()) {
    const graph = neighbours(ids.map((i) => grids[i]));
    ids.forEach((id, k) => {
      out[id] = Array.from(graph.neighboursOf(k), (j) => codeOf(grids[ids[j]])).sort();
    });
  }
  return out;
}

function codeOf(f: Feature): string {
  const code = f.properties?.code;
  return code === undefined || code === null ? '' : String(code);
}

function nameOf(f: Feature): string | null {
  const name = f.properties?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : null;
}

function countOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Column names accepted for each field of the staff table (English or Chinese headers). */
const STAFF_COLUMNS: Record<keyof StaffMember, string[]> = {
  name: ['name', '姓名'],
  role: ['role', '角色', '岗位', '职务'],
  phone: ['phone', '电话', '联系电话', '手机'],
  grids: ['grids', 'grid', '网格', '负责网格'],
};

/**
 * Reads a staff table: a CSV (the CLI's one CSV reader: delimiter detected, UTF-8 or GBK) or a JSON
 * array of objects, with the columns `name, role, phone, grids` (or 姓名, 角色, 电话, 网格), `grids`
 * listing grid codes separated by `;`. Throws `UNREADABLE_INPUT` naming the file and row when a row has
 * no name, no role or no grid.
 */
export function readStaff(file: string): StaffMember[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'no such file', { file });
  }
  const { text } = decodeBytes(file, bytes);
  if (extname(file).toLowerCase() === '.json') {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch (error) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `not valid JSON (${(error as Error).message})`, {
        file,
      });
    }
    if (!Array.isArray(rows)) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'a JSON staff table is an array of rows', { file });
    }
    return rows.map((row, i) => staffMemberOf(row, file, { featureIndex: i }));
  }
  const table = parseCsvText(file, text);
  const header = table.header.map((h) => h.trim());
  return table.rows.map((row) =>
    staffMemberOf(Object.fromEntries(header.map((h, k) => [h, row.fields[k]?.trim() ?? ''])), file, {
      line: row.line,
    }),
  );
}

function staffMemberOf(row: unknown, file: string, where: ErrorLocation): StaffMember {
  const bad = (message: string) => new WanggeError(ErrorCode.UNREADABLE_INPUT, message, { file, ...where });
  if (typeof row !== 'object' || row === null) throw bad('a staff row is an object of columns');
  const value = (field: keyof StaffMember): unknown => {
    for (const column of STAFF_COLUMNS[field]) {
      const v = (row as Record<string, unknown>)[column];
      if (v !== undefined && v !== null && v !== '') return v;
    }
    return undefined;
  };
  const text = (field: keyof StaffMember) => {
    const v = value(field);
    return v === undefined ? '' : String(v).trim();
  };
  const raw = value('grids');
  const grids = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[;；]/))
    .map((g) => g.trim())
    .filter((g) => g !== '');
  for (const field of ['name', 'role'] as const) {
    if (text(field) === '') {
      throw new WanggeError(
        ErrorCode.UNREADABLE_INPUT,
        `${where} has no ${field} (column ${STAFF_COLUMNS[field].join(' or ')})`,
      );
    }
  }
  if (grids.length === 0) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `${where} (${text('name')}) names no grid in its grids column`,
    );
  }
  return { name: text('name'), role: text('role'), phone: text('phone'), grids };
}

/** The staffing model of `--staffing` (a JSON file), or the default model (`{}`) without one. */
export function readStaffingModel(file: string | undefined): StaffingModel {
  if (file === undefined) return {};
  const { text } = decodeBytes(file, readBytes(file));
  try {
    return JSON.parse(text) as StaffingModel;
  } catch (error) {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `not valid JSON (${(error as Error).message})`, {
      file,
    });
  }
}

/** The options of commands that check staff: the staff table and the staffing model. */
export const staffOptions: Record<string, OptionSpec> = {
  staff: {
    type: 'string',
    arg: '<file>',
    description:
      'staff table (CSV/JSON): name, role, phone, grids (1-2 codes separated by ;); a person on two grids is one worker',
    input: true,
  },
  staffing: {
    type: 'string',
    arg: '<file.json>',
    description: 'staffing model: { rules, workerRoles, maxGridsPerPerson, minWorkersPer10k, maxCaseload }',
    default: '网格长 1, 网格员 ≥ 1, AB岗 ≥ 1 per leaf grid; 2 grids a person; 18 per 10k',
    input: true,
  },
};

/**
 * Records checked at a public entry: an array of objects each with its `chain` and `persons` arrays (as
 * {@link planToRecords} makes them), else `INVALID_ARGUMENT` naming the function and the record.
 */
export function checkRecords(records: readonly GridRecord[], fn: string): readonly GridRecord[] {
  checkObjects(records, fn, 'records');
  const bad = records.findIndex((r) => !Array.isArray(r.chain) || !Array.isArray(r.persons));
  if (bad >= 0) {
    throw new WanggeError(
      ErrorCode.INVALID_ARGUMENT,
      `${fn}: records[${bad}] is not a grid record (no chain or persons array): make records with planToRecords`,
    );
  }
  return records;
}
