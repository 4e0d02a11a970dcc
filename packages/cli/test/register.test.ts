import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { planToRecords } from '../src/internal/register';
import { recordsToRows, rowsToXlsx } from '../src/internal/registerTable';
import { runInProcess, tempDir, tinyPlan, writeGeoJson } from './helpers';

/** Households of the tiny plan: 3 in A1 (one with key-group flags), 2 in B2, residents 2 each. */
function householdsCsv(dir: string): string {
  const rows = [
    [120.102, 30.202, 1],
    [120.103, 30.203, 0],
    [120.104, 30.204, 0],
    [120.115, 30.215, 0],
    [120.116, 30.216, 0],
  ];
  const file = join(dir, 'households.csv');
  writeFileSync(file, `lon,lat,residents,flags\n${rows.map(([x, y, f]) => `${x},${y},2,${f}`).join('\n')}\n`);
  return file;
}

function staffCsv(dir: string): string {
  const file = join(dir, 'staff.csv');
  writeFileSync(
    file,
    [
      '姓名,角色,电话,网格',
      '张三,网格长,13800000001,A1;A2',
      '李四,专职网格员,13800000002,A1',
      '王五,AB岗,13800000003,A1;A2',
      '赵六,网格长,13800000004,A',
      '钱七,专职网格员,13800000005,A2',
    ].join('\n'),
  );
  return file;
}

const HEADERS_ZH = [
  '网格编码',
  '网格名称',
  '层级',
  '网格体系',
  '上级网格编码',
  '所属上级网格',
  '面积(平方米)',
  '户数',
  '人口数',
  '重点人群',
  '单位数',
  '网格长',
  '网格长电话',
  '专职网格员',
  '专职网格员电话',
  'AB岗',
  'AB岗电话',
  '相邻网格',
  '上级网格联系人',
  '下级网格联系人',
];

describe('wangge register', () => {
  it('writes an .xlsx with one sheet per level and the Chinese columns, which SheetJS reads back', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan());
    const out = join(dir, '明细表.xlsx');
    const units = join(dir, 'units.csv');
    writeFileSync(units, 'lon,lat,kind\n120.101,30.201,shop\n120.111,30.201,school\n');
    const args = [
      'register',
      plan,
      '--households',
      householdsCsv(dir),
      '--units',
      units,
      '--staff',
      staffCsv(dir),
    ];
    const run = await runInProcess([...args, '--lang', 'zh', '-o', out, '--json']);
    const workbook = XLSX.read(readFileSync(out));
    expect(workbook.SheetNames).toEqual(['一级网格', '二级网格', '三级网格']);
    const sheet = workbook.Sheets.三级网格;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
    const header = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0];
    expect(header).toEqual(HEADERS_ZH);
    expect(rows.map((r) => r.网格编码)).toEqual(['A1', 'A2', 'B1', 'B2']);
    const a1 = rows[0];
    expect(a1).toMatchObject({
      网格名称: 'A1网格',
      层级: 3,
      网格体系: 'territorial',
      上级网格编码: 'A',
      所属上级网格: 'S S网格 / A A网格',
      户数: 3,
      人口数: 6,
      重点人群: 1,
      单位数: 1,
      网格长: '张三',
      网格长电话: '13800000001',
      专职网格员: '李四',
      AB岗: '王五',
      相邻网格: 'A2;B1',
      上级网格联系人: '赵六(网格长 13800000004)',
    });
    expect(Number(a1['面积(平方米)'])).toBeGreaterThan(1.06e6);
    const b2 = rows[3];
    expect(b2).toMatchObject({ 户数: 2, 人口数: 4, 重点人群: 0, 单位数: 0 });
    expect(rows[2]).toMatchObject({ 网格编码: 'B1', 户数: 0, 单位数: 1 });
    const level2 = XLSX.utils.sheet_to_json<Record<string, unknown>>(workbook.Sheets.二级网格);
    expect(level2[0]).toMatchObject({
      网格编码: 'A',
      户数: 3,
      下级网格联系人: 'A1: 张三(网格长 13800000001); A2: 张三(网格长 13800000001)',
    });
    // B1 and B2 have no staff, so B has no worker for its 4 residents: staffing findings, exit 1.
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout) as {
      findings: Array<{ id: string }>;
      persons: Array<{ name: string; households: number }>;
    };
    expect(json.findings.map((f) => f.id)).toEqual([
      'few-workers:B',
      'role-missing:网格长:B1',
      'role-missing:网格员:B1',
      'role-missing:AB岗:B1',
      'role-missing:网格长:B2',
      'role-missing:网格员:B2',
      'role-missing:AB岗:B2',
    ]);
    expect(json.persons.find((p) => p.name === '张三')!.households).toBe(3);
    // The same run twice gives the same bytes.
    const again = join(dir, 'again.xlsx');
    await runInProcess([...args, '--lang', 'zh', '-o', again]);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });

  it('writes a CSV with English headers, counts from the plan, and no coordinate anywhere', async () => {
    const dir = tempDir();
    const counted = tinyPlan().map((g) => ({
      ...g,
      properties: {
        ...g.properties,
        households: 10,
        residents: 25,
        system: g.properties.level === 3 ? 'fire' : undefined,
      },
    }));
    const plan = writeGeoJson(dir, 'plan.geojson', counted);
    const out = join(dir, 'register.csv');
    const run = await runInProcess(['register', plan, '-o', out]);
    expect(run.status).toBe(0);
    const text = readFileSync(out, 'utf8');
    const [header, ...lines] = text.trim().split('\n');
    expect(header.replace(/^\uFEFF/, '')).toBe(
      'code,name,level,system,parent,parent chain,area (m²),households,residents,key groups,units,neighbour grids,upper contacts,lower contacts',
    );
    expect(lines).toHaveLength(7);
    expect(lines[3]).toMatch(/^A1,A1网格,3,fire,A,S S网格 \/ A A网格,\d+\.?\d*,10,25,,,A2;B1,,$/);
    expect(text).not.toMatch(/120\.1|30\.2/);
  });

  it('refuses an output that is neither .csv nor .xlsx, and a bad --lang (exit 2)', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan());
    expect((await runInProcess(['register', plan, '-o', join(dir, 'r.geojson')])).status).toBe(2);
    expect((await runInProcess(['register', plan, '--lang', 'fr', '-o', join(dir, 'r.csv')])).status).toBe(2);
  });

  it('lists every role any record has, in the register order', async () => {
    const { records } = planToRecords(tinyPlan(), {
      staff: [
        { name: '甲', role: '信息员', phone: '1', grids: ['B1'] },
        { name: '乙', role: '监督员', phone: '2', grids: ['B1'] },
      ],
    });
    const { headers } = recordsToRows(records);
    expect(headers.slice(11, 15)).toEqual(['监督员', '监督员 phone', '信息员', '信息员 phone']);
    const bytes = await rowsToXlsx(records);
    expect(XLSX.read(bytes).SheetNames).toEqual(['level 1', 'level 2', 'level 3']);
  });

  it('writes the same .xlsx bytes at another time of day (exceljs dates its zip entries: regression)', async () => {
    const { records } = planToRecords(tinyPlan());
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T08:00:00Z'));
      const morning = await rowsToXlsx(records, 'zh');
      vi.setSystemTime(new Date('2026-06-30T17:31:07Z'));
      const evening = await rowsToXlsx(records, 'zh');
      expect(Buffer.from(evening).equals(Buffer.from(morning))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
