/**
 * LunarLander's polygons with the mass planck.js 1.4.3 and later compute. planck 1.4.2 and every
 * earlier version sum the centroid into the wrong coordinate (`addVec2` set y = v.x + w.y; fixed
 * in 1.4.3), which moves the lander's centre of mass, but 1.4.3 and 1.5.0 declare
 * `engines: node >= 24` and so fail `npm --engine-strict` and Yarn 1 on Node 20. coagent depends on
 * planck 1.4.2 (node >= 14) and gives its own shapes this `computeMass`: the area-weighted
 * centroid and inertia of PolygonShape.computeMass in planck 1.5.0, operation for operation, so the
 * trajectories (test/envs/lunarlander-trajectories.test.ts) are 1.5.0's with either version installed.
 */
import type { MassData, Vec2Value } from "planck";
import type { Physics } from "./physics.js";

/** The fields planck keeps on a polygon (its vertices in body coordinates). */
interface PolygonInternals {
  m_vertices: Vec2Value[];
  m_count: number;
}

/** Mass, centre of mass and rotational inertia about the body origin of a convex polygon of uniform density. */
function polygonMass(shape: PolygonInternals, massData: MassData, density: number): void {
  const vertices = shape.m_vertices;
  const count = shape.m_count;
  // The reference point s: the mean of the vertices, so the triangles fan out from inside.
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < count; ++i) {
    sx += vertices[i].x;
    sy += vertices[i].y;
  }
  const inverseCount = 1 / count;
  sx = inverseCount * sx;
  sy = inverseCount * sy;
  const third = 1 / 3;
  let area = 0;
  let inertia = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < count; ++i) {
    const next = vertices[i + 1 < count ? i + 1 : 0];
    const ex1 = vertices[i].x - sx;
    const ey1 = vertices[i].y - sy;
    const ex2 = next.x - sx;
    const ey2 = next.y - sy;
    const D = ex1 * ey2 - ey1 * ex2;
    const triangleArea = 0.5 * D;
    area += triangleArea;
    // The triangle's centroid (relative to s) weighted by its area.
    cx += triangleArea * third * ex1 + triangleArea * third * ex2;
    cy += triangleArea * third * ey1 + triangleArea * third * ey2;
    const intx2 = ex1 * ex1 + ex2 * ex1 + ex2 * ex2;
    const inty2 = ey1 * ey1 + ey2 * ey1 + ey2 * ey2;
    inertia += 0.25 * third * D * (intx2 + inty2);
  }
  massData.mass = density * area;
  const inverseArea = 1 / area;
  cx = inverseArea * cx;
  cy = inverseArea * cy;
  massData.center.x = cx + sx;
  massData.center.y = cy + sy;
  // The inertia about s, moved to the body origin by the parallel-axis theorem.
  massData.I = density * inertia;
  const center = massData.center;
  massData.I += massData.mass * ((center.x * center.x + center.y * center.y) - (cx * cx + cy * cy));
}

export interface LanderShapes {
  Polygon: Physics["Polygon"];
  Box: Physics["Box"];
}
const classes = new WeakMap<Physics, LanderShapes>();

/** Polygon and Box subclasses of a loaded planck module whose mass is planck 1.5.0's. */
export function landerShapes(physics: Physics): LanderShapes {
  let shapes = classes.get(physics);
  if (!shapes) {
    shapes = {
      Polygon: class extends physics.Polygon {
        override computeMass(massData: MassData, density: number): void {
          polygonMass(this as unknown as PolygonInternals, massData, density);
        }
      } as Physics["Polygon"],
      Box: class extends physics.Box {
        override computeMass(massData: MassData, density: number): void {
          polygonMass(this as unknown as PolygonInternals, massData, density);
        }
      } as Physics["Box"],
    };
    classes.set(physics, shapes);
  }
  return shapes;
}
