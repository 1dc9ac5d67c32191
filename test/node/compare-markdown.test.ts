// `coagent compare --markdown`, the format the tables of docs/experiments.md and
// docs/reproduction.md are printed in: the same statistics as --json (which agree with SciPy,
// test/node/stats-compare.test.ts), rounded as the docs print them, with the columns asked for, and
// the filters and pair selection the docs' commands use.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../coagent-cli";

const fixtures = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "stats", "scipy.json"), "utf8")) as {
  samples: Record<string, number[]>;
  summaries: Record<string, { mean: number; std: number; se: number; iqm: number }>;
  tests: { a: string; b: string; welchT: number; welchP: number; mannWhitneyU: number; mannWhitneyP: number }[];
};
const coagent = (...args: string[]) => runCli(args);
const bimodal = fixtures.samples["bimodal-learn-6-freeze-4"];
const steady = fixtures.samples["steady-10"];
const scipy = fixtures.tests.find((t) => t.a === "bimodal-learn-6-freeze-4" && t.b === "steady-10")!;
const minus = (x: number, places: number) => x.toFixed(places).replace("-", "−");

/** A train --out file on `env` whose run k has 200 returns equal to averages[k]. */
function trainFile(path: string, env: string, algorithm: string, averages: number[]): string {
  const runs = averages.map((a, seed) => ({ seed, returns: new Array(200).fill(a), average: a }));
  writeFileSync(path, JSON.stringify({ env, algorithm, config: {}, runs }));
  return path;
}

describe("coagent compare --markdown", () => {
  const dir = mkdtempSync(join(tmpdir(), "coagent-markdown-"));
  const a = trainFile(join(dir, "a.json"), "CartPole-v1", "map-prop", bimodal);
  const b = trainFile(join(dir, "b.json"), "CartPole-v1", "weight-max", steady);
  const c = trainFile(join(dir, "c.json"), "CartPole-v1", "reinforce", steady.map((x) => x / 10));
  const acrobot = trainFile(join(dir, "acrobot.json"), "Acrobot-v1", "map-prop", steady.map((x) => -x));

  it("prints SciPy's statistics, rounded to two decimals, in the columns asked for", async () => {
    const result = await coagent("compare", a, b, "--markdown", "--columns", "algorithm,runs,mean,std,se,iqm");
    expect(result.code).toBe(0);
    const expected = fixtures.summaries["bimodal-learn-6-freeze-4"];
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("| algorithm | runs | mean | std | SE | IQM |");
    expect(lines[2]).toBe(`| map-prop | 10 | ${expected.mean.toFixed(2)} | ${expected.std.toFixed(2)} | ${expected.se.toFixed(2)} | ${expected.iqm.toFixed(2)} |`);
    const pair = lines.find((l) => l.startsWith("| CartPole-v1 map-prop | weight-max |"))!;
    expect(pair).toContain(`| ${minus(scipy.welchT, 2)} (`);
    expect(pair).toContain(`| ${scipy.mannWhitneyU} | ${scipy.mannWhitneyP.toFixed(3)} (asymptotic) |`);
    expect(result.stdout).toContain("std: sample (n − 1)");
  });

  it("tests only the pairs with --against, none with --groups-only, and keeps a task's rows together", async () => {
    const against = (await coagent("compare", a, acrobot, b, c, "--markdown", "--against", "reinforce")).stdout;
    expect(against.split("\n").filter((l) => / vs | \| (weight-max|map-prop|reinforce) \| [−+]/.test(l)).map((l) => l.split(" | ").slice(0, 2).join(" | "))).toEqual([
      "| CartPole-v1 map-prop | reinforce", "| CartPole-v1 weight-max | reinforce",
    ]);
    const groupsOnly = (await coagent("compare", a, acrobot, b, "--markdown", "--groups-only", "--columns", "task,algorithm")).stdout;
    expect(groupsOnly).not.toContain("Welch");
    expect(groupsOnly.split("\n").slice(2, 5)).toEqual(["| CartPole-v1 | map-prop |", "| CartPole-v1 | weight-max |", "| Acrobot-v1 | map-prop |"]);
  });

  it("keeps only the runs --algorithms and --envs name, and reads a folder of run files", async () => {
    const folder = join(dir, "folder");
    mkdirSync(folder);
    trainFile(join(folder, "one.json"), "CartPole-v1", "map-prop", bimodal);
    trainFile(join(folder, "two.json"), "Acrobot-v1", "weight-max", steady.map((x) => -x));
    const out = (await coagent("compare", folder, "--envs", "Acrobot-v1", "--markdown", "--columns", "task,algorithm,runs")).stdout;
    expect(out.split("\n").slice(2, 4)).toEqual(["| Acrobot-v1 | weight-max | 10 |", ""]);
    const only = (await coagent("compare", a, b, c, "--algorithms", "reinforce", "--markdown", "--columns", "algorithm,mean")).stdout;
    expect(only.split("\n")[2]).toBe(`| reinforce | ${(steady.reduce((s, x) => s + x, 0) / 100).toFixed(2)} |`);
  });

  it("prints the published result and the gap to it in standard errors", async () => {
    const out = (await coagent("compare", a, "--markdown", "--columns", "algorithm,published,vs-published")).stdout;
    // map-prop on CartPole-v1: 459.70 (13.89) over 10 runs, a population std.
    const expected = fixtures.summaries["bimodal-learn-6-freeze-4"];
    const gap = (expected.mean - 459.7) / Math.sqrt(expected.se ** 2 + 13.89 ** 2 / 9);
    expect(out.split("\n")[2]).toBe(`| map-prop | 459.70 (13.89) | ${minus(gap, 1)} |`);
  });

  it("refuses, in one line and exit code 2, columns it does not know and options that need --markdown", async () => {
    const cases: [string[], RegExp][] = [
      [[a, "--markdown", "--columns", "mean,stdev"], /^coagent: --columns must be comma-separated names of: .*; got "stdev"/],
      [[a, "--markdown", "--columns", "mean,mean"], /^coagent: --columns names "mean" twice\n$/],
      [[a, "--columns", "mean"], /^coagent: --columns chooses the columns of --markdown's table; add --markdown\n$/],
      [[a, "--groups-only"], /^coagent: --groups-only leaves the pairs out of --markdown's tables; add --markdown\n$/],
      [[a, "--markdown", "--json"], /^coagent: --json and --markdown are two formats of the report; give one\n$/],
      [[a, b, "--against", "weight-maxx"], /^coagent: --against must name one of the compared groups: map-prop, weight-max; got "weight-maxx"/],
      [[a, "--algorithms", "backprop"], /^coagent: --algorithms: no runs of backprop in .*; the inputs hold map-prop\n$/],
      [[a, "--envs", "CartPole-v1,"], /^coagent: --envs must be comma-separated task ids; got "CartPole-v1,"\n$/],
    ];
    for (const [args, message] of cases) {
      const result = await coagent("compare", ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(message);
      expect(result.stderr.split("\n").length).toBe(2);
    }
  });
});
