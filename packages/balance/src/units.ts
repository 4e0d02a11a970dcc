import { ErrorCode, type GridGeometry, normalizeGeometry, WanggeError } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { EntityTables } from './entities';
import { tallyEntities } from './internal/tally';
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

/**
 * Counts the entities inside every atomic unit and adds `households`, `load` and `counts` to a copy of
 * its properties, ready for {@link rebalance}. Entities outside every unit are not counted: compare
 * the totals with the tables when units may not cover them all.
 */
export function measureUnits<P extends object>(
  units: readonly Feature<Polygon | MultiPolygon, P>[],
  entities: EntityTables,
  model: WorkloadModel,
): Feature<Polygon | MultiPolygon, P & UnitMeasures>[] {
  const resolved = resolveModel(model);
  if (!Array.isArray(units))
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'units must be an array of features');
  const geometries: GridGeometry[] = units.map((f, i) =>
    normalizeGeometry(f?.geometry, { featureIndex: i, featureId: f?.id ?? undefined }),
  );
  const tally = tallyEntities(geometries, entities, resolved);
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
