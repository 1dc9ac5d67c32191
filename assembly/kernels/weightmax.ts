// Weight Maximization's actor update (docs/learning-rules.md): the output layer learns from the
// TD error, and each hidden unit from its own reward, the change its outgoing weights' update
// made to their p-norm^p. For p = 2 that reward is summed inside the layer above's Adam pass
// (network.ts adamPass, rewardBelow) while the new weights are in registers; other exponents
// compute it here after the pass.

import { Network, layerAt, learnLayer, fillReward } from "./network";
import { Layer } from "./layer";
import { Float, FLOAT_SHIFT } from "../simd/precision";

/**
 * Weight Maximization (docs/learning-rules.md): top-down, the output layer learns from δ; each
 * hidden unit i is rewarded by Σ_j p|W_ij|^{p−1} sign(W_ij) U_ij, the first-order change of the
 * p-norm^p of its outgoing weights, with U = z ⊙ R the raw per-sample update of the layer
 * above and W that layer's weights *after* its Adam step.
 */
export function learnWeightMax(net: Network, rewards: usize, step: f64, exponent: Float): void {
  const top = net.nLayers - 1;
  fillReward(layerAt(net, top), rewards);
  for (let l = top; l >= 0; l--) {
    const L = layerAt(net, l);
    if (l == 0) {
      learnLayer(net, L, step, null);
    } else if (exponent == 2) {
      learnLayer(net, L, step, layerAt(net, l - 1)); // the common case, fused into the update pass
    } else {
      learnLayer(net, L, step, null);
      normReward(L, layerAt(net, l - 1), exponent);
    }
  }
}

/** Rewards of the layer below for a general exponent p, from the updated weights. */
function normReward(L: Layer, below: Layer, exponent: Float): void {
  const stride = L.stride;
  const nW = L.nIn * stride;
  memory.fill(below.reward, 0, <usize>(below.batch * below.stride) << FLOAT_SHIFT);
  for (let b = 0; b < L.batch; b++) {
    const r = L.reward + (<usize>(b * stride) << FLOAT_SHIFT);
    const zw = L.traceWeights + (<usize>(b * nW) << FLOAT_SHIFT);
    for (let i = 0; i < L.nIn; i++) {
      const o = <usize>(i * stride) << FLOAT_SHIFT;
      let acc: Float = 0;
      for (let j = 0; j < L.nOut; j++) {
        const q = <usize>j << FLOAT_SHIFT;
        const w = load<Float>(L.weights + o + q);
        const coefficient = w == 0 ? <Float>0 : exponent * <Float>Math.pow(Math.abs(<f64>w), <f64>exponent - 1) * (w > 0 ? <Float>1 : <Float>-1);
        acc += coefficient * load<Float>(zw + o + q) * load<Float>(r + q);
      }
      store<Float>(below.reward + (<usize>(b * below.stride + i) << FLOAT_SHIFT), acc);
    }
  }
}
