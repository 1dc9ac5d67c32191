// Asynchronous MAP propagation's settings for the authors' notebook (docs/learning-rules.md#asynchronous-map-propagation-async-map-prop-experimental):
// the trace schedule `asyncTraces: "notebook"`, the critic gate's floor `asyncGateFloor` (k·σ_V)
// and the output momentum's count `asyncOutputMomentum: "one-hot"`. Each is checked against what
// it claims on single steps, read from the core's buffers, and on the Wasm and JS cores bit for
// bit in both precisions. (The defaults' results are test/training/golden.test.ts's.)
import { beforeAll, describe, expect, it } from "vitest";
import { Agent } from "../../bindings/training/agent";
import type { AgentCore } from "../../bindings/core/agent-core";
import { type Core, loadCore, precisions } from "../../bindings/core/core";
import type { Network } from "../../bindings/core/network";
import type { Hyperparameters } from "../../bindings/rules/hyperparameters";
import { makeEnv } from "../../bindings/envs/registry";
import { ConfigurationError } from "../../bindings/errors";
import { drive } from "../drive";

type Settings = Partial<Hyperparameters>;

const cores = {} as Record<"wasm" | "js", Record<(typeof precisions)[number], Core>>;

beforeAll(async () => {
  cores.wasm = {} as never;
  cores.js = {} as never;
  for (const precision of precisions) {
    cores.wasm[precision] = await loadCore({ precision });
    cores.js[precision] = await loadCore({ precision, backend: "js" });
  }
});

function start(hyperparameters: Settings, core: Core, seed = 3) {
  const env = makeEnv("CartPole-v1", { seed });
  const agent = Agent.create({ algorithm: "async-map-prop", env, seed, precision: core.precision, hyperparameters }, core);
  return { env, agent, state: { observation: env.reset({ seed }).observation } };
}

/**
 * The actor's and the critic's momenta (the agent's last two state blocks), as floats: per network,
 * one batch × stride block per layer. Read through the agent's private core record, as a
 * checkpoint reads them.
 */
function momenta(agent: Agent): [Float64Array, Float64Array] {
  const team = (agent as unknown as { team: AgentCore }).team;
  const blocks = team.stateBlocks();
  const floats = (bytes: Uint8Array) =>
    Float64Array.from(team.core.floatBytes === 8 ? new Float64Array(bytes.slice().buffer) : new Float32Array(bytes.slice().buffer));
  return [floats(blocks[blocks.length - 2]), floats(blocks[blocks.length - 1])];
}

/** Where layer `l`'s block starts in a network's momentum buffer. */
function momentumOffset(net: Network, l: number): number {
  let offset = 0;
  for (let k = 0; k < l; k++) offset += net.batch * net.shape(k).stride;
  return offset;
}

const bias = (net: Network, name: "traceBias" | "eligibility") => Array.from({ length: net.layerCount }, (_, l) => Array.from(net.buffer(l, name)));

describe.each(precisions)("the notebook settings on the Wasm and JS cores (%s)", (precision) => {
  const variants: Settings[] = [
    { asyncTraces: "notebook" },
    { asyncGateFloor: 0.5 },
    { asyncOutputMomentum: "one-hot" },
    { asyncTraces: "notebook", asyncGateFloor: 0.25, asyncOutputMomentum: "one-hot" },
  ];
  it.each(variants)("%o: the same 300 CartPole actions and byte-identical checkpoints, and not the default's", (settings) => {
    const a = start(settings, cores.wasm[precision]);
    const b = start(settings, cores.js[precision]);
    const d = start({}, cores.wasm[precision]);
    const actions = drive(a.agent, a.env, a.state, 300);
    expect(drive(b.agent, b.env, b.state, 300)).toEqual(actions);
    expect(Buffer.compare(a.agent.save(), b.agent.save())).toBe(0);
    drive(d.agent, d.env, d.state, 300);
    const weights = (agent: Agent) => [agent.actor, agent.critic].flatMap((net) => Array.from({ length: net.layerCount }, (_, l) => [...net.buffer(l, "weights")]).flat());
    expect(weights(a.agent).every(Number.isFinite)).toBe(true);
    expect(weights(a.agent)).not.toEqual(weights(d.agent));
    for (const run of [a, b, d]) run.agent.dispose();
  });
});

describe("asyncTraces: \"notebook\"", () => {
  const N = 4;
  const hyperparameters = (asyncTraces: Settings["asyncTraces"]): Settings => ({ asyncTraces, settleSteps: N, gamma: 0.98, actorLambda: 0.99, criticLambda: 0.97 });

  /**
   * Steps 1–5 of an episode (step 0 clears the traces): whether, for every layer of both
   * networks, the bias traces after each step are the traces before it decayed once by the whole
   * step's decay (λγ^(1/2N))^(2N), plus the one eligibility left by the clamped phase's last sweep
   * (rest-weighted and, for the critic, gated): the notebook's schedule, exactly, in float64.
   */
  function recordsOncePerStep(asyncTraces: Settings["asyncTraces"]): boolean {
    const { env, agent, state } = start(hyperparameters(asyncTraces), cores.wasm.float64);
    const h = agent.hyperparameters;
    drive(agent, env, state, 1);
    let holds = true;
    for (let step = 1; step <= 5; step++) {
      const before = [agent.actor, agent.critic].map((net) => bias(net, "traceBias"));
      drive(agent, env, state, 1);
      [agent.actor, agent.critic].forEach((net, n) => {
        const sweepDecay = (n === 0 ? h.actorLambda : h.criticLambda) * h.gamma ** (1 / (2 * N));
        let phaseDecay = 1;
        for (let s = 0; s < N; s++) phaseDecay *= sweepDecay;
        const stepDecay = phaseDecay * phaseDecay;
        const after = bias(net, "traceBias");
        const eligibility = bias(net, "eligibility");
        after.forEach((row, l) => row.forEach((z, j) => {
          if (z !== stepDecay * before[n][l][j] + eligibility[l][j]) holds = false;
        }));
      });
    }
    expect(agent.iterations).toBe(6); // one episode: CartPole lasts longer than 6 steps
    agent.dispose();
    return holds;
  }

  it("adds to the traces once per step, the clamped phase's last sweep, decaying them once by the step's decay", () => {
    expect(recordsOncePerStep("notebook")).toBe(true);
  });

  it("the same check fails for the other schedules, which also record in the feed-forward phase", () => {
    expect(recordsOncePerStep("every")).toBe(false);
    expect(recordsOncePerStep("last")).toBe(false);
  });

  it("keeps a step's discount: naming the default schedule changes nothing", () => {
    const run = (settings: Settings) => {
      const { env, agent, state } = start(settings, cores.wasm.float64);
      drive(agent, env, state, 50);
      const out = [...agent.actor.buffer(0, "weights"), ...agent.critic.buffer(2, "traceBias")];
      agent.dispose();
      return out;
    };
    expect(run({ asyncTraces: "every" })).toEqual(run({}));
  });
});

describe("asyncGateFloor", () => {
  const variance = 0.25; // σ_V = 0.5, so that k·σ, k·σ² and k differ

  /**
   * Over 40 steps, each step's critic output eligibility times σ²(ε + α g²) (undoing the
   * Gaussian unit's 1/σ² and the rest weighting, g the output's momentum) is (V − μ)/gap: 1 where
   * the floor does not bind, |V − μ|/(kσ_V) where it does. Returns the steps where it bound.
   */
  function gateOverSteps(k: number): { bound: number; free: number } {
    const { env, agent, state } = start({ asyncGateFloor: k, criticVariance: [0.03, 0.1, variance] }, cores.wasm.float64);
    const h = agent.hyperparameters;
    const critic = agent.critic;
    const top = critic.layerCount - 1;
    const sigma = Math.sqrt(variance);
    let bound = 0;
    let free = 0;
    for (let step = 0; step < 40; step++) {
      drive(agent, env, state, 1);
      const g = momenta(agent)[1][momentumOffset(critic, top)];
      const gap = critic.buffer(top, "values")[0] - critic.buffer(top, "mean")[0];
      const ratio = critic.buffer(top, "eligibility")[0] * variance * (h.asyncRestEpsilon + h.asyncRestScale * g * g);
      if (Math.abs(gap) < k * sigma) {
        bound++;
        expect(ratio).toBeCloseTo(Math.abs(gap) / (k * sigma), 9);
      } else {
        free++;
        expect(ratio).toBeCloseTo(1, 9);
      }
    }
    agent.dispose();
    return { bound, free };
  }

  it("floors |V − μ| at k·σ_V, σ_V the critic output's configured standard deviation", () => {
    // k = 0.05 binds on some steps and not on others; k = 4 on every step.
    const some = gateOverSteps(0.05);
    expect(some.bound).toBeGreaterThan(0);
    expect(some.free).toBeGreaterThan(0);
    expect(gateOverSteps(4).free).toBe(0);
  });

  it("refuses a floor that is not a positive number, naming the setting", () => {
    const env = makeEnv("CartPole-v1");
    for (const bad of [0, -1, Number.NaN, "0.1"]) {
      expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncGateFloor: bad as never } })).toThrow(ConfigurationError);
    }
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncGateFloor: 0 } })).toThrow(/asyncGateFloor must be a finite number > 0; got 0/);
    expect(() => Agent.create({ algorithm: "map-prop", env, hyperparameters: { asyncGateFloor: 0.5 } as never })).toThrow(/asyncGateFloor applies to the asynchronous step \(async-map-prop\)/);
  });

  it("is refused beside asyncCriticFactor \"advantage\", which has no gate to floor; taken beside \"gate\"", () => {
    const env = makeEnv("CartPole-v1");
    const create = (h: Partial<Hyperparameters>) => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: h });
    expect(() => create({ asyncGateFloor: 0.5, asyncCriticFactor: "advantage" })).toThrow(ConfigurationError);
    expect(() => create({ asyncGateFloor: 0.5, asyncCriticFactor: "advantage" })).toThrow(/asyncGateFloor is read only with asyncCriticFactor "gate"; this run sets asyncCriticFactor "advantage"/);
    const gated = create({ asyncGateFloor: 0.5, asyncCriticFactor: "gate" });
    expect(gated.hyperparameters.asyncGateFloor).toBe(0.5);
    gated.dispose();
  });
});

describe("asyncOutputMomentum: \"one-hot\"", () => {
  it("a changed action adds 2 to the categorical output's momentum where the default adds 1", () => {
    // On the first step nothing learned yet moves the draws, so both agents sample the same
    // actions in the feed-forward sweeps; then g = β^(2N)/α + c·(1 − β)·Σ β^k·[changed], c the count.
    const first = (settings: Settings) => {
      const { env, agent, state } = start(settings, cores.wasm.float64, 7);
      drive(agent, env, state, 1);
      const h = agent.hyperparameters;
      const top = agent.actor.layerCount - 1;
      const offset = momentumOffset(agent.actor, top);
      const g = Array.from(momenta(agent)[0].subarray(offset, offset + agent.actor.shape(top).units));
      const rest = h.asyncMomentum ** (2 * h.settleSteps) / h.asyncRestScale;
      agent.dispose();
      return { g, rest };
    };
    const one = first({});
    const two = first({ asyncOutputMomentum: "one-hot" });
    for (let j = 0; j < one.g.length; j++) {
      expect(one.g[j] - one.rest).toBeGreaterThan(1e-6); // the action did change during the sweeps
      expect(two.g[j] - two.rest).toBeCloseTo(2 * (one.g[j] - one.rest), 12);
    }
    expect(first({ asyncOutputMomentum: "action" }).g).toEqual(one.g);
  });

  it("refuses an unknown count, naming the setting and the values", () => {
    const env = makeEnv("CartPole-v1");
    expect(() => Agent.create({ algorithm: "async-map-prop", env, hyperparameters: { asyncOutputMomentum: "two" as never } })).toThrow(/asyncOutputMomentum must be "action" or "one-hot"; got "two"/);
  });
});

describe("checkpoints", () => {
  /** 40 steps on a made-up trajectory that depends on the actions taken: equal actions, equal inputs. */
  function actions(agent: Agent, from: Float64Array): number[] {
    const out: number[] = [];
    let observation = Float64Array.from(from);
    for (let k = 0; k < 40; k++) {
      const action = agent.act(observation).action as number;
      out.push(action);
      observation = observation.map((x, i) => x + 0.01 * (i + 1) * (action - 0.5));
      agent.learn({ observation, reward: 1, terminated: false, truncated: false });
    }
    return out;
  }

  it("record the notebook settings by name when given, and a loaded agent continues exactly", () => {
    const settings: Settings = { asyncTraces: "notebook", asyncGateFloor: 0.25, asyncOutputMomentum: "one-hot" };
    const { env, agent, state } = start(settings, cores.wasm.float64);
    drive(agent, env, state, 60);
    const loaded = Agent.load(agent.save(), cores.wasm.float64);
    expect(loaded.hyperparameters).toMatchObject(settings);
    expect(actions(loaded, state.observation)).toEqual(actions(agent, state.observation));
    expect(Buffer.compare(loaded.save(), agent.save())).toBe(0);
    agent.dispose();
    loaded.dispose();
  });

  it("leave the settings out when absent", () => {
    const { agent } = start({}, cores.wasm.float64);
    const loaded = Agent.load(agent.save(), cores.wasm.float64);
    for (const name of ["asyncTraces", "asyncGateFloor", "asyncOutputMomentum"]) expect(loaded.hyperparameters).not.toHaveProperty(name);
    agent.dispose();
    loaded.dispose();
  });
});
