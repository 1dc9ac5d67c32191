// @ts-check
// What a rule hands its optimiser for one sample, per layer, before Adam: the raw update
// U = x ⊗ δ of the layer's weights and δ of its biases (assembly/kernels/layer.ts accumulateTrace
// with λ = 0, times the reward: network.ts batchGradient), x the layer's input. Every rule's
// update has this outer-product form, so it is kept as the pair (x, δ) and never expanded.

/**
 * @typedef {{ input: ArrayLike<number>, delta: ArrayLike<number> }} LayerUpdate
 *   the layer's weight update is input ⊗ delta, its bias update delta. As a vector (the layout of
 *   every gradient of the diagnostic): (nIn + 1) × nOut, row i the weights from input i, the last
 *   row the biases.
 * @typedef {LayerUpdate[]} Update  one per layer, bottom-up.
 */

export {};
