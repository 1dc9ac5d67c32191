/**
 * An environment checker in the spirit of Gymnasium's `env_checker`: run it on your own
 * environment before training. It inspects the spaces and the time limit, resets and steps with
 * random valid actions, and reports each problem in a sentence saying what was expected and what
 * was found. Problems make training wrong or impossible; warnings are worth a look.
 */
import { CoagentError, describe } from "../errors.js";
import { Random } from "../core/random.js";
import type { Action, Environment, Space } from "./environment.js";

/** What `checkEnv` found: `ok` when there are no problems. */
export interface CheckReport {
  ok: boolean;
  problems: string[];
  warnings: string[];
}

/** Thrown by `assertEnv`; `problems` lists every problem found. */
export class EnvironmentCheckError extends CoagentError {
  override name = "EnvironmentCheckError";
  constructor(
    readonly id: string,
    readonly problems: string[],
  ) {
    super(`${id} failed the environment check:\n- ${problems.join("\n- ")}`);
  }
}

const isCount = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;

function spaceProblems(name: string, space: Space | undefined): string[] {
  if (!space || typeof space !== "object") return [`${name} is missing; expected { kind: "box", shape, low, high } or { kind: "discrete", n }`];
  if (space.kind === "discrete") return isCount(space.n) ? [] : [`${name}.n must be a positive integer; got ${describe(space.n)}`];
  if (space.kind !== "box") return [`${name}.kind must be "box" or "discrete"; got ${describe((space as { kind: unknown }).kind)}`];
  if (!Array.isArray(space.shape) || space.shape.length === 0 || !space.shape.every(isCount)) {
    return [`${name}.shape must be a non-empty array of positive integers; got ${describe(space.shape)}`];
  }
  const size = space.shape.reduce((a, b) => a * b, 1);
  const out: string[] = [];
  for (const bound of ["low", "high"] as const) {
    const values = space[bound];
    if (!Array.isArray(values) || values.length !== size || values.some((v) => typeof v !== "number" || Number.isNaN(v))) {
      out.push(`${name}.${bound} must be ${size} numbers (±Infinity allowed); got ${describe(values)}`);
    }
  }
  if (out.length === 0 && space.low.some((lo, k) => lo > space.high[k])) out.push(`${name}.low must not exceed ${name}.high`);
  return out;
}

function sampleAction(space: Space, random: Random): Action {
  if (space.kind === "discrete") return random.nextUint32() % space.n;
  return Float64Array.from(space.low, (lo, k) => {
    const hi = space.high[k];
    const a = Number.isFinite(lo) ? lo : -1;
    const b = Number.isFinite(hi) ? hi : 1;
    return a + (b - a) * random.uniform24();
  });
}

/** Actions that are outside the space, each paired with a description. */
function invalidActions(space: Space): [Action, string][] {
  if (space.kind === "discrete") return [[space.n, `${space.n} (one past the last action)`], [-1, "-1"], [0.5, "0.5"]];
  const size = space.shape.reduce((a, b) => a * b, 1);
  return [[new Float64Array(size + 1), `a vector of ${size + 1} values`], [new Float64Array(size).fill(NaN), "a vector of NaN"]];
}

/**
 * Checks `env` and returns every problem and warning found. `steps` random actions are taken
 * (default 1000, with resets at episode ends); `seed` fixes the checker's own choices.
 */
export function checkEnv(env: Environment, options: { seed?: number; steps?: number } = {}): CheckReport {
  const problems: string[] = [];
  const warnings: string[] = [];
  const id = typeof env?.id === "string" && env.id.length > 0 ? env.id : "the environment";
  const fail = (message: string) => problems.push(`${id}: ${message}`);
  const warn = (message: string) => warnings.push(`${id}: ${message}`);
  const attempt = <T>(what: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      fail(`${what} threw ${(error as Error)?.name ?? "an error"}: ${(error as Error)?.message ?? String(error)}`);
      return undefined;
    }
  };

  if (typeof env?.id !== "string" || env.id.length === 0) fail(`id must be a non-empty string; got ${describe(env?.id)}`);
  spaceProblems("observationSpace", env?.observationSpace).forEach(fail);
  if (env?.observationSpace && env.observationSpace.kind !== "box") fail("observationSpace must be a box (observations are vectors)");
  spaceProblems("actionSpace", env?.actionSpace).forEach(fail);
  const limit = env?.maxEpisodeSteps;
  if (!isCount(limit) || !Number.isFinite(limit)) fail(`has no time limit: maxEpisodeSteps must be a positive integer; got ${describe(limit)}`);
  if (problems.length > 0) return { ok: false, problems, warnings };

  const observationSize = env.observationSpace.shape.reduce((a, b) => a * b, 1);
  const { low, high } = env.observationSpace;
  let outOfBounds = 0;
  const checkObservation = (where: string, observation: unknown): boolean => {
    const o = observation as ArrayLike<number>;
    if (!o || typeof o !== "object" || typeof o.length !== "number") {
      fail(`${where} returned an observation that is not an array; got ${describe(observation)}`);
      return false;
    }
    if (o.length !== observationSize) {
      fail(`${where} returned an observation of ${o.length} values; observationSpace.shape says ${observationSize}`);
      return false;
    }
    for (let k = 0; k < o.length; k++) {
      if (typeof o[k] !== "number" || !Number.isFinite(o[k])) {
        fail(`${where} returned a non-finite observation: [${k}] is ${o[k]}`);
        return false;
      }
      if (o[k] < low[k] || o[k] > high[k]) outOfBounds++;
    }
    return true;
  };

  const seed = options.seed ?? 0;
  // Every later call to reset goes through this, so an environment that fails on its second or
  // hundredth reset is reported rather than crashing the checker.
  const reset = (what: string, resetOptions: { seed?: number }): Float64Array | undefined => {
    // Boxed, so that a reset returning undefined is told apart from one that threw.
    const returned = attempt(what, () => ({ result: env.reset(resetOptions) }));
    if (returned === undefined) return undefined;
    const { result } = returned;
    if (!result || typeof result !== "object") {
      fail(`${what} must return { observation, info }; got ${describe(result)}`);
      return undefined;
    }
    if (typeof result.info !== "object" || result.info === null) fail(`${what} must return { observation, info } with an info object; got info ${describe(result.info)}`);
    return checkObservation(what, result.observation) ? result.observation : undefined;
  };
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, k) => Object.is(v, b[k]));

  const first = reset("reset", { seed });
  if (!first) return { ok: false, problems, warnings };
  const again = reset("reset with the same seed again", { seed });
  if (again && !same(again, first)) fail("reset with the same seed returned different observations: episodes cannot be reproduced");
  const other = reset("reset with another seed", { seed: seed + 1 });
  if (other && same(other, first)) warn("reset with two different seeds returned the same observation (is the seed used?)");

  const state = attempt("reading state", () => env.state);
  if (state !== undefined) {
    if (!Array.isArray(state) || !state.every((v) => typeof v === "number")) fail(`state must be an array of numbers; got ${describe(state)}`);
    else {
      attempt("assigning state", () => {
        env.state = state;
      });
      const read = attempt("reading state after assigning it", () => env.state);
      if (read && (read.length !== state.length || read.some((v, k) => Math.abs(v - state[k]) > 1e-9 * Math.max(1, Math.abs(state[k]))))) {
        fail("state does not round-trip: assigning what was read and reading again gives other values");
      }
    }
  }

  // An action outside the space must be refused, not silently accepted.
  for (const [action, text] of invalidActions(env.actionSpace)) {
    if (!reset("reset", { seed })) return { ok: false, problems, warnings };
    let accepted = true;
    try {
      env.step(action);
    } catch {
      accepted = false;
    }
    if (accepted) fail(`step accepted an action outside actionSpace (${text}); it should throw`);
  }

  const random = new Random(seed ^ 0x9e3779b9);
  const steps = options.steps ?? 1000;
  if (!reset("reset", { seed })) return { ok: false, problems, warnings };
  let episodeSteps = 0;
  let episodes = 0;
  // Stop at the first problem the random run finds (not at earlier ones): a fault repeats every
  // step, and one message says it.
  const problemsBefore = problems.length;
  for (let t = 0; t < steps && problems.length === problemsBefore; t++) {
    const returned = attempt(`step (step ${episodeSteps + 1} of an episode)`, () => ({ result: env.step(sampleAction(env.actionSpace, random)) }));
    if (returned === undefined) break;
    const { result } = returned;
    if (!result || typeof result !== "object") {
      fail(`step must return { observation, reward, terminated, truncated, info }; got ${describe(result)}`);
      break;
    }
    episodeSteps++;
    if (!checkObservation("step", result.observation)) break;
    if (typeof result.reward !== "number" || !Number.isFinite(result.reward)) fail(`step returned a non-finite reward: ${describe(result.reward)}`);
    if (typeof result.terminated !== "boolean" || typeof result.truncated !== "boolean") {
      fail(`step must return boolean terminated and truncated; got ${describe(result.terminated)} and ${describe(result.truncated)}`);
    }
    if (typeof result.info !== "object" || result.info === null) fail(`step must return an info object; got ${describe(result.info)}`);
    if (!result.terminated && !result.truncated && episodeSteps >= limit) {
      fail(`has no time limit in effect: an episode ran ${episodeSteps} steps without being truncated (maxEpisodeSteps is ${limit})`);
    }
    if (result.truncated && episodeSteps < limit && !result.terminated) warn(`truncated an episode after ${episodeSteps} steps, before maxEpisodeSteps (${limit})`);
    if (result.terminated || result.truncated || episodeSteps >= limit) {
      episodes++;
      episodeSteps = 0;
      if (!reset("reset at the end of an episode", {})) break;
    }
  }
  if (outOfBounds > 0) warn(`${outOfBounds} observation values fell outside observationSpace's bounds`);
  if (problems.length === problemsBefore && episodes === 0 && steps >= limit) warn(`no episode ended within ${steps} random steps`);
  return { ok: problems.length === 0, problems, warnings };
}

/** Like `checkEnv`, but throws an EnvironmentCheckError listing the problems, if any. */
export function assertEnv(env: Environment, options: { seed?: number; steps?: number } = {}): CheckReport {
  const report = checkEnv(env, options);
  if (!report.ok) throw new EnvironmentCheckError(typeof env?.id === "string" ? env.id : "environment", report.problems);
  return report;
}
