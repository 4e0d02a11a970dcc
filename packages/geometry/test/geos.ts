/**
 * GEOS 3.13 (geos-wasm, loaded from the npm package) as the independent reference of the tests: validity,
 * planar area, overlay and MakeValid (`structure` method). Every call frees what it allocates.
 */
import type { Geometry } from 'geojson';
import initGeosJs from 'geos-wasm';
import { geojsonToGeosGeom, geosGeomToGeojson } from 'geos-wasm/helpers';

type Geos = Awaited<ReturnType<typeof initGeosJs>>;

let geosPromise: Promise<Geos> | null = null;

/** The GEOS module, loaded once. */
export function loadGeos(): Promise<Geos> {
  geosPromise ??= initGeosJs();
  return geosPromise;
}

/** A GEOS reference bound to a loaded module. */
export class GeosReference {
  constructor(private readonly geos: Geos) {}

  private with<T>(g: Geometry, run: (ptr: number) => T): T {
    const ptr = geojsonToGeosGeom(g as never, this.geos);
    try {
      return run(ptr);
    } finally {
      this.geos.GEOSGeom_destroy(ptr);
    }
  }

  /** GEOS `isValid`, and its reason when not valid. */
  validity(g: Geometry): { valid: boolean; reason: string } {
    return this.with(g, (ptr) => {
      const valid = this.geos.GEOSisValid(ptr) === 1;
      return { valid, reason: valid ? 'Valid Geometry' : String(this.geos.GEOSisValidReason(ptr)) };
    });
  }

  /** Planar area in square degrees. */
  area(g: Geometry): number {
    return this.with(g, (ptr) => {
      const out = this.geos.Module._malloc(8);
      this.geos.GEOSArea(ptr, out);
      const area = this.geos.Module.getValue(out, 'double');
      this.geos.Module._free(out);
      return area;
    });
  }

  /** Area of a binary overlay (OverlayNG) of `a` and `b`. */
  overlayArea(op: 'intersection' | 'difference' | 'union', a: Geometry, b: Geometry): number {
    return this.with(a, (pa) =>
      this.with(b, (pb) => {
        const r =
          op === 'intersection'
            ? this.geos.GEOSIntersection(pa, pb)
            : op === 'difference'
              ? this.geos.GEOSDifference(pa, pb)
              : this.geos.GEOSUnion(pa, pb);
        const out = this.geos.Module._malloc(8);
        this.geos.GEOSArea(r, out);
        const area = this.geos.Module.getValue(out, 'double');
        this.geos.Module._free(out);
        this.geos.GEOSGeom_destroy(r);
        return area;
      }),
    );
  }

  /** GEOS MakeValid with the `structure` method (collapsed parts dropped), as GeoJSON. */
  makeValid(g: Geometry): Geometry {
    return this.with(g, (ptr) => {
      const params = this.geos.GEOSMakeValidParams_create();
      this.geos.GEOSMakeValidParams_setMethod(params, 1);
      this.geos.GEOSMakeValidParams_setKeepCollapsed(params, 0);
      const r = this.geos.GEOSMakeValidWithParams(ptr, params);
      this.geos.GEOSMakeValidParams_destroy(params);
      const out = geosGeomToGeojson(r, this.geos) as Geometry;
      this.geos.GEOSGeom_destroy(r);
      return out;
    });
  }
}
