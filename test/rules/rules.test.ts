// The rule registry (bindings/rules/): each rule's declaration is what the core and the
// bindings act on, so it must be coherent — one trace mode, one actor update, settling that
// fits the units it accepts — and every name the API takes must have one.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { algorithms, defaultHyperparameters, hiddenUnitKinds, planNetworks, unitsUnsupported } from "../../bindings/rules/algorithms";
import { Capability, CriticKind } from "../../bindings/core/interface";
import { rules } from "../../bindings/rules";
import { capabilitiesOf, criticKindOf } from "../../bindings/rules/rule";

const bits = (value: number, group: Capability[]) => group.filter((bit) => value & bit).length;

/** A rule's declaration as the core reads it from its Capability bits. */
function decode(capabilities: number) {
  return {
    settling: capabilities & Capability.settleGaussian ? "gaussian" : capabilities & Capability.settleBernoulli ? "bernoulli" : "none",
    traces: capabilities & Capability.localTraces ? "local" : "backprop",
    actorUpdate: capabilities & Capability.weightMaxUpdate ? "weight-max" : "reinforce",
    asynchronous: (capabilities & Capability.asynchronous) !== 0,
  };
}

describe("the rule registry", () => {
  it("every rule has golden runs, and every golden run is of a registered rule", () => {
    // The golden fixture is written by running the rules; a rule added without regenerating it,
    // or removed without pruning it, leaves the two lists apart.
    const keys = Object.keys(JSON.parse(readFileSync("test/fixtures/golden.json", "utf8")) as object);
    const inFixture = new Set(keys.map((key) => key.split(" ")[1]));
    expect([...inFixture].sort()).toEqual([...algorithms].sort());
    expect(new Set(rules.map((rule) => rule.name)).size).toBe(rules.length);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: one trace mode, one actor update, at most one settling", (_, rule) => {
    const capabilities = capabilitiesOf(rule);
    expect(bits(capabilities, [Capability.localTraces, Capability.backpropTraces])).toBe(1);
    expect(bits(capabilities, [Capability.reinforceUpdate, Capability.weightMaxUpdate])).toBe(1);
    expect(bits(capabilities, [Capability.settleGaussian, Capability.settleBernoulli])).toBeLessThanOrEqual(1);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: the bits and critic kind the core acts on say what the declaration says", (_, rule) => {
    // Read back through an inverse written here, not through the tables that wrote the bits: a
    // rule whose local traces were sent as backprop traces (or REINFORCE as Weight Max) fails.
    const plan = planNetworks(rule.name, defaultHyperparameters(rule.name, "CartPole-v1"), 2, false);
    expect(decode(plan.capabilities)).toEqual({ settling: rule.settling, traces: rule.traces, actorUpdate: rule.actorUpdate, asynchronous: rule.asynchronous });
    // The core's MAP critic settles Gaussian units; its backprop critic is deterministic.
    expect(criticKindOf(rule) === CriticKind.map).toBe(plan.critic.every((layer) => layer.unit === "gaussian"));
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: accepts its own units, and settles only the units it accepts", (_, rule) => {
    expect(unitsUnsupported(rule.name, rule.hiddenUnits)).toBeUndefined();
    const accepted = hiddenUnitKinds.filter((units) => unitsUnsupported(rule.name, units) === undefined);
    if (rule.settling === "gaussian") expect(accepted).toEqual(["gaussian"]);
    if (rule.settling === "bernoulli") expect(accepted).toEqual(["bernoulli"]);
    // A refused kind says why, in a sentence that reaches the user's error.
    for (const units of hiddenUnitKinds.filter((u) => !accepted.includes(u))) expect(unitsUnsupported(rule.name, units)).toMatch(/\w{4,}.*\w{4,}/);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: its documentation section exists", (_, rule) => {
    const [file, anchor] = rule.docs.split("#");
    const slugs = readFileSync(file, "utf8").split("\n").filter((line) => line.startsWith("#")).map((heading) =>
      heading.replace(/^#+\s*/, "").toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, "").replace(/\s/g, "-"));
    expect(slugs).toContain(anchor);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: reference settings are a fresh copy per call", (_, rule) => {
    const first = defaultHyperparameters(rule.name, "Acrobot-v1");
    first.actorLearningRate.start[0] = 123;
    first.actorVariance[2] = 456;
    first.hidden.push(7);
    expect(defaultHyperparameters(rule.name, "Acrobot-v1")).not.toEqual(first);
  });

  it("the networks follow the declared conventions: map_prop's n-logit softmax and zero biases, or weight_max's n − 1 logits", () => {
    for (const rule of rules) {
      const plan = planNetworks(rule.name, defaultHyperparameters(rule.name, "CartPole-v1"), 2, false);
      const output = plan.actor[plan.actor.length - 1];
      expect(output.size).toBe(rule.networks === "map-prop" ? 2 : 1);
      expect(plan.actor.every((layer) => (layer.biasInit ?? 0) === (rule.networks === "map-prop" ? 0 : 0.001))).toBe(true);
      expect(plan.critic.every((layer) => layer.unit === (rule.critic === "map" ? "gaussian" : "deterministic"))).toBe(true);
    }
  });
});

describe("docs/learning-rules.md", () => {
  it("its table of what each rule is made of matches the declarations", () => {
    const page = readFileSync("docs/learning-rules.md", "utf8");
    const section = page.slice(page.indexOf("## What each rule is made of"), page.indexOf("## REINFORCE"));
    const rows = section.split("\n").filter((line) => /^\| `[a-z-]+` \|/.test(line));
    const cells = (row: string) => row.split("|").slice(1, -1).map((cell) => cell.trim().replaceAll("`", ""));
    const table = rows.map(cells);
    const declared = rules.map((rule) => [
      rule.name,
      [rule.hiddenUnits, ...hiddenUnitKinds.filter((u) => u !== rule.hiddenUnits && unitsUnsupported(rule.name, u) === undefined)].join("; "),
      rule.settling, rule.traces, rule.actorUpdate, rule.asynchronous ? "yes" : "no", rule.critic, rule.networks,
    ]);
    expect(table).toEqual(declared);
  });
});
