import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planToRecords, type StaffMember } from '../src/internal/register';
import { checkStaffing } from '../src/staffing';
import { runInProcess, tempDir, tinyPlan, writeGeoJson } from './helpers';

/** The tiny plan with 120 households / 300 residents per leaf grid, rolled up (S: 480 / 1,200). */
function records() {
  const leaves = new Set(['A1', 'A2', 'B1', 'B2']);
  const plan = tinyPlan().map((g) => {
    const c = g.properties.code;
    const n = leaves.has(c) ? 1 : c === 'S' ? 4 : 2;
    return { ...g, properties: { ...g.properties, households: 120 * n, residents: 300 * n } };
  });
  return planToRecords(plan).records;
}

/** A full team on every leaf: 网格长, 专职网格员 and AB岗 each. */
function fullTeam(): StaffMember[] {
  return ['A1', 'A2', 'B1', 'B2'].flatMap((g, i) => [
    { name: `长${i}`, role: '网格长', phone: `1380000000${i}`, grids: [g] },
    { name: `员${i}`, role: '专职网格员', phone: `1390000000${i}`, grids: [g] },
    { name: `B${i}`, role: 'AB岗', phone: '', grids: [g] },
  ]);
}

describe('the staffing model', () => {
  it('finds nothing on a full team with 4 workers for 1,200 residents (33 per 10k)', () => {
    const result = checkStaffing(records(), fullTeam());
    expect(result.findings).toEqual([]);
    const s = result.grids.find((g) => g.code === 'S')!;
    expect(s.workers).toBe(4);
    expect(s.workersPer10k).toBeCloseTo((4 / 1200) * 10_000, 9);
  });

  it('counts a person on two grids once, with the caseload of both (today report counts two workers)', () => {
    const staff = fullTeam().filter((m) => m.name !== '员1');
    staff[1] = { ...staff[1], grids: ['A1', 'A2'] }; // 员0 covers A1 and A2
    const result = checkStaffing(records(), staff);
    const person = result.persons.find((p) => p.name === '员0')!;
    expect(person.grids).toEqual(['A1', 'A2']);
    expect(person.households).toBe(240);
    const byCode = new Map(result.grids.map((g) => [g.code, g]));
    expect(byCode.get('A')!.workers).toBe(1);
    expect(byCode.get('S')!.workers).toBe(3);
    expect(byCode.get('A2')!.roles).toEqual({ 网格长: 1, 专职网格员: 1, AB岗: 1 });
    // Counted once, A has 1 worker for 600 residents: 16.7 per 10k, below 18 (counted twice it would pass).
    expect(result.findings.map((f) => [f.id, Math.round(f.value * 100) / 100])).toEqual([
      ['few-workers:A', 16.67],
    ]);
    // With a caseload ceiling of 200 households, the same person is over it.
    const capped = checkStaffing(records(), staff, { maxCaseload: 200, minWorkersPer10k: 0 });
    expect(capped.findings.map((f) => [f.kind, f.person?.name, f.value])).toEqual([
      ['over-caseload', '员0', 240],
    ]);
  });

  it('reports a person on three grids (more than the 1-2 allowed)', () => {
    const staff = fullTeam();
    staff.push({ name: '赵六', role: '兼职网格员', phone: '', grids: ['A1', 'A2', 'B1'] });
    const f = checkStaffing(records(), staff).findings;
    expect(f.map((x) => [x.kind, x.value, x.grids])).toEqual([['too-many-grids', 3, ['A1', 'A2', 'B1']]]);
  });

  it('reports a missing AB岗 and a second 网格长, per grid', () => {
    const staff = fullTeam().filter((m) => m.name !== 'B3');
    staff.push({ name: '钱七', role: '网格长', phone: '', grids: ['A1'] });
    const f = checkStaffing(records(), staff).findings;
    expect(f.map((x) => [x.kind, x.grids[0], x.severity, x.value])).toEqual([
      ['role-excess', 'A1', 'warning', 2],
      ['role-missing', 'B2', 'error', 0],
    ]);
    expect(f[1].id).toBe('role-missing:AB岗:B2');
  });

  it('reports too few workers per 10k on every grid with children, at the default 18', () => {
    // Two workers for 1,200 residents: 16.7 per 10k in S; A has none for 600.
    const staff = fullTeam().filter((m) => m.name !== '员0' && m.name !== '员1');
    staff.push(...['A1', 'A2'].map((g) => ({ name: `兼${g}`, role: '信息员', phone: '', grids: [g] })));
    const f = checkStaffing(records(), staff, { rules: [] }).findings;
    expect(f.map((x) => [x.kind, x.grids[0], Math.round(x.value * 100) / 100])).toEqual([
      ['few-workers', 'S', 16.67],
      ['few-workers', 'A', 0],
    ]);
    expect(
      checkStaffing(records(), staff, { rules: [], minWorkersPer10k: 15 }).findings.map((x) => x.grids[0]),
    ).toEqual(['A']);
  });

  it('checks per level when a rule names a level, and refuses a malformed model with INVALID_OPTION', () => {
    const f = checkStaffing(records(), fullTeam(), {
      rules: [{ name: '监督员', roles: ['监督员'], level: 2, min: 1 }],
    }).findings;
    expect(f.map((x) => x.id)).toEqual(['role-missing:监督员:A', 'role-missing:监督员:B']);
    for (const bad of [
      { rules: [{ name: 'x', roles: ['y'], min: 3, max: 1 }] },
      { minWorkersPer10k: -1 },
      { rules: 'x' },
    ]) {
      expect(() => checkStaffing(records(), [], bad as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTION' }),
      );
    }
  });

  it('binds the territorial grids by default, and a thematic system only by a rule that names it', () => {
    const fire = records().map((r) => (r.code.startsWith('B') ? { ...r, system: 'fire' } : r));
    const team = fullTeam().filter((m) => !m.grids[0].startsWith('B')); // no one on the fire grids
    expect(checkStaffing(fire, team, { minWorkersPer10k: 0 }).findings).toEqual([]);
    const rules = [{ name: '消防网格长', roles: ['网格长'], level: 'leaf' as const, system: 'fire', min: 1 }];
    const f = checkStaffing(fire, team, { rules, minWorkersPer10k: 0 }).findings;
    expect(f.map((x) => x.id)).toEqual(['role-missing:消防网格长:B1', 'role-missing:消防网格长:B2']);
  });

  it('checks a flat plan (one level) over all its grids', () => {
    const flat = records()
      .filter((r) => r.level === 3)
      .map((r) => ({ ...r, chain: [] }));
    const staff = fullTeam().filter((m) => m.role !== '专职网格员' || m.name === '员0');
    const f = checkStaffing(flat, staff).findings.filter((x) => x.kind === 'few-workers');
    expect(f.map((x) => [x.id, Math.round(x.value * 100) / 100])).toEqual([['few-workers:plan', 8.33]]);
  });
});

describe('wangge report --staff', () => {
  it('counts a person on two grids once and reports the staffing breaches with the load findings', async () => {
    const dir = tempDir();
    const plan = writeGeoJson(dir, 'plan.geojson', tinyPlan());
    const households = join(dir, 'households.csv');
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${120.1005 + (i % 20) * 0.00045},${30.2005 + Math.floor(i / 20) * 0.01},25`,
    );
    writeFileSync(households, `lon,lat,residents\n${rows.join('\n')}\n`);
    const staff = join(dir, 'staff.csv');
    writeFileSync(
      staff,
      [
        'name,role,phone,grids',
        '张三,网格长,1,A1;A2;B1',
        '李四,专职网格员,2,A1;A2',
        '王五,AB岗,3,A1;A2',
      ].join('\n'),
    );
    const run = await runInProcess(['report', plan, '--households', households, '--staff', staff, '--json']);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout) as {
      findings: Array<{ id: string }>;
      staffing: Array<{ code: string; workers: number; workersPer10k: number | null }>;
      persons: Array<{ name: string; households: number }>;
    };
    const byCode = new Map(json.staffing.map((g) => [g.code, g]));
    // 李四 covers A1 and A2 (40 households, 1,000 residents): one worker for A and for S, not two.
    expect(byCode.get('A')!.workers).toBe(1);
    expect(byCode.get('S')!.workers).toBe(1);
    expect(json.persons.find((p) => p.name === '李四')!.households).toBe(40);
    expect(byCode.get('S')!.workersPer10k).toBe(10);
    expect(json.findings.map((f) => f.id)).toEqual([
      'too-many-grids:1',
      'few-workers:S',
      'few-workers:A',
      'role-missing:网格员:B1',
      'role-missing:AB岗:B1',
      'role-missing:网格长:B2',
      'role-missing:网格员:B2',
      'role-missing:AB岗:B2',
    ]);
  });
});
