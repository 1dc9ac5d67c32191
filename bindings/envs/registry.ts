/**
 * Tasks by id, as Gymnasium's registry: `register(spec)` adds a task, `makeEnv(id)` makes one with
 * the spec's time limit, the reset-before-step order and the passive checks applied (episode-env.ts).
 * The built-in tasks are registered here from their specs (builtin-specs.ts), the same way; their
 * renderers arrive when render/index.ts loads (provideBuiltinRenderers).
 */
import { Random } from "../core/random.js";
import { ConfigurationError, describe, didYouMean, requirePositiveInteger } from "../errors.js";
import { builtinSpecs } from "./builtin-specs.js";
import type { Environment } from "./environment.js";
import { EpisodeEnv } from "./episode-env.js";
import { EnvironmentCheckError, refuseProblems } from "./passive-checks.js";
import type { SeedingOptions } from "./seeding.js";
import { sampleSpace } from "./spaces.js";
import { requireSpec, type EnvRenderer, type EnvSpec } from "./spec.js";

/** The id of a built-in task: completed by editors, a typo a compile-time error. */
export type EnvironmentId = (typeof builtinSpecs)[number]["id"];

/** Any task id: a built-in one (with autocompletion) or one you registered. */
export type TaskId = EnvironmentId | (string & {});

const specs = new Map<string, EnvSpec>();

/** The ids `makeEnv` accepts: the built-in tasks, then those registered, in order (it grows as tasks are registered). */
export const environmentIds: readonly string[] = [];

function add(spec: EnvSpec): void {
  specs.set(spec.id, spec);
  (environmentIds as string[]).push(spec.id);
}

// Not through requireSpec: the built-in specs are this library's own (test/envs/register.test.ts checks
// they pass it), and skipping it keeps the spec checker out of apps that never register a task.
for (const spec of builtinSpecs) add(spec);

/**
 * Gives the built-in specs their renderers. Called once, by render/index.ts as it loads, so that
 * the drawing code is in an app only when the app draws; a built-in id without a renderer in
 * `renderers` keeps its spec as it is.
 */
export function provideBuiltinRenderers(renderers: Readonly<Record<string, EnvRenderer>>): void {
  for (const { id } of builtinSpecs) {
    const spec = specs.get(id);
    if (spec && renderers[id] && spec.render === undefined) specs.set(id, { ...spec, render: renderers[id] });
  }
}

/** Whether `id` names a registered task (narrows a string, e.g. from the command line). */
export function isEnvironmentId(id: unknown): id is TaskId {
  return typeof id === "string" && specs.has(id);
}

/** The spec of task `id`; an unknown id is a ConfigurationError naming the nearest registered ids. */
export function envSpec(id: TaskId): EnvSpec {
  const spec = typeof id === "string" ? specs.get(id) : undefined;
  if (!spec) throw new ConfigurationError(`Unknown environment ${describe(id)}; expected one of: ${environmentIds.join(", ")}${didYouMean(id, environmentIds)}`);
  return spec;
}

/** Options of `makeEnv`: the seeding, and another time limit than the spec's. */
export type MakeEnvOptions = SeedingOptions & { maxEpisodeSteps?: number };

/**
 * A task by id, built-in or registered. `makeEnv(id, { seed })` is `gym.make(id)` whose first reset
 * without a seed is `reset(seed=seed)`; `seeding: "legacy"` selects coagent's earlier stream of the
 * built-in tasks; `maxEpisodeSteps` replaces the spec's time limit.
 */
export function makeEnv(id: TaskId, options: MakeEnvOptions = {}): Environment {
  const spec = envSpec(id);
  const { maxEpisodeSteps, ...seeding } = options ?? {};
  const limit = maxEpisodeSteps === undefined ? spec.maxEpisodeSteps : requirePositiveInteger("maxEpisodeSteps", maxEpisodeSteps);
  return new EpisodeEnv(spec.create(seeding), spec, limit);
}

/**
 * Registers your task: afterwards `makeEnv(spec.id)`, `makeVectorEnv`, `train({ env: id })`, the
 * command line (`--import`) and grids take its id. The spec's fields are checked (a
 * ConfigurationError names the field), an id registered before is a ConfigurationError, and the
 * task is made once and given the passive checks — its spaces and time limit, one reset and one
 * step with a random action — so a task that fails them is refused with an EnvironmentCheckError
 * whose sentences are the checker's (run `checkEnv` for the longer probe).
 */
export function register(spec: EnvSpec): void {
  const checked = requireSpec(spec);
  if (specs.has(checked.id)) throw new ConfigurationError(`Environment ${describe(checked.id)} is already registered; give your task another id (e.g. a new version suffix)`);
  probe(checked);
  add({ ...checked });
}

/** The passive checks on a first instance of `spec`'s task; anything it throws is a problem in the checker's words. */
function probe(spec: EnvSpec): void {
  const attempt = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (error) {
      if (error instanceof EnvironmentCheckError) throw error;
      refuseProblems(spec.id, [`${what} threw ${(error as Error)?.name ?? "an error"}: ${(error as Error)?.message ?? String(error)}`]);
      throw error; // not reached: refuseProblems threw
    }
  };
  const env = attempt("create", () => new EpisodeEnv(spec.create({ seed: 0 }), spec));
  attempt("reset", () => env.reset({ seed: 0 }));
  attempt("step (step 1 of an episode)", () => env.step(sampleSpace(env.actionSpace, new Random(0))));
}

/**
 * The task whose reference settings training on `id` uses: its spec's `referenceSettings`, or `id`
 * itself for an environment that was never registered (the rules then take CartPole-v1's).
 */
export function referenceSettingsOf(id: string): string {
  return (typeof id === "string" ? specs.get(id)?.referenceSettings : undefined) ?? id;
}
