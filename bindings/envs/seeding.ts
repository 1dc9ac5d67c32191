/**
 * Where a built-in task's random draws come from. "gymnasium" (the default) draws exactly what
 * Gymnasium does for the same seed: `reset({ seed })` makes numpy's SeedSequence(seed) → PCG64 →
 * Generator, as `gymnasium.utils.seeding.np_random(seed)`. "legacy" is coagent's earlier
 * xoshiro128** stream (bindings/core/random.ts), kept because the learning results committed in docs/
 * and bench/results/ were produced with it and replay only with it.
 */
import { ConfigurationError, describe } from "../errors.js";
import { defaultRng, type Generator } from "./numpy/generator.js";
import { Random } from "../core/random.js";

/** One of `envSeedings`. */
export type EnvSeeding = "gymnasium" | "legacy";
/**
 * The random streams an environment's seed can select: Gymnasium's (the default) or coagent's
 * earlier one (`"legacy"`, which produced the committed results).
 */
export const envSeedings: readonly EnvSeeding[] = ["gymnasium", "legacy"];

/** Options every built-in task takes. */
export interface SeedingOptions {
  /** Seeds the first reset that has no seed of its own (default 0). */
  seed?: number;
  /** Whose random stream the seed selects (default "gymnasium"). */
  seeding?: EnvSeeding;
}

/** The draws a task makes: reseeding, and a uniform double in [low, high). */
export interface EnvRandom {
  /** Restarts the stream from `seed`. */
  seed(seed: number): void;
  /** A uniform double in [low, high). */
  uniformIn(low: number, high: number): number;
}

export function requireEnvSeeding(name: string, value: unknown): EnvSeeding {
  if (value === undefined) return "gymnasium";
  if (value !== "gymnasium" && value !== "legacy") throw new ConfigurationError(`${name} must be "gymnasium" or "legacy"; got ${describe(value)}`);
  return value;
}

/** A task's generator, seeded with `seed` (an environment never seeded starts from seed 0). */
export function envRandom(seeding: EnvSeeding, seed = 0): EnvRandom {
  return seeding === "legacy" ? new Random(seed) : new GymnasiumRandom(seed);
}

class GymnasiumRandom implements EnvRandom {
  private generator: Generator;

  constructor(seed: number) {
    this.generator = defaultRng(requireGymnasiumSeed(seed));
  }

  seed(seed: number): void {
    this.generator = defaultRng(requireGymnasiumSeed(seed));
  }

  uniformIn(low: number, high: number): number {
    return this.generator.uniform(low, high);
  }
}

/** Gymnasium takes any non-negative integer; a number is exact up to 2^53 − 1. */
function requireGymnasiumSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ConfigurationError(`seed must be a non-negative integer below 2^53; got ${describe(seed)}`);
  }
  return seed;
}
