// What the worker sends the page about the team: every unit's value, every weight, every unit's
// reward, and for MAP propagation a replay of the settling. Read through the public Network API
// (`buffer(layer, name)`, padded rows of `stride` floats) and copied into compact Float32Arrays
// so the page can draw them while training goes on.

/**
 * How often a worker sends the page a snapshot of its team while the view is on: four times a
 * second. Each costs the worker about 1% of its time (MAP propagation's replay included), but
 * each one is drawn by the page, and where the workers already fill every core that drawing
 * competes with training (bench/speed/demo.mjs measures both).
 */
export const SNAPSHOT_MS = 250;

/** The first sample's `units` numbers of a per-unit buffer, as a Float32Array. */
function row(network, layer, name) {
  return Float32Array.from(network.buffer(layer, name).subarray(0, network.shape(layer).units));
}

/** The weights without row padding: inputs × units, row-major (input i, unit j at i·units + j). */
function weights(network, layer) {
  const { inputs, units, stride } = network.shape(layer);
  const padded = network.buffer(layer, "weights");
  const out = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) out[i * units + j] = padded[i * stride + j];
  return out;
}

/**
 * Every layer of `network` as the page draws it: unit kind, values, means, rewards (the `reward`
 * buffer: the TD error for rules that share it, each hidden unit's own reward under Weight
 * Maximization) and weights. `input` is the observation the network last acted on.
 */
export function networkSnapshot(network, input) {
  return {
    input: Float32Array.from(input),
    layers: network.spec.layers.map((spec, l) => ({
      unit: spec.unit,
      fixedZeroLogit: Boolean(spec.fixedZeroLogit),
      values: row(network, l, "values"),
      means: row(network, l, "mean"),
      rewards: row(network, l, "reward"),
      weights: weights(network, l),
    })),
  };
}

/**
 * The MAP energy −log p(hidden values, action | state) of the first sample, up to constants:
 * ½ Σ (value − mean)² / variance over Gaussian units, plus −log p(action) of a categorical output
 * (its `mean` buffer holds softmax(potential / T)). Means must be fresh, as they are after
 * `forward` and after every `settle` sweep.
 */
export function energy(network) {
  let total = 0;
  network.spec.layers.forEach((spec, l) => {
    const values = network.buffer(l, "values");
    const means = network.buffer(l, "mean");
    const units = network.shape(l).units;
    if (spec.unit === "gaussian") {
      for (let j = 0; j < units; j++) total += (values[j] - means[j]) ** 2 / (2 * spec.variance);
    } else if (spec.unit === "categorical") {
      const action = network.actions()[0];
      // With a fixed zero logit the last class has no unit: its probability is what is left.
      let p = 1;
      if (action < units) p = means[action];
      else for (let j = 0; j < units; j++) p -= means[j];
      total += -Math.log(Math.max(p, Number.MIN_VALUE));
    }
  });
  return total;
}

/**
 * MAP propagation's settling, replayed on a copy of the agent's actor so the training agent is
 * untouched. The copy is built once (`Agent.load(agent.save())`); each replay refreshes its
 * weights and biases from the agent, then for the state and the action the agent last took
 * samples the hidden units afresh (`forward`), clamps the action back to the one taken and runs
 * the settling sweeps one at a time (`settle(1)`). It returns the energy before and after each
 * sweep and every hidden unit's value along the way (sweeps + 1 rows per hidden layer).
 */
export class SettlingReplay {
  constructor(agent, Agent) {
    this.agent = agent;
    this.copy = Agent.load(agent.save());
    this.sweeps = agent.hyperparameters.settleSteps;
  }

  run(input) {
    const source = this.agent.actor;
    const actor = this.copy.actor;
    const top = actor.layerCount - 1;
    for (let l = 0; l <= top; l++) {
      actor.buffer(l, "weights").set(source.buffer(l, "weights"));
      actor.buffer(l, "bias").set(source.buffer(l, "bias"));
    }
    actor.setInput(input);
    const units = actor.shape(top).units;
    const categorical = actor.spec.layers[top].unit === "categorical";
    // The action the agent took: its index (categorical) or its sampled output values (Gaussian).
    const taken = categorical ? source.actions()[0] : Float64Array.from(source.buffer(top, "values").subarray(0, units));
    actor.forward();
    const out = actor.buffer(top, "values");
    if (categorical) {
      actor.actions()[0] = taken;
      for (let j = 0; j < units; j++) out[j] = j === taken ? 1 : 0;
    } else out.set(taken);
    const hidden = Array.from({ length: top }, () => []);
    const energies = [];
    const record = () => {
      energies.push(energy(actor));
      for (let l = 0; l < top; l++) hidden[l].push(row(actor, l, "values"));
    };
    record();
    for (let s = 0; s < this.sweeps; s++) {
      actor.settle(1);
      record();
    }
    return { energies: Float64Array.from(energies), hidden };
  }

  dispose() {
    this.copy.dispose();
  }
}
