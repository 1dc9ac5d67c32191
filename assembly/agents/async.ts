// Asynchronous MAP propagation (docs/learning-rules.md; the preprint's Algorithm 3 with its
// threads simulated in lockstep). There is no separate feed-forward pass: hidden units keep their
// values from one environment step to the next and run the same energy-descent update whether the
// output is being resampled (the feed-forward phase) or clamped to the executed action (the MAP
// phase). Because no unit knows which phase it is in, every sweep adds to the eligibility traces,
// weighted by 1/(ε + α·g²) where g is a per-unit momentum of recent value changes: contributions
// count when the unit has come to rest. The whole step of this rule is here (asyncAgentStep):
// the agent step runs it instead of the synchronous one when the rule has Capability.asynchronous.

import { AsyncVariant, EpisodeFlag, UnitCode } from "../../bindings/core/interface";
import { Agent, flagsOf, learnFromTdError } from "./agent";
import { Layer, allocFloats, computeEligibility, forwardLayer, accumulateTrace, scaleEligibility } from "../kernels/layer";
import { Network, layerAt, descendHidden, gateEligibilities, firstToRefresh, clearTraces } from "../kernels/network";
import { Float, FLOAT_SHIFT, LANES } from "../simd/precision";
import { STEP, vadd, vdiv, vload, vmul, vsplat, vstore, vsub } from "../simd/vector";

/**
 * Smallest |V − μ| the critic's gate divides by, relative to max(1, |V|), in both precisions.
 * The synchronous critic's floor (512 ulps, GATE_FLOOR) only guards rounding: there the hidden
 * values settle with V clamped, so their displacement shrinks with V − μ and the ratio stays
 * finite. Here V is redrawn every sweep while the hidden values still carry earlier draws, so the
 * gate does not cancel, and 1/(V − μ) of a Gaussian draw has unbounded variance: its spikes fill
 * Adam's second moments and stall learning (float64 CartPole, 10 seeds: 194 with the ulp floor).
 */
// @ts-ignore: decorator
@inline export const ASYNC_GATE_FLOOR: Float = <Float>0.0009765625; // 2^-10

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << FLOAT_SHIFT);
}

/** Gives a new asynchronous agent the momenta of both networks (β, α and ε come with its configuration). */
export function prepareAsyncAgent(agent: Agent): void {
  agent.actorMomentum = allocFloats(momentumFloats(agent.actor));
  agent.criticMomentum = allocFloats(momentumFloats(agent.critic));
}

/** Floats of a network's momentum buffer: one batch × stride block per layer. */
export function momentumFloats(net: Network): i32 {
  let n = 0;
  for (let l = 0; l < net.nLayers; l++) n += net.batch * layerAt(net, l).stride;
  return n;
}

function momentumOf(net: Network, momentum: usize, l: i32): usize {
  let offset = 0;
  for (let k = 0; k < l; k++) offset += net.batch * layerAt(net, k).stride;
  return at(momentum, offset);
}

/** Episode start for sample b: hidden values to zero, momenta to 1/α (the notebook's reset). */
export function resetAsyncSample(net: Network, momentum: usize, b: i32, alpha: Float): void {
  for (let l = 0; l < net.nLayers; l++) {
    const L = layerAt(net, l);
    const row = b * L.stride;
    if (l < net.nLayers - 1) memory.fill(at(L.values, row), 0, <usize>L.stride << FLOAT_SHIFT);
    const g = momentumOf(net, momentum, l);
    for (let j = 0; j < L.nOut; j++) store<Float>(at(g, row + j), 1 / alpha);
  }
}

/** Recomputes every layer's potentials and means from the current values (a new observation). */
export function refreshNetwork(net: Network): void {
  for (let l = 0; l < net.nLayers; l++) forwardLayer(layerAt(net, l), false, net.rng);
}

/** Scales each unit's eligibility by 1/(ε + α g²) of its momentum g. */
function weighByRest(L: Layer, g: usize, alpha: Float, epsilon: Float): void {
  const a = vsplat(alpha);
  const e = vsplat(epsilon);
  const n = L.batch * L.stride;
  for (let k = 0; k < n; k += STEP) {
    const m = vload(at(g, k));
    const w = vdiv(vsplat(1), vadd(e, vmul(a, vmul(m, m))));
    vstore(at(L.eligibility, k), vmul(vload(at(L.eligibility, k)), w));
  }
}

/**
 * `sweeps` lockstep sweeps of every unit. Hidden layers take a Jacobi energy-descent step and
 * update their momenta with the change; the output is resampled from its mean (`clamped` false:
 * momentum tracks whether the action changed, or how much a continuous output moved) or held
 * (`clamped` true: its momentum only decays). After each sweep every layer's eligibility,
 * weighted by rest (and, for a critic, gated by 1/(V − μ) as in §3.4), is added to the traces.
 *
 * `variant` holds experimental AsyncVariant bits (none is the rule documented above):
 * lastSweep adds to the traces only after each phase's last sweep (the traces still decay by
 * λγ^(1/2N) per sweep, so a step's discount is unchanged); notebookTraces adds to them only after
 * the clamped phase's last sweep, as the authors' notebook does (`last_update`), so the traces
 * decay once per environment step, by the step's whole decay (λγ^(1/2N))^(2N); advantage
 * multiplies the critic's eligibilities by (V − μ), the preprint's (A − Ā) of eqs. 16–17, instead
 * of dividing by it; oneHotMomentum counts a changed categorical action as 2 in the output's
 * momentum, the notebook's count of changed one-hot entries. `gateFloor` k > 0 floors the
 * critic's |V − μ| at k·σ_V instead of ASYNC_GATE_FLOOR·max(1, |V|).
 */
export function asyncSweeps(net: Network, momentum: usize, sweeps: i32, clamped: bool, decay: Float, gate: bool, beta: Float, alpha: Float, epsilon: Float, variant: i32, gateFloor: Float): void {
  const top = net.nLayers - 1;
  const lastOnly = (variant & AsyncVariant.lastSweep) != 0;
  const notebook = (variant & AsyncVariant.notebookTraces) != 0;
  // A changed action is one changed unit, or (the notebook) two changed one-hot entries.
  const actionChange: Float = (variant & AsyncVariant.oneHotMomentum) != 0 ? 2 : 1;
  // Recorded once per phase, the trace takes the phase's whole decay at once; recorded once per
  // environment step (the notebook), the decay of both phases.
  let phaseDecay: Float = 1;
  for (let s = 0; s < sweeps; s++) phaseDecay *= decay;
  const recordDecay = notebook ? phaseDecay * phaseDecay : lastOnly ? phaseDecay : decay;
  const out = layerAt(net, top);
  const gOut = momentumOf(net, momentum, top);
  const keep = vsplat(beta);
  const blend = vsplat(1 - beta);
  for (let s = 0; s < sweeps; s++) {
    descendHidden(net, momentum, beta, true);
    for (let l = firstToRefresh(net, s); l < top; l++) forwardLayer(layerAt(net, l), false, net.rng);
    if (clamped) {
      forwardLayer(out, false, net.rng);
      const n = out.batch * out.stride;
      for (let k = 0; k < n; k += STEP) vstore(at(gOut, k), vmul(keep, vload(at(gOut, k))));
    } else if (out.unit == UnitCode.categorical) {
      for (let b = 0; b < out.batch; b++) store<Float>(at(out.scratch, b * LANES), <Float>load<i32>(out.action + (<usize>b << 2)));
      forwardLayer(out, true, net.rng);
      for (let b = 0; b < out.batch; b++) {
        const changed: Float = <Float>load<i32>(out.action + (<usize>b << 2)) != load<Float>(at(out.scratch, b * LANES)) ? actionChange : 0;
        for (let j = 0; j < out.nOut; j++) {
          const p = at(gOut, b * out.stride + j);
          store<Float>(p, beta * load<Float>(p) + (1 - beta) * changed);
        }
      }
    } else {
      // g ← βg + (1 − β)(new − old), in two halves around the draw.
      const n = out.batch * out.stride;
      for (let k = 0; k < n; k += STEP) vstore(at(gOut, k), vsub(vmul(keep, vload(at(gOut, k))), vmul(blend, vload(at(out.values, k)))));
      forwardLayer(out, true, net.rng);
      for (let k = 0; k < n; k += STEP) vstore(at(gOut, k), vadd(vload(at(gOut, k)), vmul(blend, vload(at(out.values, k)))));
    }
    if (notebook ? !clamped || s < sweeps - 1 : lastOnly && s < sweeps - 1) continue;
    for (let l = 0; l <= top; l++) {
      const L = layerAt(net, l);
      computeEligibility(L);
      weighByRest(L, momentumOf(net, momentum, l), alpha, epsilon);
    }
    if (gate && (variant & AsyncVariant.advantage) != 0) scaleByAdvantage(net);
    // asyncGateFloor k > 0 replaces the relative floor by k·σ_V. The relative floor was tuned on
    // CartPole, whose critic output has σ² = 0.5; LunarLander's has 0.05, so |V − μ| is a third as
    // large there and binds more often. In a feed-forward sweep V − μ is σ_V·z (z standard normal),
    // so k·σ_V binds on the same share of those sweeps, P(|z| < k), whatever σ_V is.
    else if (gate && gateFloor > 0) gateEligibilities(net, 0, gateFloor * <Float>Math.sqrt(out.variance));
    else if (gate) gateEligibilities(net, ASYNC_GATE_FLOOR, 0);
    for (let l = 0; l <= top; l++) accumulateTrace(layerAt(net, l), recordDecay);
  }
}

/** The preprint's critic factor: every layer's eligibility times (V − μ) of its output. */
function scaleByAdvantage(net: Network): void {
  const out = layerAt(net, net.nLayers - 1);
  for (let b = 0; b < net.batch; b++) {
    const k = <usize>(b * out.stride) << FLOAT_SHIFT;
    const factor = load<Float>(out.values + k) - load<Float>(out.mean + k);
    for (let l = 0; l < net.nLayers; l++) scaleEligibility(layerAt(net, l), b, factor);
  }
}

/**
 * One environment step of asynchronous MAP propagation (docs/learning-rules.md): at an episode start
 * hidden values, momenta and traces are reset; then N feed-forward sweeps (output resampled),
 * the TD error from the critic's mean and one Adam step on the traces, then N sweeps with the
 * outputs clamped; the actor's output after them is the action.
 */
export function asyncAgentStep(agent: Agent): void {
  const actor = agent.actor;
  const critic = agent.critic;
  for (let b = 0; b < agent.batch; b++) {
    if (agent.iteration == 0 || flagsOf(agent, b) & EpisodeFlag.episodeStart) {
      resetAsyncSample(actor, agent.actorMomentum, b, agent.asyncAlpha);
      resetAsyncSample(critic, agent.criticMomentum, b, agent.asyncAlpha);
      clearTraces(actor, b);
      clearTraces(critic, b);
    }
  }
  refreshNetwork(actor);
  refreshNetwork(critic);
  asyncPhase(agent, false);
  learnFromTdError(agent);
  asyncPhase(agent, true);
}

/** N lockstep sweeps of actor and critic, outputs resampled or `clamped` (asyncSweeps). */
function asyncPhase(agent: Agent, clamped: bool): void {
  const n = agent.settleSteps;
  asyncSweeps(agent.actor, agent.actorMomentum, n, clamped, agent.actorDecay, false, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon, agent.asyncVariant, agent.asyncGateFloor);
  asyncSweeps(agent.critic, agent.criticMomentum, n, clamped, agent.criticDecay, true, agent.asyncBeta, agent.asyncAlpha, agent.asyncEpsilon, agent.asyncVariant, agent.asyncGateFloor);
}
