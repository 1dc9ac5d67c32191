// Registered tasks: a spec is checked field by field, its task must pass the passive checks, and a
// registered id then works wherever a built-in one does (makeEnv, makeVectorEnv, train), with the
// time limit and the order of calls applied by makeEnv, not by the task.
import { beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { Random } from "../../bindings/core/random";
import { EpisodeEnv, unwrapped } from "../../bindings/envs/episode-env";
import type { StepResult, TaskEnvironment } from "../../bindings/envs/environment";
import { lockstepEnvironmentIds, makeLockstepEnv } from "../../bindings/envs/lockstep";
import { EnvironmentCheckError } from "../../bindings/envs/passive-checks";
import { envSpec, environmentIds, isEnvironmentId, makeEnv, referenceSettingsOf, register } from "../../bindings/envs/registry";
import { Box, Discrete } from "../../bindings/envs/spaces";
import { requireSpec, type EnvSpec } from "../../bindings/envs/spec";
// The package's entry, as an app imports it: loading it loads render/index.ts, which gives the
// built-in specs their renderers (the registry alone leaves them off, so apps that never draw carry none).
import * as coagent from "../../bindings";
import { makeVectorEnv } from "../../bindings/envs/vector";
import { ConfigurationError, StateError } from "../../bindings/errors";
import { findTask, taskIds } from "../../bindings/training/tasks";
import { train } from "../../bindings/training/train";

/** A line of `length` cells walked rightwards from 0; the last cell ends the episode with reward 1. */
class Line implements TaskEnvironment {
  readonly observationSpace = new Box([0], [1]);
  readonly actionSpace = new Discrete(2);
  cell = 0;
  constructor(readonly length = 4) {}
  get state() {
    return [this.cell];
  }
  set state(value: number[]) {
    this.cell = value[0];
  }
  reset() {
    this.cell = 0;
    return { observation: Float64Array.of(0), info: {} };
  }
  step(action: number | ArrayLike<number>): StepResult {
    if (!this.actionSpace.contains(action)) throw new RangeError(`bad action ${String(action)}`);
    this.cell = Math.max(0, this.cell + (action === 1 ? 1 : -1));
    const terminated = this.cell === this.length;
    return { observation: Float64Array.of(this.cell / this.length), reward: terminated ? 1 : 0, terminated, truncated: false, info: {} };
  }
}

let next = 0;
/** A fresh id per test: the registry is per process and an id is registered once. */
const freshId = () => `Line-t${next++}-v0`;

describe("register", () => {
  it("makes a registered id work with makeEnv, with the spec's time limit applied by the wrapper", () => {
    const id = freshId();
    register({ id, create: () => new Line(1000), maxEpisodeSteps: 3, rewardThreshold: 1 });
    expect(isEnvironmentId(id)).toBe(true);
    expect(environmentIds).toContain(id);
    const env = makeEnv(id);
    expect(env).toBeInstanceOf(EpisodeEnv);
    expect(unwrapped(env)).toBeInstanceOf(Line);
    expect(env.id).toBe(id);
    expect(env.maxEpisodeSteps).toBe(3);
    expect(() => env.step(1)).toThrow(StateError); // reset first, for every task
    env.reset();
    const flags = [1, 1, 1].map((a) => env.step(a).truncated);
    expect(flags).toEqual([false, false, true]);
    // A finished episode changes nothing until reset.
    const after = env.step(1);
    expect([after.reward, after.terminated, (unwrapped(env) as Line).cell]).toEqual([0, true, 3]);
    expect(makeEnv(id, { maxEpisodeSteps: 5 }).maxEpisodeSteps).toBe(5);
  });

  it("refuses a second registration of an id, built-in or not, with a ConfigurationError", () => {
    const id = freshId();
    register({ id, create: () => new Line(), maxEpisodeSteps: 10 });
    expect(() => register({ id, create: () => new Line(), maxEpisodeSteps: 10 })).toThrow(ConfigurationError);
    expect(() => register({ id: "CartPole-v1", create: () => new Line(), maxEpisodeSteps: 10 })).toThrow(/"CartPole-v1" is already registered/);
  });

  it.each([
    ["not an object", 5, /spec must be an object/],
    ["a bad id", { id: "my task", create: () => new Line(), maxEpisodeSteps: 10 }, /spec.id must be a non-empty string of letters, digits/],
    ["an id with a slash", { id: "a/b-v0", create: () => new Line(), maxEpisodeSteps: 10 }, /spec.id must be/],
    ["no create", { id: "X-v0", maxEpisodeSteps: 10 }, /spec.create of X-v0 must be a function/],
    ["no time limit", { id: "X-v0", create: () => new Line() }, /spec.maxEpisodeSteps of X-v0 must be a positive integer/],
    ["an infinite time limit", { id: "X-v0", create: () => new Line(), maxEpisodeSteps: Infinity }, /maxEpisodeSteps of X-v0 must be a positive integer.*got Infinity/],
    ["a NaN threshold", { id: "X-v0", create: () => new Line(), maxEpisodeSteps: 10, rewardThreshold: NaN }, /spec.rewardThreshold of X-v0 must be a finite number/],
    ["a misspelt field", { id: "X-v0", create: () => new Line(), maxEpisodeStep: 10 }, /spec.maxEpisodeStep is not a field of an EnvSpec \(did you mean "maxEpisodeSteps"\?\)/],
    ["a renderer that is not a function", { id: "X-v0", create: () => new Line(), maxEpisodeSteps: 10, render: "draw" }, /spec.render of X-v0 must be a function/],
    ["a kernel without its functions", { id: "X-v0", create: () => new Line(), maxEpisodeSteps: 10, kernel: { stateNames: [] } }, /spec.kernel of X-v0 must be a TaskKernel/],
    ["unknown reference settings", { id: "X-v0", create: () => new Line(), maxEpisodeSteps: 10, referenceSettings: "CartPole-v2" }, /referenceSettings of X-v0 must be a task with reference settings .*did you mean "CartPole-v1"/],
  ])("refuses a spec with %s, naming the field", (_name, spec, message) => {
    expect(() => register(spec as unknown as EnvSpec)).toThrow(ConfigurationError);
    expect(() => register(spec as unknown as EnvSpec)).toThrow(message);
    expect(isEnvironmentId("X-v0")).toBe(false);
  });

  it.each([
    ["a discrete observation space", () => Object.assign(new Line(), { observationSpace: new Discrete(3) }), /X-v1: observationSpace must be a box/],
    ["a wrong observation length", () => Object.assign(new Line(), { reset: () => ({ observation: new Float64Array(2), info: {} }) }), /X-v1: reset returned an observation of 2 values; observationSpace.shape says 1/],
    ["a NaN reward", () => Object.assign(new Line(), { step: () => ({ observation: Float64Array.of(0), reward: NaN, terminated: false, truncated: false, info: {} }) }), /X-v1: step returned a non-finite reward: NaN/],
    ["no info", () => Object.assign(new Line(), { reset: () => ({ observation: Float64Array.of(0) }) }), /X-v1: reset must return \{ observation, info \} with an info object/],
    ["a throwing create", () => { throw new TypeError("no such file"); }, /X-v1: create threw TypeError: no such file/],
    ["a throwing step", () => Object.assign(new Line(), { step: () => { throw new RangeError("boom"); } }), /X-v1: step \(step 1 of an episode\) threw RangeError: boom/],
  ])("refuses a task with %s, in the checker's sentence", (_name, create, message) => {
    let thrown: unknown;
    try {
      register({ id: "X-v1", create: create as () => TaskEnvironment, maxEpisodeSteps: 10 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvironmentCheckError);
    expect((thrown as Error).message).toMatch(/^X-v1 failed the environment check:\n- X-v1: /);
    expect((thrown as Error).message).toMatch(message);
    expect(isEnvironmentId("X-v1")).toBe(false);
  });

  it("names the nearest registered ids for an unknown one", () => {
    expect(() => makeEnv("Acrobat-v1")).toThrow(ConfigurationError);
    expect(() => makeEnv("Acrobat-v1")).toThrow(/Unknown environment "Acrobat-v1"; expected one of: CartPole-v1, .* \(did you mean "Acrobot-v1"\?\)/);
    expect(() => envSpec("toString")).toThrow(ConfigurationError);
  });
});

describe("a registered task wherever an id is taken", () => {
  const id = "Line-everywhere-v0";
  beforeAll(async () => {
    register({ id, create: () => new Line(3), maxEpisodeSteps: 6 });
    await loadCore();
  });

  it("makeVectorEnv steps its copies with autoreset", () => {
    const venv = makeVectorEnv(id, { count: 2, seed: 0 });
    expect(venv.envs.every((env) => env.maxEpisodeSteps === 6)).toBe(true);
    venv.reset({ seed: 0 });
    let step = venv.step([1, 0]);
    step = venv.step([1, 0]);
    step = venv.step([1, 0]);
    expect(step.terminated).toEqual([true, false]);
    expect(step.rewards[0]).toBe(1);
    step = venv.step([1, 0]); // copy 0 resets, ignoring its action
    expect(Array.from(step.observations[0])).toEqual([0]);
  });

  it("train runs on it by id, and a task without reference settings has no default budget", () => {
    const result = train({ env: id, algorithm: "weight-max", episodes: 3, seed: 0, hidden: [4] });
    expect(result.episodeReturns).toHaveLength(3);
    expect(result.episodeReturns.every((r) => r === 0 || r === 1)).toBe(true);
    expect(taskIds()).toContain(id);
    expect(() => findTask(id).referenceBudget("weight-max")).toThrow(/Line-everywhere-v0 has no reference settings, so no default budget: give the episodes \(--episodes <n>/);
  });

  it("a task with reference settings trains with that task's hyperparameters and budget", () => {
    const other = freshId();
    register({ id: other, create: () => new Line(3), maxEpisodeSteps: 6, referenceSettings: "Acrobot-v1" });
    expect(referenceSettingsOf(other)).toBe("Acrobot-v1");
    expect(findTask(other).referenceBudget("map-prop")).toBe(findTask("Acrobot-v1").referenceBudget("map-prop"));
    expect(findTask(other).settings("map-prop")).toEqual(findTask("Acrobot-v1").settings("map-prop"));
  });

  it("makeLockstepEnv takes a registered task whose spec has a kernel, and refuses one without", () => {
    const kernelled = freshId();
    register({ ...envSpec("CartPole-v1"), id: kernelled, render: undefined });
    const group = makeLockstepEnv(kernelled, { seeds: [1, 2] });
    const single = makeLockstepEnv("CartPole-v1", { seeds: [1, 2] });
    expect(Array.from(group.reset())).toEqual(Array.from(single.reset()));
    expect(Array.from(group.step([1, 0]).observations)).toEqual(Array.from(single.step([1, 0]).observations));
    expect(() => makeLockstepEnv(id, { seeds: [0] })).toThrow(/id must be a task a LockstepEnv steps \(CartPole-v1, Acrobot-v1, MountainCarContinuous-v0, .*\), one whose spec has a kernel/);
    expect(lockstepEnvironmentIds).toEqual(["CartPole-v1", "Acrobot-v1", "MountainCarContinuous-v0"]);
  });
});

describe("the built-in tasks are specs", () => {
  it.each(environmentIds.slice(0, 7))("%s: made from its spec, with its limit, threshold and renderer", (id) => {
    const spec = coagent.envSpec(id);
    expect(spec.id).toBe(id);
    expect(requireSpec(spec)).toBe(spec); // the checks register() applies, which the built-ins skip at load
    expect(spec.rewardThreshold).toBeTypeOf("number");
    expect(spec.render).toBeTypeOf("function");
    expect(coagent.renderableIds()).toContain(id);
    expect(makeEnv(id).maxEpisodeSteps).toBe(spec.maxEpisodeSteps);
    expect(referenceSettingsOf(id)).toBe(id.startsWith("LunarLander") ? "LunarLander-v2" : id);
  });

  it("a bare task steps exactly as the wrapped one, which only adds the limit", () => {
    const bare = envSpec("CartPole-v1").create({ seed: 3 });
    const made = makeEnv("CartPole-v1", { seed: 3 });
    expect(Array.from(bare.reset({ seed: 3 }).observation)).toEqual(Array.from(made.reset({ seed: 3 }).observation));
    const random = new Random(9);
    for (let t = 0; t < 30; t++) {
      const action = random.nextUint32() % 2;
      const a = bare.step(action);
      const b = made.step(action);
      expect([Array.from(b.observation), b.reward, b.terminated]).toEqual([Array.from(a.observation), a.reward, a.terminated]);
      if (a.terminated) break;
    }
  });
});
