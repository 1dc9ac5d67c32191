// Property-based tests of every public boundary: whatever is passed in, the library either works
// (with finite results) or throws one of its documented error types — never another exception,
// a hang or a NaN. Seeds are fixed so failures reproduce; 12,500 generated cases in all.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import { algorithms } from "../../bindings/rules/algorithms";
import { Multiplexer } from "../../bindings/envs/multiplexer";
import { loadCore } from "../../bindings/core/core";
import { makeEnv } from "../../bindings/envs/registry";
import { CoagentError } from "../../bindings/errors";
import { Network } from "../../bindings/core/network";

beforeAll(async () => {
  await loadCore();
});

/** Runs `f`; a thrown error must be a CoagentError (returned), anything else fails the property. */
function documented(f: () => void): CoagentError | undefined {
  try {
    f();
    return undefined;
  } catch (error) {
    if (error instanceof CoagentError) {
      expect(error.message.length).toBeGreaterThan(10);
      return error;
    }
    throw error;
  }
}

const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(NaN), fc.constant(Infinity), fc.constant(-1), fc.string({ maxLength: 4 }), fc.constant({}), fc.constant([]));
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: junk as fc.Arbitrary<unknown> });
const size = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 24 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, 2.5, 1e6, 1e12, 2 ** 31) });
const rate = fc.oneof(fc.double({ min: 0, max: 0.1, noNaN: true }), fc.record({ start: fc.double({ min: 0, max: 0.1, noNaN: true }), end: maybe(fc.double({ min: 0, max: 0.1, noNaN: true })) }));
const layer = fc.record({
  size: maybe(size),
  unit: maybe(fc.constantFrom("bernoulli", "gaussian", "deterministic", "categorical", "binary")),
  activation: fc.option(maybe(fc.constantFrom("linear", "softplus", "relu", "logistic", "tanh")), { nil: undefined }),
  variance: fc.option(maybe(fc.double({ min: -0.5, max: 2, noNaN: true })), { nil: undefined }),
  temperature: fc.option(maybe(fc.double({ min: -1, max: 8, noNaN: true })), { nil: undefined }),
  learningRate: maybe(rate),
  fixedZeroLogit: fc.option(fc.boolean(), { nil: undefined }),
  biasInit: fc.option(maybe(fc.double({ min: -0.01, max: 0.01, noNaN: true })), { nil: undefined }),
});

describe("property: networks", () => {
  it("any spec builds a working network or throws a documented error (2,500 cases)", () => {
    fc.assert(
      fc.property(
        fc.record({ inputSize: maybe(size), layers: maybe(fc.array(layer, { minLength: 0, maxLength: 4 })), seed: maybe(fc.integer({ min: 0, max: 2 ** 32 - 1 })), batch: fc.option(maybe(size), { nil: undefined }) }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 24 * 24, maxLength: 24 * 24 }),
        (spec, input) => {
          let net: Network | undefined;
          documented(() => {
            net = new Network(spec as never);
          });
          if (!net) return;
          try {
            net.setInput(input.slice(0, net.batch * net.spec.inputSize));
            net.forward();
            for (let l = 0; l < net.layerCount; l++) expect(net.buffer(l, "values").every(Number.isFinite)).toBe(true);
          } finally {
            net.dispose();
          }
        },
      ),
      { numRuns: 2500, seed: 1 },
    );
  });
});

describe("property: agents", () => {
  it("any options create an agent or throw a documented error (2,000 cases)", () => {
    const env = makeEnv("CartPole-v1");
    const space = fc.oneof(
      fc.constant(env),
      fc.record({ id: fc.string(), observationSpace: fc.record({ kind: maybe(fc.constant("box")), shape: maybe(fc.array(size, { maxLength: 2 })), low: fc.constant([]), high: fc.constant([]) }), actionSpace: fc.oneof(fc.record({ kind: fc.constant("discrete"), n: maybe(size) }), fc.record({ kind: maybe(fc.constant("box")), shape: maybe(fc.array(size, { maxLength: 2 })), low: maybe(fc.array(fc.double(), { maxLength: 3 })), high: maybe(fc.array(fc.double(), { maxLength: 3 })) })) }),
    );
    const overrides = fc.dictionary(fc.constantFrom("gamma", "actorLambda", "settleSteps", "settleRate", "rewardClip", "temperature", "learningRate", "adamEpsilon", "weightMaxExponent"), fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 50 }), junk), { maxKeys: 3 });
    fc.assert(
      fc.property(maybe(fc.constantFrom(...algorithms)), space, maybe(fc.integer({ min: 0, max: 2 ** 32 - 1 })), fc.option(maybe(fc.array(size, { maxLength: 3 })), { nil: undefined }), fc.option(overrides, { nil: undefined }), (algorithm, envLike, seed, hidden, hyperparameters) => {
        let agent: Agent | undefined;
        documented(() => {
          agent = Agent.create({ algorithm, env: envLike, seed, hidden, hyperparameters } as never);
        });
        if (!agent) return;
        try {
          const observation = new Float64Array(agent.actor.spec.inputSize).fill(0.1);
          // Valid but extreme settings (a learning rate of 1e6, say) may diverge: that must be a DivergenceError.
          documented(() => {
            const { action } = agent!.act(observation);
            expect(typeof action === "number" ? Number.isInteger(action) : Array.from(action).every(Number.isFinite)).toBe(true);
            expect(Number.isFinite(agent!.lastValue)).toBe(true);
          });
        } finally {
          agent.dispose();
        }
      }),
      { numRuns: 2000, seed: 2 },
    );
  });

  it("any observation or step report is used or rejected with a documented error (3,000 cases)", () => {
    const env = makeEnv("CartPole-v1");
    let agent = Agent.create({ algorithm: "map-prop", env, seed: 0 });
    const observation = fc.oneof(fc.array(fc.double(), { minLength: 0, maxLength: 6 }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), junk);
    const step = fc.oneof(fc.record({ observation, reward: fc.oneof(fc.double(), junk), terminated: maybe(fc.boolean()), truncated: maybe(fc.boolean()) }), junk);
    try {
      fc.assert(
        fc.property(observation, step, (obs, report) => {
          const error = documented(() => {
            const { action } = agent.act(obs as never);
            expect([0, 1]).toContain(action);
            expect(Number.isFinite(agent.lastValue)).toBe(true);
          }) ?? documented(() => agent.learn(report as never));
          // An absurd but finite reward (1e300) may make training diverge: that must be reported
          // as a DivergenceError, after which the agent is replaced.
          if (error?.name === "DivergenceError") {
            agent.dispose();
            agent = Agent.create({ algorithm: "map-prop", env, seed: 0 });
          }
        }),
        { numRuns: 3000, seed: 3 },
      );
    } finally {
      agent.dispose();
    }
  });
});

describe("property: environments", () => {
  it.each(["CartPole-v1", "Acrobot-v1", "MountainCarContinuous-v0"] as const)("%s: any action steps within the spec or is rejected (1,000 cases)", (id) => {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    const action = fc.oneof(fc.integer({ min: -2, max: 4 }), fc.double(), fc.array(fc.double(), { maxLength: 3 }), junk);
    fc.assert(
      fc.property(action, (a) => {
        documented(() => {
          const step = env.step(a as never);
          expect(step.observation.every(Number.isFinite)).toBe(true);
          expect(Number.isFinite(step.reward)).toBe(true);
          if (step.terminated || step.truncated) env.reset();
        });
      }),
      { numRuns: 1000, seed: 4 },
    );
  });

  it("the multiplexer and makeEnv reject bad arguments with documented errors (1,000 cases)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), junk), maybe(size), maybe(size), fc.array(fc.oneof(fc.integer({ min: -2, max: 2 }), junk), { maxLength: 3 }), (id, k, batch, answers) => {
        documented(() => makeEnv(id as never));
        documented(() => {
          const task = new Multiplexer({ addressBits: k as never, batch: batch as never });
          task.sample();
          const rewards = task.reward(answers as never);
          expect(rewards.every((r) => r === 1 || r === -1)).toBe(true);
        });
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});

describe("property: checkpoints", () => {
  it("damaged or random bytes never load and never throw anything but a CheckpointError (1,000 cases)", () => {
    const env = makeEnv("CartPole-v1");
    const agent = Agent.create({ algorithm: "weight-max", env, seed: 0 });
    const bytes = agent.save();
    agent.dispose();
    const damage = fc.array(fc.record({ at: fc.nat({ max: bytes.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.oneof(damage.map((d) => ({ d })), fc.uint8Array({ maxLength: 200 }).map((r) => ({ r }))), (c) => {
        let input: Uint8Array;
        if ("r" in c) input = c.r;
        else {
          input = bytes.slice();
          for (const { at, xor } of c.d) input[at] ^= xor;
          // Two flips of one byte can cancel out; that is an intact file.
          if (input.every((v, k) => v === bytes[k])) return;
        }
        const error = documented(() => Agent.load(input).dispose());
        expect(error?.name).toBe("CheckpointError");
      }),
      { numRuns: 1000, seed: 6 },
    );
  });
});
