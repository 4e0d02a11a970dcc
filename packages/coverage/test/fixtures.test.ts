import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CoverageReport, checkCoverage, checkToText, validatePlan } from '../src';

const dir = new URL('./fixtures/', import.meta.url);
const update = process.env.WANGGE_UPDATE_FIXTURES === '1';

function run(name: string): CoverageReport {
  const input = JSON.parse(readFileSync(new URL(`${name}/in.geojson`, dir), 'utf8'));
  return validatePlan(input, { tolerance: 0.5, sliverWidth: 1 });
}

const summary = (r: CoverageReport) =>
  r.defects.map((d) => `${d.kind}${d.reason ? `/${d.reason}` : ''}:${d.grids.join('+')}`);

describe('fixtures with known answers', () => {
  it('a clean tiling has no defect', () => expect(run('clean').defects).toEqual([]));
  it('touching at a point is not an overlap', () => expect(run('touching-point').defects).toEqual([]));
  it('a hole that belongs to the parent is not a gap', () => expect(run('parent-hole').defects).toEqual([]));
  it('a missing centre cell is one enclosed gap of one cell', () => {
    const r = run('gap');
    expect(summary(r)).toEqual(['gap:G01+G10+G12+G21']);
    expect(r.defects[0].area).toBeCloseTo(10695.6, 0);
    expect(r.defects[0].width).toBeGreaterThan(95);
  });
  it('a missing corner cell is an inlet', () => expect(summary(run('inlet'))).toEqual(['inlet:B+C']));
  it('a 0.45 m strip is a sliver, with its misaligned vertices', () => {
    const r = run('sliver');
    expect(r.defects[0].kind).toBe('sliver');
    expect(r.defects[0].width).toBeCloseTo(0.43, 1);
    expect(r.counts.misaligned).toBe(4);
  });
  it('a half-cell overlap is found with its area', () => {
    const r = run('overlap');
    expect(summary(r).filter((s) => !s.startsWith('misaligned'))).toEqual(['overlap:A+B']);
    expect(r.overlapArea).toBeCloseTo(10695.6 / 2, 0);
  });
  it('half a cell outside the parent is spill', () =>
    expect(summary(run('outside-parent'))).toEqual(['outside-parent:B']));
  it('a parent part with no child is uncovered', () =>
    expect(summary(run('uncovered-parent'))).toEqual(['uncovered-parent:P', 'multi-part:P']));
  it('a vertex 0.17 m off its neighbour is misaligned and leaves a sliver', () => {
    const r = run('misaligned');
    expect(summary(r)).toEqual(['sliver:A+B', 'misaligned:A+B']);
    expect(r.defects[1].distance).toBeCloseTo(0.174, 2);
  });
  it('bow-ties and spikes are invalid', () =>
    expect(summary(run('invalid'))).toEqual(['invalid/bow-tie:BOW', 'invalid/spike:SPIKE']));
  it('multi-part is a warning, a collapsed ring an error', () => {
    const r = run('multi-part-empty');
    expect(summary(r)).toEqual(['invalid/short-ring:E', 'multi-part:M']);
    expect(r.defects.map((d) => d.severity)).toEqual(['error', 'warning']);
  });
  it('plan defects come from the codes and hierarchy', () =>
    expect(summary(run('plan'))).toEqual([
      'plan/duplicate-code:A',
      'plan/level-skip:K',
      'plan/missing-parent:Z',
      'outside-parent:K',
    ]));

  it.each(readdirSync(dir).sort())('%s matches its out.geojson', (name) => {
    const out = new URL(`${name}/out.geojson`, dir);
    const text = checkToText(
      checkCoverage(JSON.parse(readFileSync(new URL(`${name}/in.geojson`, dir), 'utf8'))),
      'geojson',
    );
    if (update || !existsSync(out)) {
      if (!update) throw new Error(`${name}/out.geojson is missing: run with WANGGE_UPDATE_FIXTURES=1`);
      writeFileSync(out, text);
    }
    expect(text).toBe(readFileSync(out, 'utf8'));
  });
});
