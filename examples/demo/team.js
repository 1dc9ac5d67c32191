// What a team is made of, in words, read from the learning rule's declaration
// (bindings/rules/<rule>.ts: its hidden units, its networks' conventions, its critic) and the
// networks the library plans from it for the task (planNetworks, as Agent.create builds them).
// The intro shows this for both teams, so that it never claims more in common than they have.
import { hyperparametersFor, planNetworks, ruleNamed } from "./coagent.js";
import { taskInfo } from "./tasks.js";

const hiddenKind = (layer) =>
  layer.unit === "bernoulli" ? "Bernoulli units (each fires 0 or 1)"
    : layer.unit === "gaussian" ? `Gaussian units (${layer.activation} mean plus noise)`
      : `deterministic ${layer.activation ?? ""} units`.replace("  ", " ");

/** The output layer of an actor plan in words, with the actions it chooses between. */
function outputWords(layer, actions) {
  if (layer.unit === "categorical") {
    if (layer.fixedZeroLogit) {
      return `${layer.size} learned output unit${layer.size === 1 ? "" : "s"} and a fixed zero logit for “${actions.at(-1) ?? "the last action"}” ` +
        `(a softmax over ${layer.size + 1} actions needs only ${layer.size} free logit${layer.size === 1 ? "" : "s"})`;
    }
    return `${layer.size} output units, one logit per action (softmax)`;
  }
  return `${layer.size} Gaussian output unit${layer.size === 1 ? "" : "s"} (the continuous action)`;
}

/**
 * The actor and critic of `algorithm` on `env` (an environment: its id and spaces), as
 * { rule, actor, critic, layers } strings and the actor's layer plans.
 */
export function describeTeam(algorithm, env) {
  const rule = ruleNamed(algorithm);
  const h = hyperparametersFor(algorithm, env.id, rule.hiddenUnits);
  const continuous = env.actionSpace.kind === "box";
  const actionUnits = continuous ? env.actionSpace.shape.reduce((a, b) => a * b, 1) : env.actionSpace.n;
  const plan = planNetworks(algorithm, h, actionUnits, continuous);
  const inputs = env.observationSpace.shape.reduce((a, b) => a * b, 1);
  const hidden = plan.actor.slice(0, -1);
  const actor = `${inputs} inputs → ${hidden.map((l) => l.size).join(" → ")} ${hiddenKind(hidden[0])} → ${outputWords(plan.actor.at(-1), taskInfo(env.id).actions)}`;
  const criticHidden = plan.critic.slice(0, -1);
  const critic = rule.critic === "map"
    ? `a MAP-propagation critic: ${criticHidden.map((l) => l.size).join(" → ")} ${hiddenKind(criticHidden[0])} and one Gaussian value unit, settled like the actor`
    : `a value network: ${criticHidden.map((l) => l.size).join(" → ")} ${hiddenKind(criticHidden[0])} and one linear value unit, trained by backprop`;
  return { rule: rule.description, actor, critic, layers: plan.actor };
}
