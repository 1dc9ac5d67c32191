// The peer a web developer would write today: a TensorFlow.js actor-critic with backprop, in the
// style of TF.js's own examples (tf.variable weights, tf.variableGrads, tf.train.adam,
// tf.tidy, a dataSync to read the action), doing the work coagent's `backprop` algorithm does
// on CartPole-v1 per environment step:
//
// - actor 4 → 64 → 32 ReLU → one logit; the policy is the softmax of [logit, 0] over the two
//   actions (coagent's fixed-zero last logit, which is also how the TF.js cart-pole example
//   writes it: one sigmoid output);
// - critic 4 → 64 → 32 softplus → 1 linear (coagent's backprop critic is softplus, not ReLU);
// - TD error δ = r + γ V(s') − V(s), with no bootstrap after termination and δ = 0 for a
//   transition cut by the time limit and for the reset "pseudo-step" (docs/learning-rules.md);
// - coagent's CartPole hyper-parameters for backprop (bindings/rules/algorithms.ts): γ = 0.98;
//   critic λ = 0.8 with accumulating traces z ← λγ z + ∇V(s) and W ← W + Adam(δ z); actor
//   λ = 0, so its "trace" is the last step's ∇log π(A|s) and the actor update is the plain
//   one-step one; per-layer learning rates annealed linearly over 50,000 iterations (actor
//   1e-4 → 1e-5; critic 4e-2 → 4e-3, 4e-5, 4e-6), Adam β = 0.9/0.999, ε = 1e-8;
// - one update of both networks per loop iteration (Adam runs even when δ = 0), and one extra
//   iteration on an episode's final observation, exactly as coagent's Agent.act / Agent.learn.
//
// Differences, none of which changes the work per step: TF.js's Adam keeps bias correction on
// for ever (the reference code stops it at t = 1000), weights start Glorot-uniform from TF.js's
// generator with zero biases, and everything is float32 (TF.js has no float64 kernels).
//
// `tf` is passed in (the @tensorflow/tfjs-core module in Node, the global `tf` of the UMD bundles
// in the page) with the backend already chosen.

const HIDDEN = [64, 32];
const GAMMA = 0.98;
const CRITIC_LAMBDA = 0.8;
const SCHEDULE_STEPS = 50_000;
const ACTOR_RATE = { start: [1e-4, 1e-4, 1e-4], end: [1e-5, 1e-5, 1e-5] };
const CRITIC_RATE = { start: [4e-2, 4e-5, 4e-6], end: [4e-3, 4e-5, 4e-6] };
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

let created = 0; // variable names are global to the TF.js engine

/** A seeded uniform [0, 1) stream (mulberry32) for sampling actions from the policy. */
function uniformStream(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dense layers [4 → 64 → 32 → outputs]: a weight and a bias variable per layer, Glorot-uniform. */
function denseStack(tf, prefix, sizes, seed) {
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const limit = Math.sqrt(6 / (sizes[l] + sizes[l + 1]));
    // tidy frees the initial values; the variables survive it.
    layers.push(tf.tidy(() => ({
      w: tf.variable(tf.randomUniform([sizes[l], sizes[l + 1]], -limit, limit, "float32", seed + l), true, `${prefix}/w${l}`),
      b: tf.variable(tf.zeros([sizes[l + 1]]), true, `${prefix}/b${l}`),
    })));
  }
  return layers;
}

/** One Adam optimiser per layer (the rates are per layer), holding that layer's two variables. */
const optimisers = (tf, layers) => layers.map(() => tf.train.adam(1, ADAM.beta1, ADAM.beta2, ADAM.epsilon));

const annealed = (rate, l, iteration) => rate.start[l] + ((rate.end[l] - rate.start[l]) * Math.min(iteration, SCHEDULE_STEPS)) / SCHEDULE_STEPS;

/**
 * Creates the agent for an environment with 4 observations and 2 actions. Its interface is the
 * part of coagent's Agent the benchmark loop uses: act(observation) → { action },
 * learn({ reward, terminated, truncated, observation }), dispose().
 */
export function createTfjsAgent(tf, { seed = 0 } = {}) {
  const id = created++;
  const actor = denseStack(tf, `actor${id}`, [4, ...HIDDEN, 1], seed * 16 + 1);
  const critic = denseStack(tf, `critic${id}`, [4, ...HIDDEN, 1], seed * 16 + 8);
  const actorAdam = optimisers(tf, actor);
  const criticAdam = optimisers(tf, critic);
  const actorVars = actor.flatMap((layer) => [layer.w, layer.b]);
  const criticVars = critic.flatMap((layer) => [layer.w, layer.b]);
  const uniform = uniformStream(seed + 0x9e3779b9);

  let actorTrace = null; // { name: Tensor }, the last step's ∇log π(A|s) (λ = 0)
  let criticTrace = null; // { name: Tensor }, z ← λγ z + ∇V(s)
  let iteration = 0;
  let previousValue = 0;
  // The outcome of the last action, applied by the next iteration (as coagent's pending flags).
  let reward = 0;
  let terminated = false;
  let dropTransition = false; // time-limit cut or episode start: δ = 0
  let episodeStart = true;

  const logPolicy = (x, action) => {
    let h = x;
    for (const layer of actor.slice(0, -1)) h = tf.relu(tf.add(tf.matMul(h, layer.w), layer.b));
    const last = actor[actor.length - 1];
    const logit = tf.add(tf.matMul(h, last.w), last.b);
    const p0 = 1 / (1 + Math.exp(-logit.dataSync()[0])); // softmax([logit, 0])[0]
    action.value = uniform() < p0 ? 0 : 1;
    // log softmax([logit, 0]): log σ(logit) = −softplus(−logit), log(1 − σ(logit)) = −softplus(logit).
    // (Not tf.logSigmoid: its custom gradient reads an input tf.variableGrads has already freed.)
    return tf.neg(tf.sum(tf.softplus(action.value === 0 ? tf.neg(logit) : logit)));
  };
  const value = (x) => {
    let h = x;
    for (const layer of critic.slice(0, -1)) h = tf.softplus(tf.add(tf.matMul(h, layer.w), layer.b));
    const last = critic[critic.length - 1];
    return tf.sum(tf.add(tf.matMul(h, last.w), last.b));
  };

  /** Adam ascent along δ·trace for every layer: tf.train.adam minimises, so it is given −δ·trace. */
  const update = (layers, adams, trace, rate, delta) => {
    layers.forEach((layer, l) => {
      adams[l].learningRate = annealed(rate, l, iteration);
      tf.tidy(() => adams[l].applyGradients({ [layer.w.name]: tf.mul(trace[layer.w.name], -delta), [layer.b.name]: tf.mul(trace[layer.b.name], -delta) }));
    });
  };

  /** One loop iteration on `observation` (docs/learning-rules.md); returns the sampled action. */
  const iterate = (observation) => {
    const action = { value: 0 };
    const x = tf.tensor2d(Float32Array.from(observation), [1, 4]);
    const policy = tf.variableGrads(() => logPolicy(x, action), actorVars);
    const critique = tf.variableGrads(() => value(x), criticVars);
    const v = critique.value.dataSync()[0];
    if (iteration > 0) {
      const delta = dropTransition ? 0 : reward + (terminated ? 0 : GAMMA * v) - previousValue;
      update(critic, criticAdam, criticTrace, CRITIC_RATE, delta);
      update(actor, actorAdam, actorTrace, ACTOR_RATE, delta);
    }
    const oldCritic = criticTrace;
    criticTrace = episodeStart ? critique.grads : tf.tidy(() => Object.fromEntries(Object.entries(critique.grads).map(([name, g]) => [name, tf.add(tf.mul(oldCritic[name], CRITIC_LAMBDA * GAMMA), g)])));
    if (oldCritic) tf.dispose(Object.values(oldCritic));
    if (!episodeStart) tf.dispose(Object.values(critique.grads));
    if (actorTrace) tf.dispose(Object.values(actorTrace));
    actorTrace = policy.grads;
    tf.dispose([x, policy.value, critique.value]);
    previousValue = v;
    iteration += 1;
    return action.value;
  };

  return {
    batch: 1,
    act(observation) {
      const action = iterate(observation);
      reward = 0;
      terminated = false;
      dropTransition = false;
      episodeStart = false;
      return { action };
    },
    learn(step) {
      reward = step.reward;
      terminated = step.terminated;
      dropTransition = step.truncated && !step.terminated;
      if (step.terminated || step.truncated) {
        iterate(step.observation); // learns the final transition; its action is discarded
        reward = 0;
        terminated = false;
        dropTransition = true;
        episodeStart = true;
      }
    },
    dispose() {
      tf.dispose([...actorVars, ...criticVars, ...Object.values(actorTrace ?? {}), ...Object.values(criticTrace ?? {})]);
      for (const adam of [...actorAdam, ...criticAdam]) adam.dispose();
    },
  };
}
