// Floating-point work of one training step of an agent (actor + critic), per environment, as the
// core does it. Counted: the multiply-adds of matrix-vector products, back-projections, trace
// updates, Adam and the Weight Max reward. Not counted: activations' exp/log, random draws,
// divisions by the gate — so the floor this sets (work ÷ peak rate) is a lower bound, and
// "× floor" = 1 ÷ fraction of peak errs high.

// Per parameter: Adam (as the kernel benchmark counts it), once per batch; the batch gradient,
// a multiply-add per environment; the trace update z ← d·z + x·e. Per weight above the first
// layer, Weight Max's reward 2·Σ w·u with u = z·r.
const ADAM = 12;
const GRADIENT = 2;
const TRACE = 3;
const WEIGHT_MAX_REWARD = 3;

/** Per layer: its weights, and its weights plus biases. */
function shapes(net) {
  return Array.from({ length: net.layerCount }, (_, l) => {
    const { inputs, units } = net.shape(l);
    return { weights: inputs * units, parameters: inputs * units + units };
  });
}
const sum = (layers, f) => layers.reduce((total, layer, l) => total + f(layer, l), 0);

/** Work of one network per environment step, given how the learning rule uses it. */
function networkFlops(net, use, sweeps, batch) {
  const layers = shapes(net);
  const forward = sum(layers, (L) => 2 * L.weights);
  const above = sum(layers, (L, l) => (l > 0 ? 2 * L.weights : 0)); // layers that back-project
  const traces = sum(layers, (L) => TRACE * L.parameters);
  // Adam runs once per batch on the batch's mean gradient (a multiply-add per sample and parameter).
  const adam = sum(layers, (L) => (ADAM / batch + GRADIENT) * L.parameters);
  // MAP settling: each sweep back-projects and refreshes every layer above the first, which is
  // refreshed once (it reads only the observation).
  const settle = 2 * layers[0].weights + sweeps * 2 * above;
  switch (use) {
    case "local": return forward + traces + adam;
    case "backprop": return forward + above + traces + adam;
    case "weight-max": return forward + traces + adam + sum(layers, (L, l) => (l > 0 ? WEIGHT_MAX_REWARD * L.weights : 0));
    case "map": return forward + settle + traces + adam;
    // Discrete MAP: potentials refreshed before and after the search, and one sweep of flip gains
    // (a multiply-add and a subtraction per outgoing weight; the search runs until a sweep changes
    // nothing, so at least one sweep, usually 3–6: this count is a lower bound).
    case "discrete": return 3 * forward + 1.5 * above + traces + adam;
    // Asynchronous: 2N sweeps per step, each adding to the traces; one refresh per new observation.
    case "async": return forward + 2 * settle + 2 * sweeps * traces + adam;
  }
  throw new Error(`unknown use ${use}`);
}

/** Floating-point operations per environment step of `agent` (actor + critic). */
export function flopsPerStep(agent) {
  const sweeps = agent.hyperparameters.settleSteps;
  const batch = agent.batch;
  const uses = {
    "map-prop": ["map", "map"],
    "async-map-prop": ["async", "async"],
    "weight-max": ["weight-max", "backprop"],
    "weight-max-traces": ["weight-max", "backprop"],
    reinforce: ["local", "backprop"],
    backprop: ["backprop", "backprop"],
    "ste-backprop": ["backprop", "backprop"],
    "discrete-map-prop": ["discrete", "map"],
  }[agent.algorithm];
  return networkFlops(agent.actor, uses[0], sweeps, batch) + networkFlops(agent.critic, uses[1], sweeps, batch);
}
