/**
 * What a learning rule is: a declaration of what it does, one file per rule in this folder
 * (registered in ./index.ts). The core never sees a rule's name: `capabilitiesOf` turns the
 * declaration into the Capability bits the agent step reads (bindings/core/interface.ts), and
 * `planNetworks` (bindings/rules/algorithms.ts) builds the layers from it.
 */
import type { HiddenUnits, Hyperparameters } from "./hyperparameters.js";
import type { Setting } from "./setting.js";
import type { RuleDefaults } from "./settings.js";
import { Capability, CriticKind } from "../core/interface.js";

export interface LearningRule {
  /** The name the API, the CLI and grids take. */
  readonly name: string;
  /** One line: what the rule does. */
  readonly description: string;
  /** Where the rule is explained (a section of docs/learning-rules.md). */
  readonly docs: string;
  /** The actor's hidden units when none are asked for: the papers' choice. */
  readonly hiddenUnits: HiddenUnits;
  /** Why each kind of hidden unit the rule is not defined for is refused (the error message). */
  readonly refusedUnits: Readonly<Partial<Record<HiddenUnits, string>>>;
  /**
   * Whose network conventions actor and critic follow: map_prop's (an n-logit softmax output,
   * zero biases) or weight_max's (n − 1 logits beside a fixed zero one, biases Uniform(±0.001)).
   */
  readonly networks: "map-prop" | "weight-max";
  /**
   * What moves the actor's hidden values after the action is sampled: nothing, gradient descent
   * on the energy (Gaussian units), or a discrete search (Bernoulli units).
   */
  readonly settling: "none" | "gaussian" | "bernoulli";
  /** The actor's traces: each unit's own log-probability gradient, or the output's backpropagated. */
  readonly traces: "local" | "backprop";
  /** How hidden units are rewarded: by the TD error (REINFORCE) or by their outgoing weights' change. */
  readonly actorUpdate: "reinforce" | "weight-max";
  /** Whether the asynchronous step (no feed-forward pass, both networks) replaces the synchronous one. */
  readonly asynchronous: boolean;
  /** The critic: MAP propagation's stochastic settled one with gated eligibilities, or a deterministic value network. */
  readonly critic: "map" | "value";
  /**
   * The settings the rule takes: ./shared-settings.ts's and those of its own parts (MAP
   * propagation's critic and settling, Weight Max's reward, …), each declared once. Any other
   * setting is refused with the rules that take it.
   */
  readonly settings: readonly Setting[];
  /**
   * The rule's reference values on a task (a fresh copy; unknown tasks get CartPole's): every
   * setting of `settings` whose declaration has no default, and those it sets otherwise.
   */
  readonly defaults: (envId: string) => RuleDefaults;
  /** The discount traces decay by per trace update; default γ (one update per environment step). */
  readonly traceDiscount?: (h: Hyperparameters) => number;
}

const settling = { none: 0, gaussian: Capability.settleGaussian, bernoulli: Capability.settleBernoulli } as const;
const traces = { local: Capability.localTraces, backprop: Capability.backpropTraces } as const;
const actorUpdate = { reinforce: Capability.reinforceUpdate, "weight-max": Capability.weightMaxUpdate } as const;

/** The Capability bits of a rule's parts (its own, or as the ablation axes changed them: ./axes.ts), as the core's agent record holds them. */
export function capabilitiesOf(rule: Pick<LearningRule, "settling" | "traces" | "actorUpdate" | "asynchronous">): number {
  return settling[rule.settling] | traces[rule.traces] | actorUpdate[rule.actorUpdate] | (rule.asynchronous ? Capability.asynchronous : 0);
}

/** The core's critic kind of a rule's critic. */
export function criticKindOf(rule: Pick<LearningRule, "critic">): CriticKind {
  return rule.critic === "map" ? CriticKind.map : CriticKind.backprop;
}
