/**
 * LunarLander's leg joints: planck.js's RevoluteJoint with its velocity solver rewritten to
 * allocate nothing. At Gymnasium's 180 velocity iterations a step, planck's own solver made
 * seven Vec2/Vec3 temporaries per call on each of the two legs — 2,500 objects a step — and
 * collecting them was a fifth of a random-policy step (docs/performance.md#lunarlanders-step).
 *
 * The arithmetic is planck 1.5.0's `RevoluteJoint.prototype.solveVelocityConstraints` (the
 * version package.json pins), operation for operation and in the same order, with the
 * temporaries' fields held in locals, and the parts that depend only on the mass matrix computed
 * once per step instead of per iteration; test/envs/lunarlander-trajectories.test.ts checks that
 * every observation stays bit-identical. Only the joints LunarLander makes use it.
 */
import type { RevoluteJoint, RevoluteJointDef, TimeStep } from "planck";
import type { Physics } from "./physics.js";

// planck's LimitState values.
const INACTIVE_LIMIT = 0;
const AT_LOWER_LIMIT = 1;
const AT_UPPER_LIMIT = 2;
const EQUAL_LIMITS = 3;

interface XY { x: number; y: number }
interface XYZ extends XY { z: number }
/** The solver state planck keeps on a revolute joint (set by initVelocityConstraints). */
interface RevoluteInternals {
  m_bodyA: { c_velocity: { v: XY; w: number } };
  m_bodyB: { c_velocity: { v: XY; w: number } };
  m_invMassA: number;
  m_invMassB: number;
  m_invIA: number;
  m_invIB: number;
  m_enableMotor: boolean;
  m_enableLimit: boolean;
  m_limitState: number;
  m_motorSpeed: number;
  m_motorMass: number;
  m_motorImpulse: number;
  m_maxMotorTorque: number;
  m_rA: XY;
  m_rB: XY;
  m_impulse: XYZ;
  m_mass: { ex: XYZ; ey: XYZ; ez: XYZ };
}

type LegJointClass = new (def: RevoluteJointDef) => RevoluteJoint;
const classes = new WeakMap<Physics, LegJointClass>();

/** The allocation-free RevoluteJoint subclass for a loaded planck module. */
export function legJointClass(physics: Physics): LegJointClass {
  let LegJoint = classes.get(physics);
  if (!LegJoint) {
    LegJoint = class extends physics.RevoluteJoint {
      /** solve33's and solve22's determinants and first cofactors: m_mass is fixed for a step's iterations. */
      private readonly inverse = new Float64Array(5);

      override initVelocityConstraints(step: TimeStep): void {
        super.initVelocityConstraints(step);
        invertMass(this as unknown as RevoluteInternals, this.inverse);
      }

      override solveVelocityConstraints(step: TimeStep): void {
        solveVelocity(this as unknown as RevoluteInternals, step, this.inverse);
      }
    };
    classes.set(physics, LegJoint);
  }
  return LegJoint;
}

/**
 * What solve33 and solve22 compute from the mass matrix alone, by the same expressions: [1/det33
 * (or 0), solve33's first cofactors x, y, z, 1/det22 (or 0)]. planck recomputes them at each of
 * the 180 iterations from a matrix that only initVelocityConstraints changes.
 */
function invertMass(j: RevoluteInternals, out: Float64Array): void {
  const m = j.m_mass;
  const crossX = m.ey.y * m.ez.z - m.ey.z * m.ez.y;
  const crossY = m.ey.z * m.ez.x - m.ey.x * m.ez.z;
  const crossZ = m.ey.x * m.ez.y - m.ey.y * m.ez.x;
  let det = m.ex.x * crossX + m.ex.y * crossY + m.ex.z * crossZ;
  if (det !== 0) det = 1 / det;
  let d = m.ex.x * m.ey.y - m.ey.x * m.ex.y;
  if (d !== 0) d = 1 / d;
  out[0] = det;
  out[1] = crossX;
  out[2] = crossY;
  out[3] = crossZ;
  out[4] = d;
}

/** planck's solver without temporaries; comments name the planck expression each block replaces. */
function solveVelocity(j: RevoluteInternals, step: TimeStep, inverse: Float64Array): void {
  const vA = j.m_bodyA.c_velocity.v;
  let wA = j.m_bodyA.c_velocity.w;
  const vB = j.m_bodyB.c_velocity.v;
  let wB = j.m_bodyB.c_velocity.w;
  const mA = j.m_invMassA;
  const mB = j.m_invMassB;
  const iA = j.m_invIA;
  const iB = j.m_invIB;
  const fixedRotation = iA + iB === 0;
  const rA = j.m_rA;
  const rB = j.m_rB;
  if (j.m_enableMotor && j.m_limitState != EQUAL_LIMITS && fixedRotation == false) {
    const cdot = wB - wA - j.m_motorSpeed;
    let impulse = -j.m_motorMass * cdot;
    const oldImpulse = j.m_motorImpulse;
    const maxImpulse = step.dt * j.m_maxMotorTorque;
    const sum = j.m_motorImpulse + impulse;
    j.m_motorImpulse = sum < -maxImpulse ? -maxImpulse : sum > maxImpulse ? maxImpulse : sum; // clamp
    impulse = j.m_motorImpulse - oldImpulse;
    wA -= iA * impulse;
    wB += iB * impulse;
  }
  // Cdot1 = Vec2.zero(); Cdot1.addCombine(1, vB, 1, ω_B × r_B); Cdot1.subCombine(1, vA, 1, ω_A × r_A)
  let c1x = 0;
  let c1y = 0;
  c1x += 1 * vB.x + 1 * (-wB * rB.y);
  c1y += 1 * vB.y + 1 * (wB * rB.x);
  c1x -= 1 * vA.x + 1 * (-wA * rA.y);
  c1y -= 1 * vA.y + 1 * (wA * rA.x);
  const m = j.m_mass;
  if (j.m_enableLimit && j.m_limitState != INACTIVE_LIMIT && fixedRotation == false) {
    const c2 = wB - wA;
    // impulse = Vec3.neg(m_mass.solve33(Vec3(Cdot1, Cdot2)))
    const det = inverse[0];
    const sx = det * (c1x * inverse[1] + c1y * inverse[2] + c2 * inverse[3]);
    let crossX = c1y * m.ez.z - c2 * m.ez.y;
    let crossY = c2 * m.ez.x - c1x * m.ez.z;
    let crossZ = c1x * m.ez.y - c1y * m.ez.x;
    const sy = det * (m.ex.x * crossX + m.ex.y * crossY + m.ex.z * crossZ);
    crossX = m.ey.y * c2 - m.ey.z * c1y;
    crossY = m.ey.z * c1x - m.ey.x * c2;
    crossZ = m.ey.x * c1y - m.ey.y * c1x;
    const sz = det * (m.ex.x * crossX + m.ex.y * crossY + m.ex.z * crossZ);
    let ix = -sx;
    let iy = -sy;
    let iz = -sz;
    const acc = j.m_impulse;
    if (j.m_limitState == EQUAL_LIMITS) {
      acc.x += ix;
      acc.y += iy;
      acc.z += iz;
    } else if (j.m_limitState == AT_LOWER_LIMIT || j.m_limitState == AT_UPPER_LIMIT) {
      const newImpulse = acc.z + iz;
      if (j.m_limitState == AT_LOWER_LIMIT ? newImpulse < 0 : newImpulse > 0) {
        // rhs = Vec2.combine(-1, Cdot1, m_impulse.z, (ez.x, ez.y)); reduced = m_mass.solve22(rhs)
        const rx = -1 * c1x + acc.z * m.ez.x;
        const ry = -1 * c1y + acc.z * m.ez.y;
        const d = inverse[4];
        const reducedX = d * (m.ey.y * rx - m.ey.x * ry);
        const reducedY = d * (m.ex.x * ry - m.ex.y * rx);
        ix = reducedX;
        iy = reducedY;
        iz = -acc.z;
        acc.x += reducedX;
        acc.y += reducedY;
        acc.z = 0;
      } else {
        acc.x += ix;
        acc.y += iy;
        acc.z += iz;
      }
    }
    // P = (impulse.x, impulse.y): vA.subMul(mA, P), vB.addMul(mB, P)
    vA.x -= mA * ix;
    vA.y -= mA * iy;
    wA -= iA * ((rA.x * iy - rA.y * ix) + iz);
    vB.x += mB * ix;
    vB.y += mB * iy;
    wB += iB * ((rB.x * iy - rB.y * ix) + iz);
  } else {
    // impulse = m_mass.solve22(Vec2.neg(Cdot))
    const nx = -c1x;
    const ny = -c1y;
    const d = inverse[4];
    const ix = d * (m.ey.y * nx - m.ey.x * ny);
    const iy = d * (m.ex.x * ny - m.ex.y * nx);
    j.m_impulse.x += ix;
    j.m_impulse.y += iy;
    vA.x -= mA * ix;
    vA.y -= mA * iy;
    wA -= iA * (rA.x * iy - rA.y * ix);
    vB.x += mB * ix;
    vB.y += mB * iy;
    wB += iB * (rB.x * iy - rB.y * ix);
  }
  j.m_bodyA.c_velocity.w = wA;
  j.m_bodyB.c_velocity.w = wB;
}
