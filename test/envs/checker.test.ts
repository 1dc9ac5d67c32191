// The environment checker: the built-in tasks pass; each kind of broken environment is reported
// in words that name the problem.
import { describe, expect, it } from "vitest";
import { EnvironmentCheckError, assertEnv, checkEnv } from "../../bindings/envs/checker";
import type { Action, Environment, StepResult } from "../../bindings/envs/environment";
import { Multiplexer } from "../../bindings/envs/multiplexer";
import { environmentIds, makeEnv } from "../../bindings/envs/registry";

describe("checkEnv on the built-in tasks", () => {
  it.each(environmentIds)("%s passes", (id) => {
    const report = checkEnv(makeEnv(id), { steps: 1500 });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("the multiplexer passes as a one-step environment", () => {
    expect(checkEnv(new Multiplexer()).problems).toEqual([]);
  });
});

/** CartPole (as makeEnv makes it) with one thing broken by `patch`. */
function broken(patch: (env: Environment) => Partial<Environment> & Record<string, unknown>): Environment {
  const env = makeEnv("CartPole-v1");
  const changes = patch(env);
  return new Proxy(env, {
    get: (target, key) => (key in changes ? (changes as Record<string | symbol, unknown>)[key] : Reflect.get(target, key, target)),
    set: (target, key, value) => Reflect.set(target, key, value, target),
  }) as Environment;
}

describe("checkEnv reports broken environments", () => {
  it.each([
    ["a wrong observation length", (env: Environment) => ({ step: (a: Action) => ({ ...env.step(a), observation: new Float64Array(3) }) }), /step returned an observation of 3 values; observationSpace.shape says 4/],
    ["a NaN observation", (env: Environment) => ({ reset: () => ({ observation: Float64Array.of(0, NaN, 0, 0), info: {} }) }), /reset returned a non-finite observation: \[1\] is NaN/],
    ["a missing time limit", () => ({ maxEpisodeSteps: Infinity }), /has no time limit: maxEpisodeSteps must be a positive integer; got Infinity/],
    ["a limit that is never enforced", (env: Environment) => ({ maxEpisodeSteps: 20, step: (a: Action): StepResult => ({ ...env.step(a), terminated: false, truncated: false }) }), /an episode ran 20 steps without being truncated \(maxEpisodeSteps is 20\)/],
    ["actions outside the space accepted", (env: Environment) => ({ step: (a: Action) => env.step(a === 1 ? 1 : 0) }), /step accepted an action outside actionSpace \(2 \(one past the last action\)\); it should throw/],
    ["a reset that ignores the seed", (env: Environment) => ({ reset: () => env.reset({ seed: Math.floor(Math.random() * 1e9) }) }), /reset with the same seed returned different observations/],
    ["a non-finite reward", (env: Environment) => ({ step: (a: Action) => ({ ...env.step(a), reward: Infinity }) }), /step returned a non-finite reward: Infinity/],
    ["a bad action space", () => ({ actionSpace: { kind: "discrete", n: 0 } }), /actionSpace.n must be a positive integer; got 0/],
    ["a throwing step", () => ({ step: () => { throw new RangeError("boom"); } }), /step \(step 1 of an episode\) threw RangeError: boom/],
  ])("%s", (_name, patch, message) => {
    const report = checkEnv(broken(patch as never), { steps: 300 });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toMatch(message);
    expect(report.problems.every((p) => p.startsWith("CartPole-v1: "))).toBe(true);
  });

  it("assertEnv throws an EnvironmentCheckError listing the problems", () => {
    const env = broken(() => ({ maxEpisodeSteps: 0 }));
    expect(() => assertEnv(env)).toThrow(EnvironmentCheckError);
    try {
      assertEnv(env);
    } catch (error) {
      expect((error as EnvironmentCheckError).problems).toHaveLength(1);
      expect((error as Error).message).toMatch(/^CartPole-v1 failed the environment check:\n- CartPole-v1: has no time limit/);
    }
    expect(assertEnv(makeEnv("CartPole-v1")).ok).toBe(true);
  });
});

describe("checkEnv survives environments that misbehave later", () => {
  // A checker that crashes on a broken environment is no help: each of these must be reported.
  it.each([
    ["a reset that throws the second time", (env: Environment) => { let calls = 0; return { reset: (o?: { seed?: number }) => { if (calls++ > 0) throw new Error("second reset"); return env.reset(o); } }; }, /reset with the same seed again threw Error: second reset/],
    ["a reset that returns nothing", () => ({ reset: () => undefined }), /reset must return \{ observation, info \}; got undefined/],
    ["a second reset without an observation", (env: Environment) => { let calls = 0; return { reset: (o?: { seed?: number }) => (calls++ > 0 ? { info: {} } : env.reset(o)) }; }, /reset with the same seed again returned an observation that is not an array; got undefined/],
    ["a step that returns nothing", () => ({ step: () => undefined }), /step must return \{ observation, reward, terminated, truncated, info \}; got undefined/],
    ["a reset that throws at an episode end", (env: Environment) => ({ reset: (o?: { seed?: number }) => { if (o?.seed === undefined) throw new Error("unseeded"); return env.reset(o); } }), /reset at the end of an episode threw Error: unseeded/],
  ])("%s", (_name, patch, message) => {
    const report = checkEnv(broken(patch as never), { steps: 300 });
    expect(report.ok).toBe(false);
    expect(report.problems.join("\n")).toMatch(message);
  });
});
