import { connectedComponents, type Mesh, nearestCell } from './mesh';
import type { Random } from './random';

/** Cells of the district: an irregular body minus a lake, plus one exclave (飞地) beyond a strip of other land. */
export function chooseDistrictCells(mesh: Mesh, radius: number, random: Random): Set<number> {
  const phases = [random.range(0, 6.3), random.range(0, 6.3), random.range(0, 6.3)];
  const bodyRadius = (theta: number) =>
    radius *
    (1 +
      0.22 * Math.sin(3 * theta + phases[0]) +
      0.1 * Math.sin(5 * theta + phases[1]) +
      0.06 * Math.sin(8 * theta + phases[2]));
  const lakeAngle = random.range(0, 2 * Math.PI);
  const lake = [0.3 * radius * Math.cos(lakeAngle), 0.3 * radius * Math.sin(lakeAngle), 0.16 * radius];
  const exclaveAngle = random.range(0, 2 * Math.PI);
  const exclaveDistance = bodyRadius(exclaveAngle) + 0.55 * radius;
  const exclave = [
    exclaveDistance * Math.cos(exclaveAngle),
    exclaveDistance * Math.sin(exclaveAngle),
    0.2 * radius,
  ];
  const within = (x: number, y: number, [cx, cy, r]: number[]) => Math.hypot(x - cx, y - cy) <= r;
  const candidates = new Set<number>();
  mesh.cells.forEach((ring, c) => {
    if (ring.length === 0) return;
    const x = mesh.sites[2 * c];
    const y = mesh.sites[2 * c + 1];
    const inBody = Math.hypot(x, y) <= bodyRadius(Math.atan2(y, x)) && !within(x, y, lake);
    if (inBody || within(x, y, exclave)) candidates.add(c);
  });
  // Keep the main body and the exclave; drop stray islands the noisy outline may leave.
  const components = connectedComponents(mesh, candidates).sort((a, b) => b.length - a.length || a[0] - b[0]);
  const exclaveCell = nearestCell(mesh, candidates, exclave[0], exclave[1]);
  const exclaveComponent = components.find((comp) => comp.includes(exclaveCell));
  if (exclaveComponent === undefined || exclaveComponent === components[0]) {
    throw new Error('generator invariant: the exclave must be separate from the main body');
  }
  return new Set([...components[0], ...exclaveComponent].sort((a, b) => a - b));
}
