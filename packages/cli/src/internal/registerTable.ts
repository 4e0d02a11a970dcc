/**
 * The register (网格责任人明细表) as a table: one row per grid from its {@link GridRecord}, with English or
 * Chinese column headers, written as CSV (through the CLI's one writer) or as an `.xlsx` workbook with one
 * sheet per level (exceljs). The table holds codes, names, counts and contacts and never a coordinate,
 * so every register is a no-coordinates export by construction.
 */
import { checkRecords, type GridPerson, type GridRecord, ROLE_ORDER } from './register';

/** Language of the column headers. */
export type RegisterLanguage = 'en' | 'zh';

/** The fixed columns, by key: English and Chinese header. */
const COLUMNS: Array<[key: string, en: string, zh: string]> = [
  ['code', 'code', '网格编码'],
  ['name', 'name', '网格名称'],
  ['level', 'level', '层级'],
  ['system', 'system', '网格体系'],
  ['parent', 'parent', '上级网格编码'],
  ['chain', 'parent chain', '所属上级网格'],
  ['area', 'area (m²)', '面积(平方米)'],
  ['households', 'households', '户数'],
  ['residents', 'residents', '人口数'],
  ['keyGroups', 'key groups', '重点人群'],
  ['units', 'units', '单位数'],
];

const TAIL: Array<[key: string, en: string, zh: string]> = [
  ['neighbours', 'neighbour grids', '相邻网格'],
  ['upper', 'upper contacts', '上级网格联系人'],
  ['lower', 'lower contacts', '下级网格联系人'],
];

/** A register row: header → cell, in column order. */
export type RegisterRow = Record<string, string | number | null>;

/** The register's rows, one per record in record order, and the headers in column order. */
export function recordsToRows(
  records: readonly GridRecord[],
  lang: RegisterLanguage = 'en',
): { headers: string[]; rows: RegisterRow[] } {
  checkRecords(records, 'recordsToRows');
  const roles = rolesOf(records);
  const pick = (c: [string, string, string]) => (lang === 'zh' ? c[2] : c[1]);
  const roleHeaders = roles.flatMap((role) => [role, lang === 'zh' ? `${role}电话` : `${role} phone`]);
  const headers = [...COLUMNS.map(pick), ...roleHeaders, ...TAIL.map(pick)];
  const byCode = new Map(records.map((r) => [r.code, r]));
  const children = new Map<string, GridRecord[]>();
  for (const r of records) {
    const parent = r.chain.at(-1)?.code;
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(r);
    children.set(parent, list);
  }
  const rows = records.map((r): RegisterRow => {
    const parent = r.chain.at(-1);
    const values: Record<string, string | number | null> = {
      code: r.code,
      name: r.name,
      level: r.level,
      system: r.system,
      parent: parent?.code ?? null,
      chain: r.chain.map((g) => (g.name === null ? g.code : `${g.code} ${g.name}`)).join(' / '),
      area: r.drawn ? Math.round(r.area * 100) / 100 : null,
      households: r.households,
      residents: r.residents,
      keyGroups: r.keyGroups,
      units: r.units,
      neighbours: r.neighbours.join(';'),
      upper: parent === undefined ? '' : contacts(byCode.get(parent.code)?.persons ?? []),
      lower: (children.get(r.code) ?? [])
        .filter((c) => c.persons.length > 0)
        .map((c) => `${c.code}: ${contacts(c.persons.slice(0, 1))}`)
        .join('; '),
    };
    const row: RegisterRow = {};
    COLUMNS.forEach((c, k) => {
      row[headers[k]] = values[c[0]];
    });
    roles.forEach((role, k) => {
      const persons = r.persons.filter((p) => p.role === role);
      row[roleHeaders[2 * k]] = persons.map((p) => p.name).join(';');
      row[roleHeaders[2 * k + 1]] = persons.map((p) => p.phone).join(';');
    });
    TAIL.forEach((c, k) => {
      row[headers[COLUMNS.length + roleHeaders.length + k]] = values[c[0]];
    });
    return row;
  });
  return { headers, rows };
}

/** The roles any record lists, in {@link ROLE_ORDER} and then by name. */
function rolesOf(records: readonly GridRecord[]): string[] {
  const roles = new Set(records.flatMap((r) => r.persons.map((p) => p.role)));
  const rank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);
  return [...roles].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function contacts(persons: readonly GridPerson[]): string {
  return persons.map((p) => `${p.name}(${p.role}${p.phone === '' ? '' : ` ${p.phone}`})`).join('; ');
}

const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * The register as an `.xlsx` workbook: one sheet per level (`level 1` or `一级网格`), the header row bold
 * and frozen. Deterministic: the workbook's and its zip entries' dates are fixed, so equal records give equal bytes.
 */
export async function rowsToXlsx(
  records: readonly GridRecord[],
  lang: RegisterLanguage = 'en',
): Promise<Uint8Array> {
  const { headers, rows } = recordsToRows(records, lang);
  // Loaded on first use: importing the package does not pay for the spreadsheet writer.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const epoch = new Date(Date.UTC(2000, 0, 1));
  workbook.creator = 'wangge';
  workbook.created = epoch;
  workbook.modified = epoch;
  const levels = [...new Set(records.map((r) => r.level))].sort((a, b) => a - b);
  for (const level of levels) {
    const name = lang === 'zh' ? `${NUMERALS[level] ?? String(level)}级网格` : `level ${level}`;
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = headers.map((header) => ({
      header,
      key: header,
      width: Math.min(40, Math.max(8, header.length * 2)),
    }));
    sheet.getRow(1).font = { bold: true };
    records.forEach((r, i) => {
      if (r.level === level) sheet.addRow(rows[i]);
    });
  }
  return fixedDates(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), epoch);
}

/**
 * The workbook re-packed with every zip entry dated `date`: exceljs stamps the entries with the time of
 * writing, which would make two equal registers differ.
 */
async function fixedDates(xlsx: Uint8Array, date: Date): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(xlsx);
  const out = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (!entry.dir) out.file(name, await entry.async('uint8array'), { date, createFolders: false });
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
