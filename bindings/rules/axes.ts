/**
 * A rule as a preset of parts — its settling, critic, actor update and traces (./rule.ts) — each
 * of which a setting of the same name (./axis-settings.ts) may replace, for ablations that hold
 * everything else equal: `--set critic=value` on discrete-map-prop changes its critic and nothing
 * else. This module says which combinations are defined (and why the others are not), which
 * settings a combination takes, and where the values of settings the rule's own preset lacks come
 * from (docs/learning-rules.md#ablation-axes).
 */
import type { HiddenUnits, Hyperparameters } from "./hyperparameters.js";
import type { LearningRule } from "./rule.js";
import type { Setting } from "./setting.js";
import { rules } from "./index.js";
import { mapProp } from "./map-prop.js";
import { sharedSettings } from "./shared-settings.js";
import { weightMaxDefaults } from "./weight-max.js";

/** The parts of a rule the axes name, and whether its step is the asynchronous one (not an axis). */
export type RuleParts = Pick<LearningRule, "settling" | "critic" | "actorUpdate" | "traces" | "asynchronous">;

/** The axes, in the order messages and run files name them. */
export const axisNames = ["settling", "critic", "actorUpdate", "traces"] as const;
export type AxisName = (typeof axisNames)[number];

/** The parts a run of `rule` with settings `h` uses: the rule's own, but where `h` names an axis. */
export function partsOf(rule: LearningRule, h: Partial<Hyperparameters> = {}): RuleParts {
  return {
    settling: h.settling ?? rule.settling,
    critic: h.critic ?? rule.critic,
    actorUpdate: h.actorUpdate ?? rule.actorUpdate,
    traces: h.traces ?? rule.traces,
    asynchronous: rule.asynchronous,
  };
}

/** The axes of `parts` by name, as run files record them. */
export function axesRecord(parts: RuleParts): Record<AxisName, string> {
  return { settling: parts.settling, critic: parts.critic, actorUpdate: parts.actorUpdate, traces: parts.traces };
}

/**
 * Why `rule` with `parts` and actor hidden units `units` is not defined, as one sentence naming
 * the axes involved ("settling=gaussian is not defined for discrete-map-prop: …"), or undefined.
 */
export function partsProblem(rule: LearningRule, parts: RuleParts, units: HiddenUnits): string | undefined {
  const changed = axisNames.filter((axis) => parts[axis] !== rule[axis]);
  if (changed.length === 0) return undefined;
  const refuse = (axes: readonly AxisName[], why: string) => {
    const named = [...axes.filter((a) => changed.includes(a)), ...axes.filter((a) => !changed.includes(a))];
    return `${named.map((a) => `${a}=${parts[a]}`).join(" with ")} is not defined for ${rule.name}: ${why}`;
  };
  if (parts.asynchronous) {
    return refuse(changed, "its asynchronous step runs lockstep sweeps of both networks (assembly/agents/async.ts), whose critic, settling, update and traces are one kernel, not parts to swap");
  }
  if (parts.settling === "gaussian" && units !== "gaussian") {
    return refuse(["settling"], `Gaussian settling descends the energy of continuous hidden values and needs Gaussian hidden units; these are ${units} (Bernoulli units settle by settling=bernoulli)`);
  }
  if (parts.settling === "bernoulli" && units !== "bernoulli") {
    return refuse(["settling"], `the discrete search flips the two values of Bernoulli hidden units; these are ${units} (Gaussian units settle by settling=gaussian)`);
  }
  if (parts.traces === "local" && units === "relu") {
    return refuse(["traces"], "local traces are each unit's log-probability gradient, and deterministic ReLU units have none (traces=backprop)");
  }
  if (parts.settling !== "none" && parts.traces === "backprop") {
    return refuse(["settling", "traces"], "backprop traces are the policy gradient through the forward pass, and settling moves the hidden values away from it; settled values are learned from by local traces");
  }
  if (parts.actorUpdate === "weight-max" && parts.traces === "backprop") {
    return refuse(["actorUpdate", "traces"], "Weight Maximization rewards each hidden unit through its own eligibility (local traces); backprop traces replace them by the output's gradient");
  }
  return undefined;
}

/** The settings of rules' parts, each with the parts that read it (`Setting.usedWhen`), in the registry's order. */
const partSettings: readonly Setting[] = [...new Set(rules.flatMap((rule): readonly Setting[] => rule.settings))].filter((setting) => setting.usedWhen !== undefined);

/**
 * The settings a run with `parts` takes: the shared ones and those of its parts. For a rule's own
 * parts these are the rule's `settings` (test/rules/axes.test.ts checks it for every rule).
 */
export function settingsForParts(parts: RuleParts): readonly Setting[] {
  return [...sharedSettings, ...partSettings.filter((s) => s.usedWhen!(parts))];
}

/**
 * The values `rule`'s preset lacks for `parts` on `envId`, to lay over its reference settings:
 * - a changed critic is the reference critic of its kind on the task — the value critic as Weight
 *   Max configures it (its learning rates and λ), the MAP critic as MAP propagation does (its
 *   learning rates, λ and variances);
 * - any other setting the parts take and the rule does not (settleSteps for settling, …) has its
 *   declared default.
 * Everything else — the actor's settings, the output layer's, adamEpsilon, the schedule — stays
 * the rule's.
 */
export function settingsBroughtByParts(rule: LearningRule, parts: RuleParts, envId: string): Partial<Hyperparameters> {
  const brought: Record<string, unknown> = {};
  for (const setting of settingsForParts(parts)) {
    if (!rule.settings.includes(setting) && "default" in setting && setting.default !== undefined) brought[setting.name] = structuredClone(setting.default);
  }
  if (parts.critic !== rule.critic) {
    const reference = parts.critic === "value" ? weightMaxDefaults(envId) : mapProp.defaults(envId);
    brought.criticLearningRate = reference.criticLearningRate;
    brought.criticLambda = reference.criticLambda;
    if (parts.critic === "map") brought.criticVariance = reference.criticVariance;
  }
  return brought as Partial<Hyperparameters>;
}
