/**
 * The two draws of numpy's `Generator` that Gymnasium's built-in tasks make, over PCG64:
 * `random()` and `uniform(low, high)`. `uniform(low, high, size=n)` is n scalar draws in order,
 * so it needs no array form. `defaultRng(seed)` is `np.random.default_rng(seed)` and Gymnasium's
 * `seeding.np_random(seed)` alike: SeedSequence(seed) → PCG64 → Generator.
 */
import { ValueError, describe } from "../../errors.js";
import { PCG64 } from "./pcg64.js";

export class Generator {
  constructor(readonly bitGenerator: PCG64) {}

  /** Uniform in [0, 1): numpy's `random()`, 53 bits of one 64-bit output. */
  random(): number {
    return this.bitGenerator.nextDouble();
  }

  /** numpy's `uniform(low, high)`: low + (high − low)·random(), in that arithmetic order. */
  uniform(low: number, high: number): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new ValueError(`uniform(low, high) needs a finite high - low; got low ${describe(low)}, high ${describe(high)}`);
    return low + range * this.bitGenerator.nextDouble();
  }
}

export function defaultRng(seed: number | bigint): Generator {
  return new Generator(new PCG64(seed));
}
