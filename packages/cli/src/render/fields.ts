/**
 * Register fields as map text: which fields a label may show (`--label code,area,worker`) and how each
 * is written (户, 人, m² or ha).
 */
import { ErrorCode, WanggeError } from '@wangge/core';
import type { GridRecord } from '../internal/register';

/** Fields of the register a label can show; any other name is read from the grid's properties. */
export const LABEL_FIELDS = [
  'code',
  'name',
  'area',
  'area:m2',
  'area:ha',
  'area:km2',
  'households',
  'residents',
  'worker',
  'persons',
  'phone',
] as const;

/**
 * Field names from `--label` values (each a comma-separated list); throws `INVALID_OPTION` for an empty
 * name. Names other than {@link LABEL_FIELDS} are grid properties.
 */
export function parseLabelFields(values: readonly string[]): string[] {
  const fields = values.flatMap((v) => v.split(',')).map((f) => f.trim());
  if (fields.length === 0 || fields.some((f) => f === '')) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `label fields are a comma-separated list of ${LABEL_FIELDS.join(', ')} or property names, got ${JSON.stringify(values.join(','))}`,
    );
  }
  const coordinate = fields.find((f) => COORDINATE_FIELDS.has(f.toLowerCase()));
  if (coordinate !== undefined) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `label field ${JSON.stringify(coordinate)} would print coordinates, which maps never show`,
    );
  }
  return fields;
}

/** Property names that hold coordinates: never printed on a map. */
const COORDINATE_FIELDS = new Set([
  'lon',
  'lng',
  'long',
  'longitude',
  'lat',
  'latitude',
  'x',
  'y',
  '经度',
  '纬度',
  'coordinates',
  'bbox',
]);

/** Rounded and thousands separated, e.g. `12,345`. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An area in square metres: `8,400 m²` below a hectare, `4.21 ha` up to 1 km², then `2.35 km²`. */
export function formatArea(m2: number, unit: 'auto' | 'm2' | 'ha' | 'km2' = 'auto'): string {
  const u = unit === 'auto' ? (m2 < 10_000 ? 'm2' : m2 < 1_000_000 ? 'ha' : 'km2') : unit;
  if (u === 'm2') return `${formatCount(m2)} m²`;
  if (u === 'ha') return `${(m2 / 10_000).toFixed(2)} ha`;
  return `${(m2 / 1_000_000).toFixed(2)} km²`;
}

/** The text of one field of a grid's record, or `null` when the record has nothing for it. */
export function fieldText(record: GridRecord, field: string): string | null {
  switch (field) {
    case 'code':
      return record.code;
    case 'name':
      return record.name;
    case 'area':
      return formatArea(record.area);
    case 'area:m2':
    case 'area:ha':
    case 'area:km2':
      return formatArea(record.area, field.slice(5) as 'm2' | 'ha' | 'km2');
    case 'households':
      return record.households === null ? null : `${formatCount(record.households)}户`;
    case 'residents':
      return record.residents === null ? null : `${formatCount(record.residents)}人`;
    case 'worker':
      // The grid worker (网格员) first; else whoever the record lists first.
      return (record.persons.find((p) => p.role.includes('网格员')) ?? record.persons[0])?.name ?? null;
    case 'persons':
      return record.persons.length === 0 ? null : record.persons.map((p) => p.name).join('、');
    case 'phone':
      return record.persons.find((p) => p.phone !== '')?.phone ?? null;
    default: {
      const value = record.properties[field];
      return value === undefined || value === null || value === '' ? null : String(value);
    }
  }
}

/** Chinese and English names of the levels, for legends, sheets and the tree. */
const LEVELS: Record<number, [zh: string, en: string, plural: string]> = {
  1: ['街道', 'street', 'streets'],
  2: ['社区', 'community', 'communities'],
  3: ['网格', 'grid', 'grids'],
  4: ['微网格', 'micro-grid', 'micro-grids'],
  5: ['单元', 'unit', 'units'],
};

/** A level's name: `'zh'` 社区, `'en'` community, `'both'` community 社区, `'plural'` communities 社区. */
export function levelName(level: number, form: 'zh' | 'en' | 'both' | 'plural' = 'both'): string {
  const names = LEVELS[level];
  if (names === undefined) return form === 'plural' ? `level-${level} grids` : `level ${level}`;
  const [zh, en, plural] = names;
  return form === 'zh' ? zh : form === 'en' ? en : form === 'plural' ? `${plural} ${zh}` : `${en} ${zh}`;
}
