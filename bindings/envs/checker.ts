/**
 * An environment checker in the spirit of Gymnasium's `env_checker`: run it on your own
 * environment before training. It inspects the spaces and the time limit, resets and steps with
 * random valid actions, and reports each problem in a sentence saying what was expected and what
 * was found. Problems make training wrong or impossible; warnings are worth a look.
 */
import { describe } from "../errors.js";
import { Random } from "../core/random.js";
import type { Action, Environment, Space } from "./environment.js";
import { EnvironmentCheckError, declarationProblems, observationProblem, resetResultProblems, stepResultProblems } from "./passive-checks.js";
import { sampleSpace } from "./spaces.js";

export { EnvironmentCheckError } from "./passive-checks.js";

/** What `checkEnv` found: `ok` when there are no problems. */
export interface CheckReport {
  ok: boolean;
  problems: string[];
  warnings: string[];
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
  declarationProblems(env ?? {}).forEach(fail);
  if (problems.length > 0) return { ok: false, problems, warnings };
  const limit = env.maxEpisodeSteps;

  const { low, high } = env.observationSpace;
  let outOfBounds = 0;
  const checkObservation = (where: string, observation: unknown): boolean => {
    const problem = observationProblem(where, observation, env.observationSpace);
    if (problem) {
      fail(problem);
      return false;
    }
    const o = observation as ArrayLike<number>;
    for (let k = 0; k < o.length; k++) if (o[k] < low[k] || o[k] > high[k]) outOfBounds++;
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
    const found = resetResultProblems(what, result, env.observationSpace);
    found.forEach(fail);
    if (found.length > 0) return undefined;
    checkObservation(what, result.observation); // counts values outside the bounds
    return result.observation;
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
    const returned = attempt(`step (step ${episodeSteps + 1} of an episode)`, () => ({ result: env.step(sampleSpace(env.actionSpace, random)) }));
    if (returned === undefined) break;
    const { result } = returned;
    episodeSteps++;
    const found = stepResultProblems(result, env.observationSpace);
    found.forEach(fail);
    if (found.length > 0) break;
    checkObservation("step", result.observation); // counts values outside the bounds
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
