// The interface between the core and its hosts, declared once. The AssemblyScript core
// (assembly/), the generated JS core (tools/js-core/) and the TypeScript bindings
// all import this file, so it holds only what both languages accept: enums and integer
// constants without type annotations (AssemblyScript reads them as i32, TypeScript as numbers).
// A name here is the name of the same thing on every side.

/**
 * A layer's buffers. They are the last fields of the core's Layer record, in this order and
 * with these names (the JS-core generator fails the build otherwise), so that a buffer's id is
 * its slot in the record; a layer's checkpoint blocks are these buffers in this order, then
 * its two Adam step counters. A new buffer is a member here and a field there.
 */
export enum LayerBuffer {
  weights, // inputs × stride
  bias, // stride
  momentWeights, // Adam's first moment of the weights
  squareWeights, // Adam's second moment of the weights
  momentBias,
  squareBias,
  // Low-order parts of weights and biases (Kahan compensation): learning rates anneal to
  // 1e-8..2e-7, below half a float32 ulp of weights near 1, so uncompensated steps would round away.
  residueWeights,
  residueBias,
  traceWeights, // batch × inputs × stride: the eligibility traces
  traceBias, // batch × stride
  scratch, // one vector per sample (asynchronous MAP keeps the previous action there)
  values, // batch × stride, like every buffer below unless it says otherwise
  mean,
  potentials, // x·W + b
  slope, // f'(potentials) (for Bernoulli units the straight-through slope), from the last forward pass
  eligibility, // ∂ log π / ∂ potentials per unit (or the backprop signal)
  backProjection, // batch × inputStride: eligibility · Wᵀ, the top-down term for the layer below
  reward, // per-unit reward (Weight Maximization)
  action, // batch i32: the sampled class of a categorical layer
}

/** The floats per layer of the spec `createNetwork` reads, in this order. */
export enum LayerSpecField {
  size,
  unit, // a UnitCode
  activation, // an ActivationCode
  variance,
  temperature,
  learningRateStart,
  learningRateEnd,
  fixedZeroLogit, // 1: a fixed zero logit is appended (Weight Max's n−1-logit output)
  biasInit, // biases start Uniform(±biasInit)
}
/** Floats per layer in the spec: one per LayerSpecField. */
export const LAYER_SPEC_FLOATS = LayerSpecField.biasInit + 1;

/**
 * The floats of an agent's configuration record, which `configureAgent` reads, in this order: every
 * setting the step uses, written by the host (bindings/core/agent-core.ts) from the rule's
 * hyperparameters, each member the name of the Agent field (assembly/agents/agent.ts) it sets. The core
 * keeps no default of its own. Integers and bits are whole floats.
 */
export enum AgentSetting {
  gamma,
  actorDecay, // λ times the discount per trace update
  criticDecay,
  rewardClip, // 0: no clipping
  settleSteps, // Gaussian settling sweeps (MAP actor and critic), asynchronous sweeps per phase
  searchLimit, // discrete MAP propagation: the most sweeps of the actor's search
  weightMaxExponent, // Weight Maximization's p
  asyncBeta, // asynchronous MAP propagation: momentum decay β
  asyncAlpha, // … α and ε of the rest weighting 1/(ε + α g²)
  asyncEpsilon,
  asyncVariant, // AsyncVariant bits; 0 is the documented rule
  asyncGateFloor, // k of the critic gate's floor k·σ_V (σ_V the output's standard deviation); 0: 2⁻¹⁰·max(1, |V|)
  localTraceMode, // the TraceMode of an actor with Capability.localTraces: local, mode or posteriorMean
  discreteSearch, // discrete MAP propagation: a DiscreteSearch
  searchTemperature, // … Gibbs sweeps: the last sweep's temperature τ
  searchStartTemperature, // … and the first sweep's
}
/** Floats in an agent's configuration record: one per AgentSetting. */
export const AGENT_SETTING_FLOATS = AgentSetting.searchStartTemperature + 1;

/** A layer's unit type, as the spec codes it (the order of network.ts `unitTypes`). */
export enum UnitCode {
  bernoulli, // values {0,1}, P(1) = sigmoid(a / T)
  gaussian, // values f(a) + sqrt(variance) · N(0,1)
  deterministic, // values f(a)
  categorical, // one-hot action, softmax(a / T) (+ an optional fixed zero logit)
}

/** The mean function f of Gaussian and deterministic units (the order of network.ts `activations`). */
export enum ActivationCode {
  linear,
  softplus,
  relu,
  logistic,
}

/** What a network's traces record: each unit's own ∂ log π / ∂ potentials, or the output's signal backpropagated. */
export enum TraceMode {
  local, // REINFORCE, MAP propagation, Weight Max
  backprop, // backprop, STE backprop, value critics
  // As local, but hidden Bernoulli units record (h − [p > ½])/T, their value's distance from their
  // own mode: discrete MAP propagation's `discreteEligibility: "mode"` (layer.ts computeModeEligibility).
  mode,
  // As local, but hidden Bernoulli units record (σ(q) − p)/T, q their log-odds given their Markov
  // blanket: `discreteEligibility: "posterior-mean"` (posterior-logits.ts).
  posteriorMean,
}

/** How discrete MAP propagation moves the Bernoulli hidden values (`discreteSearch`; assembly/kernels/discrete-posterior.ts). */
export enum DiscreteSearch {
  icm, // iterated conditional modes (discrete.ts): the default
  gibbs, // Gibbs sweeps at a search temperature, annealed linearly over the sweeps
  meanField, // the hidden values become the fixed point m = σ(a(m)/T + C(m))
}

/**
 * What the actor's learning rule does, as bits of the agent's `capabilities`: the step reads
 * these, never a rule's name. A rule (bindings/rules/) sets exactly one bit of each group —
 * settling (none is no bit), traces, actor update — and optionally `asynchronous`; each bit
 * names the kernel in assembly/ that does it.
 */
export enum Capability {
  // Settling of the actor's hidden values after the action is sampled (at most one):
  settleGaussian = 1, // MAP propagation: gradient descent on the energy, Gaussian units (network.ts settle)
  settleBernoulli = 2, // discrete MAP propagation: iterated conditional modes, Bernoulli units (discrete.ts)
  // What the actor's traces record (exactly one):
  localTraces = 4, // each unit's own ∂ log π / ∂ potentials: REINFORCE's eligibility (network.ts recordTrace)
  backpropTraces = 8, // the output's ∂ log π backpropagated through the layers (network.ts recordTrace)
  // How the actor learns from the TD error (exactly one):
  reinforceUpdate = 16, // every unit's reward is the TD error (network.ts learnGlobal)
  weightMaxUpdate = 32, // hidden units' rewards are their outgoing weights' change (network.ts learnWeightMax)
  // The asynchronous step (async.ts asyncAgentStep) replaces the synchronous one, actor and critic.
  asynchronous = 64,
}

/** The critic's kind. */
export enum CriticKind {
  map, // stochastic, settled, gated eligibilities (§3.4)
  backprop, // deterministic, semi-gradient TD(λ) (§5)
}

/**
 * Asynchronous MAP propagation's experimental variants, as bits (hyperparameters asyncTraces,
 * asyncCriticFactor and asyncOutputMomentum; none set is the documented rule; assembly/agents/async.ts).
 */
export enum AsyncVariant {
  lastSweep = 1, // add to the traces only after each phase's last sweep
  advantage = 2, // the critic's eligibilities times (V − μ) instead of the gate
  notebookTraces = 4, // add to the traces only after the clamped phase's last sweep, decaying once per step
  oneHotMomentum = 8, // a changed categorical action adds 2 (its two changed one-hot entries) to the output's momentum
}

/**
 * An agent's per-sample buffers: fields of the core's Agent record in this order (checked as
 * LayerBuffer's are). Its checkpoint blocks are the loop counter, these, then the two momenta of
 * asynchronous MAP propagation.
 */
export enum AgentBuffer {
  reward, // batch Float: the last transition's reward, consumed by the next step
  flags, // batch i32 of EpisodeFlag: the last transition's outcome, consumed by the next step
  value, // batch Float: V(s) of this step
  previousValue,
  tdError, // batch Float: the TD error the last step learned from
}

/**
/**
 * Per-sample outcome flags in AgentBuffer.flags. The host sets terminated/truncated when it
 * reports an outcome; the step consumes them and leaves `episodeStart` where an episode ended.
 */
export enum EpisodeFlag {
  episodeStart = 1, // the previous observation ended an episode; this one is a reset
  terminated = 2, // this observation was reached by termination (no bootstrap)
  truncated = 4, // the last transition hit the time limit: drop it (δ = 0)
}

/** What an agent step returns. */
export enum StepStatus {
  ok,
  diverged, // a value, TD error or output potential is not finite
}
