// The rules' settings (bindings/rules/setting.ts, shared-settings.ts and each rule's file): each
// setting is declared once, every rule gives a valid value for each setting it takes on every
// reference task, overrides are checked against the rule's own list, and each default has a
// single source: no value is written in a second place, and the core keeps none of its own.
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  algorithms, declaredSettings, defaultHyperparameters, fullBagOrder, settingsOf, tasksWithDefaults, validateHyperparameters, type Hyperparameters,
} from "../../bindings/rules/algorithms";
import { rules } from "../../bindings/rules";
import { absentByDefault, expectedOf, settingProblem, type Setting } from "../../bindings/rules/setting";
import { bagOrder, referenceTasks } from "../../bindings/rules/settings";
import { sharedSettings } from "../../bindings/rules/shared-settings";
import { ConfigurationError } from "../../bindings/errors";
import { networkDefaults } from "../../bindings/core/defaults";
import { AgentSetting } from "../../bindings/core/interface";

describe("declarations", () => {
  it("each setting is declared once: every rule that takes a name takes the same declaration", () => {
    for (const rule of rules) {
      for (const setting of rule.settings) expect(declaredSettings.get(setting.name)!.setting, `${rule.name}.${setting.name}`).toBe(setting);
      expect(new Set(rule.settings.map((s) => s.name)).size, rule.name).toBe(rule.settings.length);
    }
  });

  it("every rule takes the shared settings", () => {
    for (const rule of rules) for (const setting of sharedSettings) expect(rule.settings, rule.name).toContain(setting);
  });

  it("a setting other rules also take says which rules those are", () => {
    for (const { setting, rules: takers } of declaredSettings.values()) {
      if (takers.length < rules.length) expect(setting.appliesTo, setting.name).toMatch(/\w{4,}/);
    }
  });

  it("a full bag holds every setting that has a value by default: the fixed order's, then any declared since", () => {
    const withValue = [...declaredSettings.values()].filter(({ setting }) => !absentByDefault(setting)).map(({ setting }) => setting.name);
    expect([...fullBagOrder].sort()).toEqual(withValue.sort());
    expect(fullBagOrder.slice(0, bagOrder.length)).toEqual([...bagOrder]);
    expect(new Set(fullBagOrder).size).toBe(fullBagOrder.length);
  });

  it.each(rules.map((rule) => [rule.name, rule] as const))("%s: its defaults name only settings it takes, and give each a valid value on every task", (name, rule) => {
    const taken: string[] = rule.settings.map((s) => s.name);
    for (const task of [...tasksWithDefaults, "MyOwnTask-v0"]) {
      expect(Object.keys(rule.defaults(task)).filter((key) => !taken.includes(key)), `${name} on ${task}`).toEqual([]);
      const h = defaultHyperparameters(name, task) as unknown as Record<string, unknown>;
      for (const setting of rule.settings) {
        if (absentByDefault(setting)) continue;
        expect(h[setting.name], `${name}.${setting.name} on ${task}`).not.toBeUndefined();
        expect(settingProblem(setting, h[setting.name], (h.hidden as number[]).length), `${name}.${setting.name} on ${task}`).toBeUndefined();
      }
    }
  });

  it("a setting's default is used where the rule gives none, its unused value where the rule does not take it", () => {
    const map = defaultHyperparameters("map-prop", "CartPole-v1");
    const weightMax = defaultHyperparameters("weight-max", "CartPole-v1");
    expect([map.settleSteps, map.weightMaxExponent, map.gamma]).toEqual([20, 2, 0.98]);
    expect([weightMax.settleSteps, weightMax.criticVariance, weightMax.weightMaxExponent]).toEqual([0, [0, 0, 0], 2]);
    expect(Object.keys(map)).toEqual([...fullBagOrder]);
  });
});

describe("validating overrides", () => {
  const check = (algorithm: (typeof algorithms)[number], overrides: Partial<Hyperparameters>) => () =>
    validateHyperparameters({ ...defaultHyperparameters(algorithm, "CartPole-v1"), ...overrides }, overrides, algorithm);

  it("an unknown name is a ConfigurationError with the nearest name the rule takes and the list", () => {
    expect(check("map-prop", { gama: 0.9 } as never)).toThrow(ConfigurationError);
    expect(check("map-prop", { gama: 0.9 } as never)).toThrow(/unknown hyperparameter "gama" \(did you mean "gamma"\?\); map-prop takes: episodes, hidden, gamma/);
    expect(check("weight-max", { setleSteps: 3 } as never)).toThrow(/unknown hyperparameter "setleSteps" \(did you mean "settleSteps"\?\)/);
  });

  it("a setting of other rules is refused with the rules that take it", () => {
    expect(check("weight-max", { settleSteps: 5 })).toThrow(
      /hyperparameters.settleSteps applies to rules with MAP propagation's critic \(map-prop, async-map-prop, discrete-map-prop\); weight-max does not use it/,
    );
    expect(check("map-prop", { weightMaxExponent: 3 })).toThrow(/weightMaxExponent applies to rules that reward hidden units by Weight Maximization \(weight-max, weight-max-traces\)/);
    expect(check("reinforce", { asyncTraces: "last" })).toThrow(/asyncTraces applies to the asynchronous step \(async-map-prop\)/);
  });

  it("a bad value names the setting and what it expects", () => {
    expect(check("map-prop", { gamma: 1.5 })).toThrow(/hyperparameters.gamma must be a number in \[0, 1\]; got 1.5/);
    expect(check("map-prop", { settleSteps: 2.5 })).toThrow(/hyperparameters.settleSteps must be an integer in \[0, 10000\]; got 2.5/);
    expect(check("map-prop", { settleRate: 0 })).toThrow(/hyperparameters.settleRate must be a number in \(0, 1\]; got 0/);
    expect(check("map-prop", { temperature: [1, 0, 1] })).toThrow(/hyperparameters.temperature\[1\] must be a finite number > 0; got 0/);
    expect(check("map-prop", { actorLearningRate: { start: [1], end: [1, 1, 1] } })).toThrow(/hyperparameters.actorLearningRate.start must be 3 numbers/);
    expect(check("async-map-prop", { asyncTraces: "first" as never })).toThrow(/hyperparameters.asyncTraces must be "every" or "last" or "notebook"; got "first"/);
    expect(check("map-prop", { hidden: [0] })).toThrow(/hidden\[0\] must be an integer in \[1, 4096\]; got 0/);
  });

  it("the full set an agent reports passes for its own rule: unused settings hold the values the rule keeps", () => {
    for (const algorithm of algorithms) expect(check(algorithm, defaultHyperparameters(algorithm, "Acrobot-v1"))).not.toThrow();
  });

  it("each rule's list is what it takes and nothing else", () => {
    expect(settingsOf("reinforce").map((s) => s.name)).toEqual(sharedSettings.map((s) => s.name));
    expect(settingsOf("weight-max").map((s) => s.name)).toEqual([...sharedSettings.map((s) => s.name), "weightMaxExponent"]);
    expect(settingsOf("discrete-map-prop").map((s) => s.name)).toEqual([...sharedSettings.map((s) => s.name), "criticVariance", "settleSteps", "settleRate", "searchLimit", "discreteEligibility", "discreteSearch", "searchTemperature", "searchStartTemperature"]);
  });
});

/**
 * Where a setting's values may be written as literals: its declaration (not listed: the
 * declarations in shared-settings.ts and the rule files write `default:`, not `name: value`) and
 * the reference configs of the rules whose papers set it per task. Anything else found by the
 * scan is a second copy of a default.
 */
const referenceConfigs: Readonly<Record<string, readonly string[]>> = {
  episodes: ["bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  actorLambda: ["bindings/rules/async-map-prop.ts", "bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  criticLambda: ["bindings/rules/async-map-prop.ts", "bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  actorLearningRate: ["bindings/rules/discrete-map-prop.ts", "bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  criticLearningRate: ["bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  scheduleSteps: ["bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  adamEpsilon: ["bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  rewardClip: ["bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  actorVariance: ["bindings/rules/async-map-prop.ts", "bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
  criticVariance: ["bindings/rules/async-map-prop.ts", "bindings/rules/map-prop.ts"],
  temperature: ["bindings/rules/async-map-prop.ts", "bindings/rules/map-prop.ts", "bindings/rules/weight-max.ts"],
};

/**
 * The defaults of a Network built on its own (`NetworkSpec`, `learnWeightMax`): one module in the
 * core, which may not import the rules, and which the rules' declarations read where a setting
 * means the same thing (settleRate, weightMaxExponent). The AssemblyScript core keeps none.
 */
const NETWORK_DEFAULTS = "bindings/core/defaults.ts";
const networkDefaultSites: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.keys(networkDefaults).map((name) => [name, [NETWORK_DEFAULTS]]));

/**
 * Files where a setting's name means something else: the environment checker's episodes, the
 * temperature of one layer (`LayerSpec.temperature`, default 1: a unit's own parameter, which
 * the rules' per-layer `temperature` setting fills in), and the example in `--set`'s usage message.
 */
const otherMeanings: Readonly<Record<string, readonly string[]>> = {
  episodes: ["bindings/envs/checker.ts"],
  // Examples in the CLI's help and errors ("--set gamma=0.9", "--grid actorLearningRate=0.01:…"), not defaults.
  gamma: ["bindings/node/cli-help.ts", "bindings/node/cli-settings.ts", "bindings/node/cli-sweep.ts"],
  actorLearningRate: ["bindings/node/cli-sweep.ts"],
  hidden: ["bindings/node/cli-sweep.ts"],
  weightMaxExponent: ["bindings/node/cli-help.ts"],
  // The asynchronous rule's table of critic learning rates, not the critic axis.
  critic: ["bindings/rules/async-map-prop.ts"],
  temperature: ["bindings/core/network.ts", "bindings/training/policy.ts"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "__tests__" ? [] : sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** The files that write a literal value for `name`: `name: 3`, `name = 3`, `name ?? 3`, `name: [1, …]`, `name: { start: […] }`, `name: constant(…)`. */
function literalSites(name: string, files: readonly string[]): string[] {
  const pattern = new RegExp(`\\b${name}\\s*(:|=|\\?\\?)\\s*(-?\\d|\\[\\s*-?\\d|\\{\\s*start:\\s*[\\[a-z]|constant\\()`);
  return files.filter((file) => readFileSync(file, "utf8").split("\n").some((line) => !/^\s*(\/\/|\*|\/\*)/.test(line) && pattern.test(line))).sort();
}

describe("every default has one source", () => {
  const files = [...sourceFiles("bindings"), ...sourceFiles("assembly")].map((f) => f.replaceAll("\\", "/"));

  it.each([...declaredSettings.keys()])("%s: written as a literal only in its declaration and the reference configs", (name) => {
    const expected = [...(referenceConfigs[name] ?? []), ...(networkDefaultSites[name] ?? []), ...(otherMeanings[name] ?? [])].sort();
    expect(literalSites(name, files)).toEqual(expected);
  });

  it("the scan finds a copy: a default written again elsewhere fails", () => {
    expect(literalSites("scheduleSteps", [NETWORK_DEFAULTS])).toEqual([NETWORK_DEFAULTS]);
    expect(literalSites("gamma", ["bindings/rules/shared-settings.ts"])).toEqual([]);
  });

  it("a setting that means what a Network default means takes its default from it: one value, one source", () => {
    const declared = (name: string) => (declaredSettings.get(name)!.setting as { default?: unknown }).default;
    expect(declared("settleRate")).toBe(networkDefaults.settleRate);
    expect(declared("weightMaxExponent")).toBe(networkDefaults.weightMaxExponent);
    expect(readFileSync("bindings/rules/map-prop.ts", "utf8")).toMatch(/default: networkDefaults\.settleRate/);
    expect(readFileSync("bindings/rules/weight-max.ts", "utf8")).toMatch(/default: networkDefaults\.weightMaxExponent/);
  });

  it("the core takes every setting from the host: assembly/ assigns none of them a number", () => {
    // The Agent fields the configuration record sets, and the Network fields configureNetwork sets.
    const configured = [...Object.keys(AgentSetting).filter((k) => Number.isNaN(Number(k))), "adamEpsilon", "settleRate", "scheduleSteps"];
    const assigns = new RegExp(`\\.(${configured.join("|")})\\s*=\\s*-?[\\d.]`);
    const offending = sourceFiles("assembly").flatMap((file) => readFileSync(file, "utf8").split("\n").filter((line) => assigns.test(line)).map((line) => `${file}: ${line.trim()}`));
    expect(offending).toEqual([]);
    expect(assigns.test("  agent.settleSteps = 20;")).toBe(true);
  });

  it("the reference configs are the tasks' own: each varies by task for some rule, or differs between rules", () => {
    for (const name of Object.keys(referenceConfigs)) {
      const values = new Set(algorithms.flatMap((algorithm) => referenceTasks.map((task) => JSON.stringify((defaultHyperparameters(algorithm, task) as unknown as Record<string, unknown>)[name]))));
      expect(values.size, name).toBeGreaterThan(1);
    }
  });
});

/** The docs' settings table as the declarations give it: name, the rules that take it, its values and default, what it does. */
function settingsTable(): string {
  const value = (setting: Setting) => {
    if (setting.kind === "enum") return `${expectedOf(setting)}; absent: ${JSON.stringify(setting.absent)}`;
    if (absentByDefault(setting)) return `${expectedOf(setting)}; absent: ${(setting as { absent: number | string }).absent}`;
    const values = expectedOf(setting).replace(/ \(\d+ for \d+ hidden layers and the output\)/, "").replace(/\[first hidden layer, later hidden layers, output\] /, "");
    return "default" in setting && setting.default !== undefined ? `${values}; ${JSON.stringify(setting.default).replaceAll(",", ", ")}` : `${values}; the rule's`;
  };
  const rows = [...declaredSettings.values()].map(({ setting, rules: takers }) =>
    `| \`${setting.name}\` | ${takers.length === rules.length ? "all" : takers.map((r) => `\`${r.name}\``).join(", ")} | ${value(setting)} | ${setting.doc.replaceAll("|", "\\|")} |`);
  return ["| setting | rules | values; default | what it does |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

describe("docs/learning-rules.md", () => {
  it("its settings table is the declarations' (UPDATE_DOCS=1 rewrites it)", () => {
    const path = "docs/learning-rules.md";
    const page = readFileSync(path, "utf8");
    const [before, rest] = page.split("<!-- settings:start -->\n");
    const after = rest.slice(rest.indexOf("<!-- settings:end -->"));
    if (process.env.UPDATE_DOCS) writeFileSync(path, `${before}<!-- settings:start -->\n${settingsTable()}\n${after}`);
    expect(rest.slice(0, rest.indexOf("<!-- settings:end -->"))).toBe(process.env.UPDATE_DOCS ? rest.slice(0, rest.indexOf("<!-- settings:end -->")) : `${settingsTable()}\n`);
  });
});
