// The ablation axes from the shell (docs/cli.md): `--set critic=value` and the other axes on
// train and sweep, the run file recording every axis, `--help` listing them, and each undefined
// combination refused in one line (exit 2) before any run.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../coagent-cli";

const coagent = (...args: string[]) => runCli(args);
const fresh = () => mkdtempSync(join(tmpdir(), "coagent-axes-"));
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
/** A refusal: exit 2 and one line on stderr, no stack. */
const refusal = (result: { code: number; stderr: string }) => {
  expect(result.code).toBe(2);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return result.stderr;
};

describe("train with an axis changed", () => {
  it("critic=value on discrete-map-prop trains, and the run file records every axis and the value critic's settings", async () => {
    const dir = fresh();
    const common = ["train", "--algorithm", "discrete-map-prop", "--episodes", "3", "--seed", "1", "--quiet", "--workers", "1"];
    expect((await coagent(...common, "--out", join(dir, "default.json"))).code).toBe(0);
    expect((await coagent(...common, "--set", "critic=value", "--out", join(dir, "value.json"))).code).toBe(0);
    const [byDefault, value] = [read(join(dir, "default.json")), read(join(dir, "value.json"))];
    expect(byDefault.config).toMatchObject({ settling: "bernoulli", critic: "map", actorUpdate: "reinforce", traces: "local", criticLambda: 0.95 });
    expect(value.settings).toEqual({ critic: "value" });
    expect(value.config).toMatchObject({ settling: "bernoulli", critic: "value", actorUpdate: "reinforce", traces: "local", criticLambda: 0.8 });
    expect(value.config.criticLearningRate).toEqual({ start: [0.04, 0.00004, 0.000004], end: [0.004, 0.00004, 0.000004] });
    expect(value.config.actorLearningRate).toEqual(byDefault.config.actorLearningRate);
    // The run file repeats its run, axes included.
    expect((await coagent("train", "--config", join(dir, "value.json"), "--quiet", "--out", join(dir, "again.json"))).code).toBe(0);
    expect(read(join(dir, "again.json")).runs[0].returns).toEqual(value.runs[0].returns);
  });

  it("undefined combinations and bad values are refused in one line, naming the axis and why", async () => {
    const train = (...args: string[]) => coagent("train", "--episodes", "2", "--quiet", ...args);
    expect(refusal(await train("--algorithm", "discrete-map-prop", "--set", "settling=gaussian"))).toMatch(
      /^coagent: --set settling=gaussian is not defined for discrete-map-prop: Gaussian settling descends the energy of continuous hidden values and needs Gaussian hidden units; these are bernoulli/,
    );
    expect(refusal(await train("--algorithm", "async-map-prop", "--set", "critic=value"))).toMatch(/critic=value is not defined for async-map-prop: its asynchronous step/);
    expect(refusal(await train("--algorithm", "weight-max,backprop", "--set", "traces=local"))).toMatch(/traces=local is not defined for backprop: .*ReLU units have none \(traces=backprop\)/);
    expect(refusal(await train("--algorithm", "discrete-map-prop", "--set", "critic=value", "--set", "criticVariance=0.1,0.1,0.1"))).toMatch(
      /criticVariance applies to rules with MAP propagation's critic .*; discrete-map-prop with critic=value does not use it/,
    );
    expect(refusal(await train("--algorithm", "map-prop", "--set", "searchLimit=3"))).toMatch(/searchLimit applies to rules that settle Bernoulli units \(discrete-map-prop\); map-prop does not use it/);
    expect(refusal(await train("--algorithm", "map-prop", "--set", "critic=valu"))).toMatch(/critic must be "map" or "value"; got "valu" \(did you mean "value"\?\)/);
    expect(refusal(await train("--algorithm", "discrete-map-prop", "--set", "searchLimit=-2"))).toMatch(/--set searchLimit must be an integer in \[0, 10000\]; got -2/);
  });

  it("--help lists the axes and searchLimit", async () => {
    const help = (await coagent("train", "--help")).stdout;
    for (const name of ["settling", "critic", "actorUpdate", "traces", "searchLimit"]) expect(help).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(help).toMatch(/"map" or\s+"value", default "the rule's"/);
  });
});

describe("sweeping an axis", () => {
  it("sweep --grid critic=map,value trains both critics; a grid with an undefined value is refused before any run", async () => {
    const dir = fresh();
    const result = await coagent("sweep", "--algorithm", "discrete-map-prop", "--grid", "critic=map,value", "--seeds", "1", "--episodes", "2", "--quiet", "--out", join(dir, "sweep"));
    expect(result.code).toBe(0);
    const ranking = readFileSync(join(dir, "sweep", "ranking.md"), "utf8");
    expect(ranking).toMatch(/critic=map/);
    expect(ranking).toMatch(/critic=value/);
    const refused = await coagent("sweep", "--algorithm", "discrete-map-prop", "--grid", "settling=none,gaussian", "--seeds", "1", "--episodes", "2", "--quiet", "--out", join(dir, "refused"));
    expect(refusal(refused)).toMatch(/settling=gaussian is not defined for discrete-map-prop/);
    expect(existsSync(join(dir, "refused", "runs.jsonl"))).toBe(false);
  });
});
