/**
 * The checks that need no extra steps (Gymnasium's passive checker): what an environment declares
 * (id, spaces, time limit) and the shape of what one reset and one step return. `checkEnv` runs
 * them inside its longer probe; `makeEnv` runs them on every task's first reset and first step, and
 * `register` on a registered task before accepting it. Each problem is one sentence starting with
 * the environment's id, the same sentence wherever it is found.
 */
import { CoagentError, describe } from "../errors.js";
import type { BoxSpace } from "./environment.js";
import { spaceProblems } from "./spaces.js";

/** Thrown by `assertEnv`, `makeEnv` and `register`; `problems` lists every problem found. */
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

/** What is wrong with the spaces and time limit an environment declares (sentences without the id). */
export function declarationProblems(env: { observationSpace?: unknown; actionSpace?: unknown; maxEpisodeSteps?: unknown }): string[] {
  const problems = spaceProblems("observationSpace", env.observationSpace);
  const observationSpace = env.observationSpace as { kind?: unknown } | undefined;
  if (observationSpace && typeof observationSpace === "object" && observationSpace.kind !== "box") problems.push("observationSpace must be a box (observations are vectors)");
  problems.push(...spaceProblems("actionSpace", env.actionSpace));
  const limit = env.maxEpisodeSteps;
  if (!isCount(limit) || !Number.isFinite(limit)) problems.push(`has no time limit: maxEpisodeSteps must be a positive integer; got ${describe(limit)}`);
  return problems;
}

/** What is wrong with an observation `where` returned, or undefined (values outside the bounds are allowed). */
export function observationProblem(where: string, observation: unknown, space: BoxSpace): string | undefined {
  const o = observation as ArrayLike<number>;
  if (!o || typeof o !== "object" || typeof o.length !== "number") return `${where} returned an observation that is not an array; got ${describe(observation)}`;
  const size = space.shape.reduce((a, b) => a * b, 1);
  if (o.length !== size) return `${where} returned an observation of ${o.length} values; observationSpace.shape says ${size}`;
  for (let k = 0; k < o.length; k++) {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k])) return `${where} returned a non-finite observation: [${k}] is ${o[k]}`;
  }
  return undefined;
}

/** What is wrong with what `what` (a reset) returned. */
export function resetResultProblems(what: string, result: unknown, space: BoxSpace): string[] {
  const r = result as { observation?: unknown; info?: unknown } | null;
  if (!r || typeof r !== "object") return [`${what} must return { observation, info }; got ${describe(result)}`];
  const problems: string[] = [];
  if (typeof r.info !== "object" || r.info === null) problems.push(`${what} must return { observation, info } with an info object; got info ${describe(r.info)}`);
  const observation = observationProblem(what, r.observation, space);
  if (observation) problems.push(observation);
  return problems;
}

/** What is wrong with what a step returned. */
export function stepResultProblems(result: unknown, space: BoxSpace): string[] {
  const r = result as { observation?: unknown; reward?: unknown; terminated?: unknown; truncated?: unknown; info?: unknown } | null;
  if (!r || typeof r !== "object") return [`step must return { observation, reward, terminated, truncated, info }; got ${describe(result)}`];
  const observation = observationProblem("step", r.observation, space);
  if (observation) return [observation];
  const problems: string[] = [];
  if (typeof r.reward !== "number" || !Number.isFinite(r.reward)) problems.push(`step returned a non-finite reward: ${describe(r.reward)}`);
  if (typeof r.terminated !== "boolean" || typeof r.truncated !== "boolean") {
    problems.push(`step must return boolean terminated and truncated; got ${describe(r.terminated)} and ${describe(r.truncated)}`);
  }
  if (typeof r.info !== "object" || r.info === null) problems.push(`step must return an info object; got ${describe(r.info)}`);
  return problems;
}

/** Throws an EnvironmentCheckError for `id` when `problems` is not empty (each sentence prefixed with the id). */
export function refuseProblems(id: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new EnvironmentCheckError(id, problems.map((p) => `${id}: ${p}`));
}
