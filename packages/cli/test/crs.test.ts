import { ErrorCode, isWanggeError } from '@wangge/core';
import fc from 'fast-check';
import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { cgcs2000GaussKruger, parseCrs } from '../src/crs';

/** Central meridian and false easting of a definition. */
function params(definition: string | undefined): [number, number] {
  const lon = /\+lon_0=(\d+)/.exec(definition ?? '');
  const x = /\+x_0=(\d+)/.exec(definition ?? '');
  return [Number(lon?.[1]), Number(x?.[1])];
}

describe('CRS', () => {
  it('knows the CGCS2000 Gauss-Krüger family as the EPSG registry lists it', () => {
    expect(params(cgcs2000GaussKruger(4491))).toEqual([75, 13_500_000]); // 6° zone 13
    expect(params(cgcs2000GaussKruger(4501))).toEqual([135, 23_500_000]); // 6° zone 23
    expect(params(cgcs2000GaussKruger(4502))).toEqual([75, 500_000]); // 6° CM 75°E
    expect(params(cgcs2000GaussKruger(4512))).toEqual([135, 500_000]); // 6° CM 135°E
    expect(params(cgcs2000GaussKruger(4513))).toEqual([75, 25_500_000]); // 3° zone 25
    expect(params(cgcs2000GaussKruger(4527))).toEqual([117, 39_500_000]); // 3° zone 39
    expect(params(cgcs2000GaussKruger(4534))).toEqual([75, 500_000]); // 3° CM 75°E
    expect(params(cgcs2000GaussKruger(4547))).toEqual([114, 500_000]); // 3° CM 114°E
    expect(params(cgcs2000GaussKruger(4554))).toEqual([135, 500_000]); // 3° CM 135°E
    expect(cgcs2000GaussKruger(4490)).toBeUndefined();
    expect(cgcs2000GaussKruger(4555)).toBeUndefined();
  });

  it('reads the names people type, and rejects the rest with INVALID_OPTION', () => {
    for (const name of ['WGS84', 'wgs-84', 'EPSG:4326', 'crs84']) expect(parseCrs(name).name).toBe('WGS84');
    for (const name of ['CGCS2000', 'epsg:4490', 'urn:ogc:def:crs:EPSG::4490'])
      expect(parseCrs(name).name).toBe('CGCS2000');
    expect(parseCrs('gcj-02').name).toBe('GCJ02');
    expect(parseCrs('Baidu').name).toBe('BD09');
    expect(parseCrs('EPSG:3857').geographic).toBe(false);
    expect(parseCrs('+proj=longlat +ellps=GRS80').geographic).toBe(true);
    for (const bad of ['EPSG:999999', 'mars-2', '+proj=nonsense']) {
      let error: unknown;
      try {
        parseCrs(bad);
      } catch (e) {
        error = e;
      }
      expect(isWanggeError(error, ErrorCode.INVALID_OPTION), bad).toBe(true);
    }
  });

  it('converts GCJ-02 and BD-09 both ways within a millimetre anywhere in China, agreeing with gcoord', () => {
    const gcj = parseCrs('gcj02');
    const bd = parseCrs('bd09');
    fc.assert(
      fc.property(
        fc.double({ min: 75, max: 134, noNaN: true }),
        fc.double({ min: 18, max: 53, noNaN: true }),
        (lon, lat) => {
          for (const [crs, system] of [
            [gcj, gcoord.GCJ02],
            [bd, gcoord.BD09],
          ] as const) {
            const there = crs.fromWgs84([lon, lat]);
            expect(there).toEqual(gcoord.transform([lon, lat], gcoord.WGS84, system));
            const back = crs.toWgs84(there);
            // 1e-8° is about a millimetre (gcoord's own inverse is off by up to 2.3e-6°, 0.25 m)
            expect(Math.abs(back[0] - lon)).toBeLessThan(1e-8);
            expect(Math.abs(back[1] - lat)).toBeLessThan(1e-8);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
