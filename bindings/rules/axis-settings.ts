/**
 * The ablation axes as settings: what a rule is made of (./rule.ts: its settling, critic, actor
 * update and traces), each of which `--set` can change for any rule where the combination is
 * defined (./axes.ts says which, and where the settings a changed part needs come from). Absent,
 * each is the rule's own: a rule is a preset of these four.
 */
import type { Setting } from "./setting.js";

const absent = "the rule's";

export const axisSettings = [
  {
    name: "settling", kind: "enum", values: ["none", "gaussian", "bernoulli"], absent,
    doc: "what moves the actor's hidden values after the action is sampled: nothing, gradient descent on the energy (Gaussian units) or the discrete search (Bernoulli units)",
  },
  {
    name: "critic", kind: "enum", values: ["map", "value"], absent,
    doc: "the critic: MAP propagation's settled stochastic network or a deterministic value network; a changed critic takes its reference settings on the task",
  },
  {
    name: "actorUpdate", kind: "enum", values: ["reinforce", "weight-max"], absent,
    doc: "how the actor's hidden units learn: REINFORCE from the TD error, or Weight Maximization's reward of their outgoing weights' change",
  },
  {
    name: "traces", kind: "enum", values: ["local", "backprop"], absent,
    doc: "the actor's eligibility traces: each unit's own log-probability gradient, or the output's policy gradient backpropagated",
  },
] as const satisfies readonly Setting[];
