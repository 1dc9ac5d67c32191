/**
 * What the spaces do: whether a value belongs to one (`spaceContains`), a random member (`sampleSpace`), and
 * what is wrong with a space's own fields (`spaceProblems`). One implementation per kind of space,
 * used by the checker, the passive checks of `makeEnv` and your code alike. Spaces stay plain data
 * (`{ kind: "discrete", n }`), so a literal works everywhere; `Discrete` and `Box` are the same data
 * with the two functions as methods, as Gymnasium's spaces have them.
 */
import { ValueError, describe } from "../errors.js";
import type { Action, BoxSpace, DiscreteSpace, Space } from "./environment.js";

/** The random numbers `sampleSpace` draws from; `Random` (coagent's generator) is one. */
export interface SpaceRandom {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform number in [0, 1). */
  uniform24(): number;
}

const sizeOf = (space: BoxSpace) => space.shape.reduce((a, b) => a * b, 1);

/** Whether `x` is a member of `space`: an index in 0..n-1, or a vector of the box's size inside its bounds. */
export function spaceContains(space: Space, x: unknown): boolean {
  if (space.kind === "discrete") return typeof x === "number" && Number.isInteger(x) && x >= 0 && x < space.n;
  const v = x as ArrayLike<unknown> | null;
  if (v === null || typeof v !== "object" || v.length !== sizeOf(space)) return false;
  for (let k = 0; k < v.length; k++) {
    const value = v[k];
    // NaN fails both comparisons, so it is never a member.
    if (typeof value !== "number" || !(value >= space.low[k] && value <= space.high[k])) return false;
  }
  return true;
}

/**
 * A random member of `space`: a uniform index, or a vector uniform inside the box (an unbounded
 * side is drawn from [-1, 1] instead, as no uniform distribution covers it).
 */
export function sampleSpace(space: Space, random: SpaceRandom): Action {
  if (space.kind === "discrete") return random.nextUint32() % space.n;
  return Float64Array.from(space.low, (lo, k) => {
    const hi = space.high[k];
    const a = Number.isFinite(lo) ? lo : -1;
    const b = Number.isFinite(hi) ? hi : 1;
    return a + (b - a) * random.uniform24();
  });
}

const isCount = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;

/** What is wrong with `space`'s fields, one sentence each naming `name` (empty when it is a valid space). */
export function spaceProblems(name: string, space: unknown): string[] {
  const s = space as Space | undefined;
  if (!s || typeof s !== "object") return [`${name} is missing; expected { kind: "box", shape, low, high } or { kind: "discrete", n }`];
  if (s.kind === "discrete") return isCount(s.n) ? [] : [`${name}.n must be a positive integer; got ${describe(s.n)}`];
  if (s.kind !== "box") return [`${name}.kind must be "box" or "discrete"; got ${describe((s as { kind: unknown }).kind)}`];
  if (!Array.isArray(s.shape) || s.shape.length === 0 || !s.shape.every(isCount)) {
    return [`${name}.shape must be a non-empty array of positive integers; got ${describe(s.shape)}`];
  }
  const size = sizeOf(s);
  const out: string[] = [];
  for (const bound of ["low", "high"] as const) {
    const values = s[bound];
    if (!Array.isArray(values) || values.length !== size || values.some((v) => typeof v !== "number" || Number.isNaN(v))) {
      out.push(`${name}.${bound} must be ${size} numbers (±Infinity allowed); got ${describe(values)}`);
    }
  }
  if (out.length === 0 && s.low.some((lo, k) => lo > s.high[k])) out.push(`${name}.low must not exceed ${name}.high`);
  return out;
}

/** A finite set of actions 0..n-1, with `contains` and `sample`. */
export class Discrete implements DiscreteSpace {
  readonly kind = "discrete";
  readonly n: number;

  constructor(n: number) {
    if (!isCount(n)) throw new ValueError(`n must be a positive integer; got ${describe(n)}`);
    this.n = n;
  }

  /** Whether `x` is an action of this space: an integer in 0..n-1. */
  contains(x: unknown): boolean {
    return spaceContains(this, x);
  }

  /** A uniform random action. */
  sample(random: SpaceRandom): number {
    return sampleSpace(this, random) as number;
  }
}

/** A box of real vectors between `low` and `high` (±Infinity for an unbounded side), with `contains` and `sample`. */
export class Box implements BoxSpace {
  readonly kind = "box";
  readonly shape: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];

  constructor(low: readonly number[], high: readonly number[]) {
    const problems = spaceProblems("box", { kind: "box", shape: [Array.isArray(low) ? low.length : 0], low, high });
    if (problems.length > 0) throw new ValueError(problems[0]);
    this.shape = [low.length];
    this.low = [...low];
    this.high = [...high];
  }

  /** Whether `x` is a vector of this box's size inside its bounds. */
  contains(x: unknown): boolean {
    return spaceContains(this, x);
  }

  /** A random vector inside the box (an unbounded side drawn from [-1, 1]). */
  sample(random: SpaceRandom): Float64Array {
    return sampleSpace(this, random) as Float64Array;
  }
}
