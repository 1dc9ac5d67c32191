// The command line, run as a user would run it: the built `dist/node/cli.js` in a child process.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../coagent-cli";

const coagent = (...args: string[]) => runCli(args);

describe("coagent train", () => {
  it("trains, reports, and writes the documented JSON and an SVG figure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const out = join(dir, "run.json");
    const plot = join(dir, "run.svg");
    const result = await coagent("train", "--env", "CartPole-v1", "--algorithm", "weight-max", "--episodes", "4", "--seeds", "2", "--seed", "3", "--out", out, "--plot", plot, "--workers", "1");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/weight-max on CartPole-v1: average return over all episodes [\d.]+ \(std [\d.]+ over 2 runs\)/);
    expect(result.stderr).toMatch(/episode 4\/4\s+avg100 [\d.]+\s+[\d,]+ steps\/s\s+ETA/);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.env).toBe("CartPole-v1");
    expect(json.algorithm).toBe("weight-max");
    expect(json.config.gamma).toBe(0.98);
    expect(json.runs.map((r: { seed: number }) => r.seed)).toEqual([3, 4]);
    for (const r of json.runs) {
      expect(r.returns).toHaveLength(4);
      expect(r.steps).toBe(r.returns.reduce((a: number, b: number) => a + b, 0)); // reward 1 per step
      expect(r.average).toBeCloseTo(r.steps / 4, 12);
      expect(r.wallSeconds).toBeGreaterThan(0);
    }
    const svg = readFileSync(plot, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("weight-max");
  });

  it("several algorithms write an array and one figure with a curve each", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const out = join(dir, "runs.json");
    const plot = join(dir, "runs.svg");
    const result = await coagent("train", "--algorithm", "reinforce,backprop", "--episodes", "3", "--out", out, "--plot", plot, "--quiet");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.map((r: { algorithm: string }) => r.algorithm)).toEqual(["reinforce", "backprop"]);
    const svg = readFileSync(plot, "utf8");
    expect(svg.match(/<path[^>]*stroke=/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [["train", "--algorithm", "sgd"], /--algorithm must be one of: map-prop, async-map-prop, weight-max, weight-max-traces, reinforce, backprop, ste-backprop, discrete-map-prop; got "sgd"/],
    [["train", "--env", "Pong"], /--env must be one of: CartPole-v1.*; got "Pong"/],
    [["train", "--episodes=-3"], /--episodes must be an integer >= 1; got "-3"/],
    [["train", "--episodes", "0"], /--episodes must be an integer >= 1; got "0"/],
    [["train", "--seeds", "two"], /--seeds must be an integer >= 1; got "two"/],
    [["train", "--bogus"], /Unknown option '--bogus'; accepted options: --env, --algorithm/],
    [["train", "--env", "Multiplexer", "--algorithm", "backprop"], /--algorithm must be one of: map-prop, weight-max, reinforce on Multiplexer; got "backprop"/],
    [["train", "--env", "Multiplexer", "--episodes", "3"], /--episodes does not apply to Multiplexer \(one step per sample\); use --samples/],
    [["train", "--samples", "3"], /--samples only applies to the supervised tasks \(Multiplexer, Regression\)/],
    [["train", "--batch", "0"], /--batch must be an integer >= 1; got "0"/],
    [["train", "--workers", "0"], /--workers must be an integer >= 1; got "0"/],
    [["train", "--workers", "all"], /--workers must be an integer >= 1; got "all"/],
    [["train", "--env", "Multiplexer", "--batch", "4"], /--batch does not apply to Multiplexer, a supervised task with the references. own network and batch/],
    [["fly"], /unknown command "fly"; expected one of: train, reproduce, merge, plot, eval/],
    [["trian"], /unknown command "trian" \(did you mean "train"\?\)/],
    [["train", "--episodes", "-1"], /--episodes must be an integer >= 1; got "-1"/],
    [["train", "--env", "cartpole-v1"], /got "cartpole-v1" \(did you mean "CartPole-v1"\?\)/],
    [["train", "--algorithm", "weightmax"], /got "weightmax" \(did you mean "weight-max"\?\)/],
    [["train", "--precision", "float16"], /--precision must be one of: float32, float64; got "float16"/],
    [["train", "--hidden", "64,x"], /--hidden must be comma-separated layer sizes/],
    [["train", "--plot", "p.png"], /--plot writes .svg files; got "p.png"/],
    [["train", "--out", "/etc/passwd/x.json"], /--out "\/etc\/passwd\/x.json" cannot be written: its directory cannot be created \(a part of the path is a file/],
    [["train", "--out", "/tmp"], /--out "\/tmp" cannot be written: it is a directory/],
    [["train", "--save", "/proc/nope.ckpt"], /--save "\/proc\/nope.ckpt" cannot be written/],
    [["train", "--env", "Multiplexer", "--hidden", "8"], /--hidden does not apply to Multiplexer/],
    [["train", "--algorithm", "map-prop", "--units", "bernoulli"], /--units bernoulli cannot be used with map-prop: MAP propagation settles hidden values by gradient descent/],
    [["train", "--units", "spiking"], /--units must be one of: bernoulli, gaussian, relu; got "spiking"/],
    [["train", "--algorithm", "discrete-map-prop", "--units", "gaussian"], /--units gaussian cannot be used with discrete-map-prop: .*use map-prop/],
    [["reproduce", "--workers", "0"], /--workers must be an integer >= 1; got "0"/],
    [["reproduce", "--out", "/etc/passwd"], /--out "\/etc\/passwd" cannot be written: it is a file, not a directory/],
    [["eval"], /eval needs --checkpoint <file>/],
    [["eval", "--checkpoint", "/nonexistent.ckpt"], /--checkpoint "\/nonexistent.ckpt" cannot be read: no such file/],
    [["reproduce", "--envs", "Pong"], /Unknown task "Pong"/],
    [["reproduce", "--shard", "3/2"], /shard must be "i\/n"/],
    [["reproduce", "--bogus"], /Unknown option .--bogus.; accepted options: --envs, --algorithms/],
    [["plot", "--out", "x.svg"], /plot needs at least one JSON file/],
  ])("rejects %j with a one-line error", async (args, message) => {
    const result = await coagent(...(args as string[]));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("plot draws saved runs of several files into one figure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const figure = join(dir, "both.svg");
    expect((await coagent("train", "--algorithm", "reinforce", "--episodes", "3", "--out", a, "--quiet")).code).toBe(0);
    expect((await coagent("train", "--algorithm", "weight-max", "--episodes", "3", "--out", b, "--quiet")).code).toBe(0);
    const result = await coagent("plot", a, b, "--out", figure);
    expect(result.code).toBe(0);
    const svg = readFileSync(figure, "utf8");
    expect(svg).toContain("reinforce");
    expect(svg).toContain("weight-max");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{\"nope\": 1}");
    const bad = await coagent("plot", broken, "--out", figure);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not output of `coagent train --out`/);
  });

  it("trains on the multiplexer as a bandit and reports the mean reward per sample", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const out = join(dir, "mux.json");
    const plot = join(dir, "mux.svg");
    const result = await coagent("train", "--env", "Multiplexer", "--algorithm", "weight-max,reinforce", "--samples", "3000", "--seeds", "2", "--out", out, "--plot", plot);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/weight-max on Multiplexer: average reward over all samples -?[\d.]+ \(std [\d.]+ over 2 runs\)/);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.map((r: { algorithm: string }) => r.algorithm)).toEqual(["weight-max", "reinforce"]);
    for (const run of json[0].runs) {
      expect(run.steps).toBe(3000);
      expect(run.returns).toHaveLength(100);
      expect(Math.abs(run.average)).toBeLessThanOrEqual(1);
    }
    expect(readFileSync(plot, "utf8")).toContain("Mean reward");
  });

  it("--backend js trains exactly as the Wasm core", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const returns = async (backend: string) => {
      const out = join(dir, `${backend}.json`);
      expect((await coagent("train", "--algorithm", "map-prop", "--episodes", "3", "--backend", backend, "--out", out, "--quiet")).code).toBe(0);
      return JSON.parse(readFileSync(out, "utf8")).runs[0].returns;
    };
    expect(await returns("js")).toEqual(await returns("wasm"));
    expect((await coagent("train", "--backend", "gpu")).stderr).toMatch(/--backend must be one of: wasm, wasm-scalar, js; got "gpu"/);
  });

  describe("--workers", () => {
    // What must not depend on the threads: everything but the wall times.
    const trained = (out: string) => JSON.stringify(JSON.parse(readFileSync(out, "utf8")), (key, value) => (key === "wallSeconds" ? undefined : value));
    const summaries = (stdout: string) => stdout.split("\n").filter((line) => !/ worker threads took /.test(line)).map((line) => line.replace(/; [\d,]+ steps\/s$/, ""));

    it("trains as --workers 1 does: the same JSON, summaries in the same order, byte-identical saved files", async () => {
      const run = async (workers: string) => {
        const dir = mkdtempSync(join(tmpdir(), `coagent-workers-${workers}-`));
        const result = await coagent("train", "--algorithm", "weight-max,reinforce@gaussian", "--seeds", "2", "--seed", "7", "--episodes", "5", "--workers", workers,
          "--out", join(dir, "run.json"), "--save", join(dir, "a.ckpt"), "--save-policy", join(dir, "a.policy"));
        expect(result.code).toBe(0);
        const files = readdirSync(dir).filter((f) => f !== "run.json").sort();
        return { result, json: trained(join(dir, "run.json")), files, bytes: files.map((f) => readFileSync(join(dir, f))), dir };
      };
      const [one, two] = [await run("1"), await run("2")];
      expect(two.json).toBe(one.json);
      expect(JSON.parse(two.json).map((r: { algorithm: string; runs: { seed: number }[] }) => `${r.algorithm} ${r.runs.map((x) => x.seed)}`)).toEqual(["weight-max 7,8", "reinforce@gaussian 7,8"]);
      expect(two.files).toHaveLength(8);
      expect(two.files).toEqual(one.files);
      two.bytes.forEach((bytes, k) => expect(Buffer.compare(bytes, one.bytes[k]), two.files[k]).toBe(0));
      expect(summaries(two.result.stdout.replaceAll(two.dir, "<dir>"))).toEqual(summaries(one.result.stdout.replaceAll(one.dir, "<dir>")));
      expect(two.result.stdout).toMatch(/^4 runs on 2 worker threads took (\d+\.\ds|\d+s|\d+m\d\ds): [\d,]+ steps\/s in all$/m);
      expect(one.result.stdout).not.toMatch(/worker threads/);
      // Progress of every run in flight, and of all of them together.
      expect(two.result.stderr).toMatch(/^runs [0-3]\/4 done  [\d,]+ steps\/s  ETA \d+s  \| (weight-max|reinforce@gaussian) seed [78] episode \d\/5 avg100 [\d.]+( \| .*)?$/m);
    });

    it("one run trains on one thread, whatever --workers says", async () => {
      const result = await coagent("train", "--algorithm", "reinforce", "--episodes", "2", "--workers", "4");
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^run 1\/1 reinforce seed 0  episode 2\/2/m);
      expect(result.stdout).not.toMatch(/worker threads/);
    });

    it("trains a supervised task as --workers 1 does", async () => {
      const dir = mkdtempSync(join(tmpdir(), "coagent-workers-"));
      for (const workers of ["1", "2"]) {
        const result = await coagent("train", "--env", "Multiplexer", "--algorithm", "reinforce", "--samples", "2000", "--seeds", "2", "--workers", workers, "--out", join(dir, `${workers}.json`), "--quiet");
        expect(result.code).toBe(0);
      }
      expect(trained(join(dir, "2.json"))).toBe(trained(join(dir, "1.json")));
    });

    it("each thread loads the backend and precision asked for", async () => {
      const dir = mkdtempSync(join(tmpdir(), "coagent-workers-"));
      const returns = async (name: string, ...options: string[]) => {
        const out = join(dir, `${name}.json`);
        expect((await coagent("train", "--algorithm", "map-prop", "--episodes", "3", "--seeds", "2", "--out", out, "--quiet", ...options)).code).toBe(0);
        return JSON.parse(readFileSync(out, "utf8")).runs.map((r: { returns: number[] }) => r.returns);
      };
      // js gives the Wasm core's results; wasm-scalar and float32 round differently, so each is compared with itself in this process.
      const wasm = await returns("wasm-1", "--workers", "1");
      expect(await returns("js-2", "--backend", "js", "--workers", "2")).toEqual(wasm);
      expect(await returns("scalar-2", "--backend", "wasm-scalar", "--workers", "2")).toEqual(await returns("scalar-1", "--backend", "wasm-scalar", "--workers", "1"));
      expect(await returns("f32-2", "--precision", "float32", "--workers", "2")).toEqual(await returns("f32-1", "--precision", "float32", "--workers", "1"));
    });
  });

  it("--batch trains on copies of the task and records the batch in the config", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "coagent-cli-")), "batch.json");
    expect((await coagent("train", "--algorithm", "weight-max", "--episodes", "12", "--batch", "4", "--out", out, "--quiet")).code).toBe(0);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.config.batch).toBe(4);
    expect(saved.runs[0].returns).toHaveLength(12);
  });

  it("--env-seeding legacy replays the earlier stream; the default is Gymnasium's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    const saved = async (...extra: string[]) => {
      const out = join(dir, `${extra.join("-") || "default"}.json`);
      expect((await coagent("train", "--algorithm", "weight-max", "--episodes", "3", "--seed", "5", "--out", out, "--quiet", ...extra)).code).toBe(0);
      return JSON.parse(readFileSync(out, "utf8"));
    };
    const [byDefault, gymnasium, legacy] = [await saved(), await saved("--env-seeding", "gymnasium"), await saved("--env-seeding", "legacy")];
    expect(byDefault.config.envSeeding).toBe("gymnasium");
    expect(legacy.config.envSeeding).toBe("legacy");
    expect(gymnasium.runs[0].returns).toEqual(byDefault.runs[0].returns);
    expect(legacy.runs[0].returns).not.toEqual(byDefault.runs[0].returns);
    expect((await coagent("train", "--env-seeding", "numpy")).stderr).toMatch(/--env-seeding must be one of: gymnasium, legacy; got "numpy"/);
    expect((await coagent("train", "--env", "Multiplexer", "--env-seeding", "legacy")).stderr).toMatch(/--env-seeding does not apply to Multiplexer/);
    expect((await coagent("reproduce", "--env-seeding", "xoshiro")).stderr).toMatch(/--env-seeding must be one of: gymnasium, legacy; got "xoshiro"/);
  });

  it("documents every option in --help", async () => {
    const result = await coagent("--help");
    expect(result.code).toBe(0);
    for (const option of ["--env", "--algorithm", "--episodes", "--samples", "--backend", "--batch", "--env-seeding", "--seeds", "--seed", "--out", "--plot", "--quiet", "--hidden", "--units", "--save", "--save-policy", "--workers", "--checkpoint", "--greedy"]) {
      expect(result.stdout).toContain(option);
    }
  });

  it("docs/cli.md holds exactly the current --help (node scripts/cli-reference.mjs regenerates it)", async () => {
    const page = readFileSync(join(__dirname, "..", "..", "docs", "cli.md"), "utf8");
    expect(page).toContain(`<!-- help:start -->\n\`\`\`text\n${(await coagent("--help")).stdout}\`\`\`\n<!-- help:end -->`);
  });

  it("--version prints the package's version", async () => {
    const result = await coagent("--version");
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`coagent ${JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")).version}`);
  });

  it("checks output paths before training: a directory for --out fails at once and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-cli-"));
    // 100,000 episodes would take hours; the test's time-out would end it long before.
    const result = await coagent("train", "--episodes", "100000", "--out", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be written: it is a directory/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--hidden trains deeper networks and records the sizes in the config", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "coagent-cli-")), "deep.json");
    expect((await coagent("train", "--algorithm", "map-prop", "--hidden", "16,8,8", "--episodes", "2", "--out", out, "--quiet")).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).config.hidden).toEqual([16, 8, 8]);
  });

  it("--units trains Weight Max on Gaussian hidden units and records them and their variances", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "coagent-cli-")), "gaussian.json");
    expect((await coagent("train", "--algorithm", "weight-max", "--units", "gaussian", "--episodes", "2", "--out", out, "--quiet")).code).toBe(0);
    const { config } = JSON.parse(readFileSync(out, "utf8"));
    expect(config.units).toBe("gaussian");
    expect(config.actorVariance.slice(0, 2)).toEqual([0.03, 0.1]);
  });

  it("--algorithm discrete-map-prop trains MAP propagation on Bernoulli hidden units", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "coagent-cli-")), "discrete.json");
    expect((await coagent("train", "--algorithm", "discrete-map-prop", "--episodes", "2", "--out", out, "--quiet")).code).toBe(0);
    const run = JSON.parse(readFileSync(out, "utf8"));
    expect(run.algorithm).toBe("discrete-map-prop");
    expect(run.runs[0].returns).toHaveLength(2);
  });
});

describe("coagent eval", () => {
  it("evaluates a saved agent and its policy file without learning and without touching the files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-eval-"));
    const ckpt = join(dir, "agent.ckpt");
    const policy = join(dir, "agent.policy");
    const train = await coagent("train", "--algorithm", "weight-max", "--episodes", "60", "--save", ckpt, "--save-policy", policy, "--quiet");
    expect(train.code).toBe(0);
    expect(train.stdout).toContain(`wrote ${ckpt}`);
    const before = readFileSync(ckpt);
    expect(statSync(policy).size).toBeLessThan(50_000);
    const out = join(dir, "eval.json");
    const fromAgent = await coagent("eval", "--checkpoint", ckpt, "--episodes", "5", "--out", out);
    expect(fromAgent.code).toBe(0);
    expect(fromAgent.stdout).toMatch(/weight-max on CartPole-v1 \(sampled\): mean return [\d.]+ ± [\d.]+ \(sample std\) over 5 episodes/);
    const saved = JSON.parse(readFileSync(out, "utf8"));
    expect(saved.episodeReturns).toHaveLength(5);
    expect(saved.mean).toBeCloseTo(saved.episodeReturns.reduce((a: number, b: number) => a + b, 0) / 5, 10);
    // The policy file holds the same weights: the same seed gives the same episodes.
    const fromPolicy = await coagent("eval", "--checkpoint", policy, "--episodes", "5", "--out", join(dir, "eval2.json"));
    expect(JSON.parse(readFileSync(join(dir, "eval2.json"), "utf8")).episodeReturns).toEqual(saved.episodeReturns);
    expect(fromPolicy.code).toBe(0);
    const greedy = await coagent("eval", "--checkpoint", policy, "--episodes", "3", "--greedy", "--quiet");
    expect(greedy.stdout).toMatch(/\(greedy\): mean return/);
    expect(Buffer.compare(readFileSync(ckpt), before)).toBe(0);
  });

  it("several runs save one file each", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-eval-"));
    const result = await coagent("train", "--algorithm", "reinforce,backprop", "--seeds", "2", "--episodes", "2", "--save", join(dir, "a.ckpt"), "--quiet");
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["a-backprop-seed0.ckpt", "a-backprop-seed1.ckpt", "a-reinforce-seed0.ckpt", "a-reinforce-seed1.ckpt"]);
  });
});
