import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planToRecords, readStaff, type StaffMember } from '../src/internal/register';
import { fieldText, formatArea, parseLabelFields } from '../src/render/fields';
import { tempDir, tinyPlan } from './helpers';
import { errorCodeOf } from './render-city';

const staff: StaffMember[] = [
  { name: '李四', role: '专职网格员', phone: '13800000002', grids: ['A1'] },
  { name: '张三', role: '网格长', phone: '13800000001', grids: ['A1', 'A2'] },
  { name: '王五', role: '信息员', phone: '', grids: ['A1', 'Z9'] },
];

describe('the register record', () => {
  it("gives each grid its chain, level, neighbours, geodesic area and counts; children's areas add up to the parent's", () => {
    const plan = tinyPlan().map((g) => ({
      ...g,
      properties: {
        ...g.properties,
        ...(g.properties.level === 3 ? { households: 120, residents: '301' } : {}),
      },
    }));
    const { records, findings } = planToRecords(plan);
    expect(findings).toEqual([]);
    const byCode = new Map(records.map((r) => [r.code, r]));
    const a1 = byCode.get('A1')!;
    expect(a1).toMatchObject({ name: 'A1网格', level: 3, households: 120, residents: 301, persons: [] });
    expect(a1.chain).toEqual([
      { code: 'S', name: 'S网格' },
      { code: 'A', name: 'A网格' },
    ]);
    // Neighbours of the same level, across parents too (B1 borders A1 on the east).
    expect(a1.neighbours).toEqual(['A2', 'B1']);
    expect(byCode.get('A')!.neighbours).toEqual(['B']);
    expect(byCode.get('S')!.households).toBeNull();
    // A 0.01° square at 30.2° N: about 962 m × 1,109 m.
    expect(a1.area).toBeGreaterThan(1.06e6);
    expect(a1.area).toBeLessThan(1.075e6);
    const sum = ['A1', 'A2', 'B1', 'B2'].reduce((s, c) => s + byCode.get(c)!.area, 0);
    expect(sum / byCode.get('S')!.area).toBeCloseTo(1, 7); // to 0.5 m² of 4.3 km²
  });

  it('lists persons by role (网格长 first), a person on two grids on both, and reports a grid not in the plan', () => {
    const { records, findings } = planToRecords(tinyPlan(), { staff });
    const a1 = records.find((r) => r.code === 'A1')!;
    expect(a1.persons.map((p) => p.role)).toEqual(['网格长', '专职网格员', '信息员']);
    expect(records.find((r) => r.code === 'A2')!.persons.map((p) => p.name)).toEqual(['张三']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'unknown-staff-grid', severity: 'warning', grids: ['Z9'] });
    expect(fieldText(a1, 'worker')).toBe('李四'); // the 网格员 before the 网格长
    expect(fieldText(a1, 'persons')).toBe('张三、李四、王五');
    expect(fieldText(a1, 'phone')).toBe('13800000001');
    expect(fieldText(a1, 'name')).toBe('A1网格');
    expect(fieldText(a1, 'households')).toBeNull();
    expect(fieldText(a1, 'level')).toBe('3'); // any property
  });

  it('reads a staff table from CSV (English or Chinese headers) and JSON, and refuses rows without name or grid', () => {
    const dir = tempDir();
    const csv = join(dir, 'staff.csv');
    writeFileSync(
      csv,
      '\ufeffname,role,phone,grids\n张三,网格长,13800000001,A1;A2\n李四,专职网格员,0571-8800,B1\n',
    );
    expect(readStaff(csv)).toEqual([
      { name: '张三', role: '网格长', phone: '13800000001', grids: ['A1', 'A2'] },
      { name: '李四', role: '专职网格员', phone: '0571-8800', grids: ['B1'] },
    ]);
    const zh = join(dir, 'staff-zh.csv');
    writeFileSync(zh, '姓名,岗位,联系电话,负责网格\n王五,信息员,,A1；B2\n');
    expect(readStaff(zh)).toEqual([{ name: '王五', role: '信息员', phone: '', grids: ['A1', 'B2'] }]);
    const json = join(dir, 'staff.json');
    writeFileSync(
      json,
      JSON.stringify([{ name: '赵六', role: '监督员', phone: 13900000000, grids: ['A1'] }]),
    );
    expect(readStaff(json)).toEqual([{ name: '赵六', role: '监督员', phone: '13900000000', grids: ['A1'] }]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'name,role,phone,grids\n张三,网格长,1,\n');
    expect(errorCodeOf(() => readStaff(bad))).toBe('UNREADABLE_INPUT');
    writeFileSync(bad, 'name,role,phone,grids\n,网格长,1,A1\n');
    expect(errorCodeOf(() => readStaff(bad))).toBe('UNREADABLE_INPUT');
    writeFileSync(json, '{"name": "x"}');
    expect(errorCodeOf(() => readStaff(json))).toBe('UNREADABLE_INPUT');
    expect(errorCodeOf(() => readStaff(join(dir, 'missing.csv')))).toBe('UNREADABLE_INPUT');
  });

  it('writes areas in m², ha or km², and refuses label fields that would print coordinates', () => {
    expect(formatArea(8400)).toBe('8,400 m²');
    expect(formatArea(42_100)).toBe('4.21 ha');
    expect(formatArea(2_345_678)).toBe('2.35 km²');
    expect(formatArea(42_100, 'm2')).toBe('42,100 m²');
    expect(parseLabelFields(['code,area:ha', 'worker'])).toEqual(['code', 'area:ha', 'worker']);
    for (const bad of [['code,lon'], ['纬度'], ['code,,name']]) {
      expect(errorCodeOf(() => parseLabelFields(bad))).toBe('INVALID_OPTION');
    }
  });
});
