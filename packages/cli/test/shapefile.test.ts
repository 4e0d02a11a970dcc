import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { readGeoJson, tempDir, wangge } from './helpers';

/** CGCS2000 / 3-degree Gauss-Kruger CM 120E as ArcGIS writes it into a `.prj`. */
const PRJ_4549 =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** A polygon Shapefile (`.shp` + `.dbf`), written by the book (ESRI whitepaper, dBASE III), rings clockwise. */
function writeShapefile(
  base: string,
  rows: Array<{ ring: number[][]; fields: Record<string, string> }>,
  encoding: string,
) {
  const records = rows.map(({ ring }) => {
    const content = Buffer.alloc(44 + 4 + 16 * ring.length);
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    content.writeInt32LE(5, 0);
    for (const [i, v] of [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].entries()) {
      content.writeDoubleLE(v, 4 + 8 * i);
    }
    content.writeInt32LE(1, 36);
    content.writeInt32LE(ring.length, 40);
    content.writeInt32LE(0, 44);
    ring.forEach((p, i) => {
      content.writeDoubleLE(p[0], 48 + 16 * i);
      content.writeDoubleLE(p[1], 56 + 16 * i);
    });
    return content;
  });
  const length = 100 + records.reduce((s, r) => s + 8 + r.length, 0);
  const shp = Buffer.alloc(length);
  shp.writeInt32BE(9994, 0);
  shp.writeInt32BE(length / 2, 24);
  shp.writeInt32LE(1000, 28);
  shp.writeInt32LE(5, 32);
  let at = 100;
  records.forEach((r, i) => {
    shp.writeInt32BE(i + 1, at);
    shp.writeInt32BE(r.length / 2, at + 4);
    r.copy(shp, at + 8);
    at += 8 + r.length;
  });
  writeFileSync(`${base}.shp`, shp);

  const names = Object.keys(rows[0].fields);
  const width = 24;
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + width * names.length;
  const dbf = Buffer.alloc(headerLength + recordLength * rows.length + 1, 0x20);
  dbf.fill(0, 0, headerLength);
  dbf.writeUInt8(0x03, 0);
  dbf.writeUInt32LE(rows.length, 4);
  dbf.writeUInt16LE(headerLength, 8);
  dbf.writeUInt16LE(recordLength, 10);
  names.forEach((name, i) => {
    dbf.write(name, 32 + 32 * i, 'latin1');
    dbf.write('C', 32 + 32 * i + 11, 'latin1');
    dbf.writeUInt8(width, 32 + 32 * i + 16);
  });
  dbf.writeUInt8(0x0d, headerLength - 1);
  rows.forEach((row, r) => {
    names.forEach((name, i) => {
      iconv.encode(row.fields[name], encoding).copy(dbf, headerLength + r * recordLength + 1 + i * width);
    });
  });
  dbf.writeUInt8(0x1a, dbf.length - 1);
  writeFileSync(`${base}.dbf`, dbf);
}

describe.concurrent('Shapefile input', () => {
  it('reads a land-registry Shapefile: CRS from the .prj, GBK attributes from the .cpg', async () => {
    const dir = tempDir();
    const base = join(dir, 'communities');
    const gk = proj4('WGS84', PRJ_4549);
    // Two squares in Gauss-Krüger metres, each ring clockwise as Shapefiles want their outer rings.
    const square = (x: number, y: number, d: number) => [
      [x, y],
      [x, y + d],
      [x + d, y + d],
      [x + d, y],
      [x, y],
    ];
    const [x0, y0] = gk.forward([120.1, 30.2]);
    writeShapefile(
      base,
      [
        { ring: square(x0, y0, 500), fields: { NAME: '东湖社区', CODE: '330106001001' } },
        { ring: square(x0 + 500, y0, 500), fields: { NAME: '西溪社区', CODE: '330106001002' } },
      ],
      'gbk',
    );
    writeFileSync(`${base}.prj`, PRJ_4549);
    writeFileSync(`${base}.cpg`, 'GBK');
    const out = join(dir, 'communities.geojson');
    const run = await wangge(['convert', `${base}.shp`, '-o', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const features = readGeoJson(out);
    expect(features.map((f) => f.properties)).toEqual([
      { NAME: '东湖社区', CODE: '330106001001' },
      { NAME: '西溪社区', CODE: '330106001002' },
    ]);
    const [lon, lat] = (features[0].geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(lon).toBeCloseTo(120.1, 9);
    expect(lat).toBeCloseTo(30.2, 9);
    // Without the .cpg the attributes are garbled unless --encoding says how to read them.
    const { unlinkSync } = await import('node:fs');
    unlinkSync(`${base}.cpg`);
    const again = await wangge(['convert', `${base}.shp`, '--encoding', 'gbk', '-o', out]);
    expect(again.status).toBe(0);
    expect(readGeoJson(out)[1].properties?.NAME).toBe('西溪社区');
  });

  it('says what to do when a projected file comes without its CRS', async () => {
    const dir = tempDir();
    const base = join(dir, 'grids');
    writeShapefile(
      base,
      [
        {
          ring: [
            [509629, 3342288],
            [509629, 3342788],
            [510129, 3342788],
            [510129, 3342288],
            [509629, 3342288],
          ],
          fields: { CODE: 'A1' },
        },
      ],
      'utf8',
    );
    const run = await wangge(['render', `${base}.shp`, '-o', join(dir, 'map.svg')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('grids.shp');
    expect(run.stderr).toContain('--crs EPSG:');
    const fixed = await wangge(['render', `${base}.shp`, '--crs', 'EPSG:4549', '-o', join(dir, 'map.svg')]);
    expect(fixed.status).toBe(0);
  });
});
