/**
 * Several copies of one environment stepped together, with Gymnasium's vector-environment
 * semantics in its default "next-step" autoreset mode: when a copy's episode ends, `step` reports
 * the final observation with `terminated` or `truncated`; the next `step` ignores that copy's
 * action, resets it and reports the reset observation with reward 0. A batched `Agent` relies on
 * exactly this: its iteration on the final observation learns the last transition, the next one
 * starts the new episode (what `Agent.learn` does for a single environment).
 */
import { ConfigurationError, describe, requireAtMost, requirePositiveInteger, requireSeed, ShapeError } from "../errors.js";
import type { Action, BoxSpace, Environment, Space } from "./environment.js";
import { MAX_BATCH } from "../core/network.js";
import { makeEnv, type TaskId } from "./registry.js";
import { requireEnvSeeding, type EnvSeeding } from "./seeding.js";

/** One step of every copy of a `VectorEnv`. */
export interface VectorStepResult {
  observations: Float64Array[];
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
}

/**
 * `count` copies of an environment stepped together, with Gymnasium's next-step autoreset: after a
 * copy's episode ends, its next `step` ignores its action and returns its reset observation with
 * reward 0. Make one with `makeVectorEnv`.
 */
export class VectorEnv {
  readonly id: string;
  readonly count: number;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** The copies, in order; their `state` can be read and assigned as for a single environment. */
  readonly envs: readonly Environment[];
  private readonly ended: boolean[];

  constructor(envs: Environment[]) {
    if (!Array.isArray(envs) || envs.length === 0) throw new ConfigurationError(`envs must be a non-empty array of environments; got ${describe(envs)}`);
    const first = envs[0];
    envs.forEach((env, k) => {
      if (env?.id !== first.id) throw new ConfigurationError(`envs[${k}] must be another ${first.id}; got ${describe(env?.id)}`);
    });
    this.id = first.id;
    this.count = envs.length;
    this.observationSpace = first.observationSpace;
    this.actionSpace = first.actionSpace;
    this.envs = envs;
    this.ended = envs.map(() => false);
  }

  /** Resets every copy; with a seed, copy k is seeded seed + k (as Gymnasium does). */
  reset(options: { seed?: number } = {}): { observations: Float64Array[] } {
    const seed = options.seed === undefined ? undefined : requireSeed("seed", options.seed);
    this.ended.fill(false);
    // seed + k unwrapped, as Gymnasium's; the legacy stream reads seeds mod 2^32 as it always did.
    return { observations: this.envs.map((env, k) => env.reset(seed === undefined ? {} : { seed: seed + k }).observation) };
  }

  /** One action per copy; copies whose episode ended on the last step are reset instead. */
  step(actions: ArrayLike<Action>): VectorStepResult {
    if (!actions || actions.length !== this.count) throw new ShapeError(`actions must have one action per environment (${this.count}); got ${describe(actions)}`);
    const result: VectorStepResult = { observations: [], rewards: new Float64Array(this.count), terminated: [], truncated: [] };
    for (let k = 0; k < this.count; k++) {
      const env = this.envs[k];
      if (this.ended[k]) {
        result.observations.push(env.reset().observation);
        result.terminated.push(false);
        result.truncated.push(false);
        this.ended[k] = false;
        continue;
      }
      const step = env.step(actions[k]);
      result.observations.push(step.observation);
      result.rewards[k] = step.reward;
      result.terminated.push(step.terminated);
      result.truncated.push(step.truncated);
      this.ended[k] = step.terminated || step.truncated;
    }
    return result;
  }
}

/**
 * `count` copies of a task by id (built-in or registered); with a seed, copy k's generator is
 * seeded seed + k. `seeding` selects the copies' random stream, as for `makeEnv`.
 */
export function makeVectorEnv(id: TaskId, options: { count: number; seed?: number; seeding?: EnvSeeding }): VectorEnv {
  const count = requireAtMost("count", requirePositiveInteger("count", options?.count), MAX_BATCH);
  const seed = options.seed === undefined ? undefined : requireSeed("seed", options.seed);
  const seeding = requireEnvSeeding("seeding", options.seeding);
  return new VectorEnv(Array.from({ length: count }, (_, k) => makeEnv(id, seed === undefined ? { seeding } : { seed: seed + k, seeding })));
}
