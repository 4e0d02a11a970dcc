import { ErrorCode, GridPlan, normalizeGeometry, WanggeError } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { EntityTables } from './entities';
import { tallyPlan } from './internal/measure';
import { resolveModel, type WorkloadModel } from './model';

/** What {@link measureUnits} adds to every unit's properties. */
export interface UnitMeasures {
  /** Households inside the unit. */
  households: number;
  /** Load of the unit under the model. */
  load: number;
  /** Entities per category inside the unit. */
  counts: Record<string, number>;
}

/** The units as a flat plan of one level, so that `@wangge/assign` places entities in them. */
export function unitsToPlan(units: readonly Feature<Polygon | MultiPolygon>[]): GridPlan {
  if (!Array.isArray(units) || units.length === 0) {
    throw new WanggeError(ErrorCode.EMPTY_INPUT, 'units must be a non-empty array of Polygon features');
  }
  return GridPlan.from(
    units.map((f, i) => ({
      type: 'Feature' as const,
      properties: { code: `u${i}`, level: 1, parent: null },
      geometry: normalizeGeometry(f?.geometry, { featureIndex: i, featureId: f?.id ?? undefined }),
    })),
  );
}

/**
 * Counts the entities inside every atomic unit and adds `households`, `load` and `counts` to a copy of
 * its properties, ready for {@link rebalance}. Placement is `@wangge/assign`'s (the index's one point
 * rule, so a household on a shared edge is counted once). Entities outside every unit are not counted:
 * compare the totals with the tables when units may not cover them all.
 */
export function measureUnits<P extends object>(
  units: readonly Feature<Polygon | MultiPolygon, P>[],
  entities: EntityTables,
  model: WorkloadModel,
): Feature<Polygon | MultiPolygon, P & UnitMeasures>[] {
  const resolved = resolveModel(model);
  const tally = tallyPlan(unitsToPlan(units), entities, resolved);
  const nc = resolved.categories.length;
  return units.map((f, i) => {
    const counts: Record<string, number> = {};
    resolved.categories.forEach((c, k) => {
      counts[c.name] = tally.counts[i * nc + k];
    });
    return {
      ...f,
      properties: { ...f.properties, households: tally.households[i], load: tally.load[i], counts },
    };
  });
}
