/**
 * The defaults of a `Network` built on its own (`NetworkSpec`, `learnWeightMax`), written once.
 * Where a rule's setting means the same thing (settleRate, weightMaxExponent), its declaration in
 * bindings/rules/ takes its default from here, since the core may not import the rules; the
 * AssemblyScript core keeps no copy and takes every value from the host.
 */
export const networkDefaults = {
  /** Adam's ε. */
  adamEpsilon: 1e-8,
  /** MAP settling's step as a fraction of each layer's variance: the references' update_adj. */
  settleRate: 0.5,
  /** Steps over which learning rates move from start to end: a network of its own anneals at once. */
  scheduleSteps: 1,
  /** Weight Maximization's p in a hidden unit's reward, the change of Σ|w|^p of its outgoing weights. */
  weightMaxExponent: 2,
  /** Settling's stopping tolerance on the largest unit step: 0 runs every sweep (the references' fixed sweeps). */
  settleTolerance: 0,
  /** Settling's heavy-ball momentum: 0 is none (the references' plain gradient steps). */
  settleMomentum: 0,
} as const;
