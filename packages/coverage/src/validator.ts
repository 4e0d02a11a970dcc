/**
 * The coverage validator's driver: the per-grid step ({@link checkGrid}, then make-valid for a grid it
 * finds invalid), one overlay of the parent and every grid on the kernel (`@wangge/geometry`), then the
 * set-wide checks, one module each: overlaps, gaps, spill, misaligned; the report's format in `format.ts`.
 * (As JTS's CoverageValidator over CoveragePolygonValidator.)
 */
import {
  checkOptions,
  ErrorCode,
  featuresOf,
  type GridGeometry,
  isPointTable,
  positionProblem,
  WanggeError,
} from '@wangge/core';
import { featureLocation, polygonsOf } from '@wangge/core/internal';
import { makeValid } from '@wangge/geometry';
import type { Feature, Position } from 'geojson';
import { finishReport } from './format';
import type { Draft } from './internal/draft';
import { coverageFaces } from './internal/faces';
import { gapDrafts } from './internal/gaps';
import { checkGrid } from './internal/gridCheck';
import { countDefectHouseholds } from './internal/households';
import { misalignedDrafts } from './internal/misaligned';
import { overlapDrafts } from './internal/overlaps';
import { spillDrafts } from './internal/spill';
import type { CoverageDefect, CoverageOptions, CoverageReport, DefectKind } from './types';

type Polys = Position[][][];

/**
 * Validates that a set of grids tiles its parent (全覆盖、无缝隙、无重叠): configure once, then
 * {@link validate}. `validateCoverage(grids, options)` is the one-line form.
 *
 * Every grid is checked on its own first; a grid with a broken geometry is reported `invalid` and its
 * made-valid shape (`@wangge/geometry` makeValid) still goes through the overlap, gap and spill checks, so
 * no defect hides another. The parent and the grids are then overlaid once on the kernel's snap-rounding
 * overlay (1e-9°): faces of two grids or more are overlaps, faces of the parent alone gaps, grid faces
 * outside the parent spill.
 */
export class CoverageValidator {
  private readonly features: readonly Feature[];
  private readonly options: Required<Omit<CoverageOptions, 'parent' | 'households'>> &
    Pick<CoverageOptions, 'households'>;
  private readonly parent: GridGeometry | null;
  private readonly parentCode: string | undefined;
  /** What the parent's own check found (a dirty boundary is made valid and used; each repair a warning). */
  private readonly parentProblems: Draft[] = [];

  /** Checks the options (throws `WanggeError` `INVALID_OPTION` on a bad one); nothing is computed yet. */
  constructor(
    grids: readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
    options: CoverageOptions = {},
  ) {
    this.features = featuresOf(grids);
    checkOptions(options, 'validateCoverage');
    const sliverWidth = options.sliverWidth ?? 1;
    const tolerance = options.tolerance ?? 0.5;
    if (!(sliverWidth >= 0) || !Number.isFinite(sliverWidth)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `sliverWidth must be a number of metres >= 0, got ${sliverWidth}`,
      );
    }
    if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `tolerance must be a number of metres >= 0, got ${tolerance}`,
      );
    }
    const households = options.households;
    if (households !== undefined && !isPointTable(households)) {
      const xy = (households as { xy?: unknown } | null)?.xy;
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        xy instanceof Float64Array && xy.length % 2 !== 0
          ? `households.xy must hold lon, lat pairs, got ${xy.length} numbers (an odd count)`
          : 'households must be a point table { length, xy: Float64Array of lon, lat pairs, columns } (pointTable(xy) in @wangge/core)',
      );
    }
    for (let i = 0; households !== undefined && i < households.length; i++) {
      const [lon, lat] = [households.xy[2 * i], households.xy[2 * i + 1]];
      const problem = positionProblem(lon, lat);
      if (problem !== null) {
        throw new WanggeError(problem, `households.xy: household ${i} is at ${lon}, ${lat}, not a lon, lat`);
      }
    }
    this.options = { sliverWidth, tolerance, households: options.households };
    const parent = options.parent;
    if (parent !== undefined && (typeof parent !== 'object' || parent === null)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `parent must be a Polygon or MultiPolygon, or a Feature of one; got ${String(parent)} (leave it out for none)`,
      );
    }
    if (parent === undefined) {
      this.parent = null;
    } else {
      const isFeature = (parent as Feature).type === 'Feature';
      const geometry = isFeature ? (parent as Feature).geometry : parent;
      const code = isFeature ? (parent as Feature).properties?.code : undefined;
      this.parentCode = typeof code === 'string' ? code : undefined;
      // A dirty parent (an official boundary with a 2-position ring) is made valid, never refused: its
      // repairs are listed as warnings, since the grids are what is under test.
      const location = { featureId: this.parentCode, path: 'options.parent' };
      const check = checkGrid(geometry, location);
      const name = `parent${this.parentCode === undefined ? '' : ` ${this.parentCode}`}`;
      for (const p of check.problems) {
        if (p.severity !== 'error' || p.reason === 'empty' || p.reason === 'multi-part') continue;
        this.parentProblems.push({
          kind: 'invalid',
          severity: 'warning',
          reason: p.reason as CoverageDefect['reason'],
          grids: this.parentCode === undefined ? [] : [this.parentCode],
          area: 0,
          location: p.at === null ? null : { type: 'Point', coordinates: p.at },
          message: `${name}: ${p.message} (used as made valid)`,
        });
      }
      const made = makeValid(geometry, { featureId: this.parentCode }).geometry;
      this.parent = made === null || polygonsOf(made).every((rings) => rings.length === 0) ? null : made;
      if (this.parent === null) {
        throw new WanggeError(
          ErrorCode.EMPTY_GEOMETRY,
          `${name}: nothing of it has area once made valid (leave it out to check without a parent)`,
          location,
        );
      }
    }
  }

  /** Runs every check and returns the report. */
  validate(): CoverageReport {
    const drafts: Draft[] = [...this.parentProblems];
    const n = this.features.length;
    const codes: string[] = [];
    const polys: Array<Polys | null> = [];
    const shapes: Array<GridGeometry | null> = [];
    for (let i = 0; i < n; i++) {
      const f = this.features[i];
      if (typeof f !== 'object' || f === null || f.type !== 'Feature') {
        throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'not a GeoJSON Feature', { featureIndex: i });
      }
      const location = featureLocation(f, i);
      codes.push(String(location.featureId ?? `#${i}`));
      const check = checkGrid(f.geometry, location);
      const invalid = check.problems.some((p) => p.severity === 'error' && p.reason !== 'empty');
      let shape: GridGeometry | null = check.polygons === null ? null : toGeometry(check.polygons);
      if (invalid && check.polygons !== null) shape = makeValid(shape, location).geometry;
      shapes.push(shape);
      polys.push(check.polygons);
      for (const p of check.problems) {
        const kind: DefectKind =
          p.reason === 'empty' ? 'empty' : p.reason === 'multi-part' ? 'multi-part' : 'invalid';
        drafts.push({
          kind,
          severity: p.severity,
          ...(kind === 'invalid' ? { reason: p.reason as CoverageDefect['reason'] } : {}),
          grids: [codes[i]],
          area: 0,
          location:
            p.at === null
              ? check.polygons === null
                ? null
                : toGeometry(check.polygons)
              : { type: 'Point', coordinates: p.at },
          message: `${codes[i]}: ${p.message}${kind === 'invalid' ? ' (checked as made valid)' : ''}`,
        });
      }
    }
    const live = shapes.map((_, i) => i).filter((i) => shapes[i] !== null);
    if (live.length > 0 || this.parent !== null) {
      const { sliverWidth, tolerance, households } = this.options;
      const faces = coverageFaces(this.parent, shapes, live);
      const areal = [
        ...overlapDrafts(faces, codes, sliverWidth),
        ...gapDrafts(faces, codes, sliverWidth, this.parentCode),
        ...spillDrafts(faces, codes, sliverWidth),
      ];
      areal.push(...misalignedDrafts(polys, codes, tolerance, areal));
      if (households !== undefined) countDefectHouseholds(households, areal, this.features);
      drafts.push(...areal);
    }
    return finishReport(drafts, n);
  }
}

/**
 * Validates that `grids` tile their parent: overlaps, gaps, inlets, slivers, spill outside the parent,
 * uncovered parent area, misaligned vertices, invalid, multi-part and empty grids, each classified,
 * located and measured. Shorthand for `new CoverageValidator(grids, options).validate()`.
 */
export function validateCoverage(
  grids: readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
  options: CoverageOptions = {},
): CoverageReport {
  return new CoverageValidator(grids, options).validate();
}

function toGeometry(polygons: Polys): GridGeometry {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
