// The package as users get it: what `npm pack` ships, one library behind every entry point, the
// CLI from a plain install, and the declarations under each TypeScript module resolution.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { installPacked, packReport, root } from "../pack";

const run = promisify(execFile);
const app = join(root, "test-artifacts", "package");
let pkg = "";

beforeAll(() => {
  pkg = installPacked(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
});

const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
  const path = join(dir, name);
  return statSync(path).isDirectory() ? walk(path) : [path];
});

describe("the npm tarball", () => {
  it("holds the whole library, a LICENSE and no source maps, under 3.25 MB unpacked", () => {
    const report = packReport();
    const files = report.files.map((f) => f.path);
    for (const required of [
      "LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/node.js", "dist/node.d.ts", "dist/plot.js", "dist/plot.d.ts",
      "dist/node/cli.js", "dist/node/worker.js", "dist/browser.js", "dist/browser.d.ts", "dist/train-worker.js", "dist/inline.js", "dist/inline.d.ts",
      "build/core.wasm", "build/core64.wasm", "build/core.js", "build/core.d.ts", "build/core-inline.js", "build/core64-inline.js",
    ]) expect(files, required).toContain(required);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => !/^(dist|build)\//.test(f)).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    // A bound against accidental inclusions (sources, maps, results add megabytes), not a size
    // budget of the code: 3,007,626 bytes at the notebook's async settings, most of it the two
    // minified bundles that carry planck.js; npm run measure:sizes tracks what users download.
    expect(report.unpackedSize).toBeLessThan(3_250_000);
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 coagent contributors\n/);
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).license).toBe("MIT");
  });

  it("every relative import of every shipped module and declaration resolves inside the package", () => {
    const unresolved: string[] = [];
    for (const file of walk(pkg).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)"(\.\.?\/[^"]+)"/g)) {
        const target = join(dirname(file), match[1]);
        const candidates = file.endsWith(".d.ts") ? [target, target.replace(/\.js$/, ".d.ts")] : [target];
        if (!candidates.some(existsSync)) unresolved.push(`${relative(pkg, file)} -> ${match[1]}`);
      }
    }
    expect(unresolved).toEqual([]);
  });
});

describe("one library behind coagent and coagent/node", () => {
  // A fresh process per order: which entry is imported first must not matter.
  const script = (nodeFirst: boolean) => `
    const first = await import(${JSON.stringify(nodeFirst ? "coagent/node" : "coagent")});
    const second = await import(${JSON.stringify(nodeFirst ? "coagent" : "coagent/node")});
    const [main, node] = ${nodeFirst ? "[second, first]" : "[first, second]"};
    await main.loadCore();                          // the README's Use snippet …
    const env = main.makeEnv("CartPole-v1", { seed: 0 });
    const agent = main.Agent.create({ algorithm: "map-prop", env, seed: 0 });
    node.saveAgentFile(agent, "agent.ckpt");        // … then its Save snippet
    const again = node.loadAgentFile("agent.ckpt");
    let damaged;
    try { main.Agent.load(new Uint8Array(16)); } catch (e) { damaged = e; }
    console.log(JSON.stringify({
      sameExports: Object.keys(main).every((k) => main[k] === node[k]),
      loadedIsAgent: again instanceof main.Agent,
      sameCore: main.getCore() === node.getCore(),
      errorHierarchy: damaged instanceof node.CoagentError && damaged instanceof node.CheckpointError,
      sameActions: [0, 1, 2].every(() => agent.act([0.01, 0, 0.02, 0]).action === again.act([0.01, 0, 0.02, 0]).action),
    }));`;

  it.each([false, true])("node entry first: %s", async (nodeFirst) => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script(nodeFirst)], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ sameExports: true, loadedIsAgent: true, sameCore: true, errorHierarchy: true, sameActions: true });
  });
});

describe("the installed package in Node", () => {
  it("keeps plotting and LunarLander's physics out of the main entry until used", async () => {
    // Statically: the main entry's import graph has no third-party module at all.
    const bare = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const match of readFileSync(file, "utf8").matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*"([^"]+)"|\bimport\s*"([^"]+)"/g)) {
        const specifier = match[1] ?? match[2];
        if (specifier.startsWith(".")) visit(join(dirname(file), specifier));
        else bare.add(specifier);
      }
    };
    visit(join(pkg, "dist", "index.js"));
    expect(seen.size).toBeGreaterThan(20);
    expect([...bare]).toEqual([]);
    // At run time: planck is required on the first LunarLander, not before.
    const probe = `
      const { createRequire } = await import("node:module");
      const cache = createRequire(import.meta.url).cache;
      const loaded = () => Object.keys(cache).filter((p) => /node_modules[\\\\/](planck|linkedom|@observablehq)[\\\\/]/.test(p)).map((p) => p.split("node_modules/")[1].split("/")[0]);
      const { makeEnv, loadCore } = await import("coagent");
      await loadCore();
      makeEnv("CartPole-v1").reset();
      const before = loaded();
      makeEnv("LunarLander-v2").reset();
      console.log(JSON.stringify({ before, after: [...new Set(loaded())] }));`;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", probe], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ before: [], after: ["planck"] });
  });

  it("runs `coagent train` on LunarLander with a figure, as after `npm install coagent`", async () => {
    const cli = join(pkg, "dist", "node", "cli.js");
    const { stdout } = await run(process.execPath, [cli, "train", "--env", "LunarLander-v2", "--algorithm", "map-prop", "--episodes", "2", "--seeds", "1", "--out", "ll.json", "--plot", "ll.svg"], { cwd: app });
    expect(stdout).toMatch(/wrote ll\.json/);
    expect(JSON.parse(readFileSync(join(app, "ll.json"), "utf8")).runs[0].returns).toHaveLength(2);
    expect(readFileSync(join(app, "ll.svg"), "utf8")).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});

describe("declarations for TypeScript consumers", () => {
  const consumer = `
    import { Agent, loadCore, makeEnv, makeVectorEnv, makeLockstepEnv, train, isEnvironmentId, loadLunarLander, register, CoagentError, type Environment, type EnvironmentId, type TaskId, type LockstepStepResult } from "coagent";
    import { saveAgentFile, loadAgentFile } from "coagent/node";
    import { learningCurveSvg } from "coagent/plot";
    import { init } from "coagent/inline";

    await loadCore();
    await loadLunarLander();
    const env: Environment = makeEnv("CartPole-v1", { seed: 0 });
    // Built-in ids complete as literals; a registered one is any string (checked when made).
    const builtin: EnvironmentId = "LunarLander-v3";
    register({ id: "Mine-v0", create: () => makeEnv("CartPole-v1"), maxEpisodeSteps: 10 });
    makeEnv("Mine-v0", { seed: 0 });
    train({ env: "Mine-v0", algorithm: "map-prop", episodes: 1 });
    makeVectorEnv("Mine-v0", { count: 2 });
    const group = makeLockstepEnv("Acrobot-v1", { seeds: [0, 7], seeding: "legacy" });
    group.reset();
    const groupStep: LockstepStepResult = group.step(Int32Array.of(0, 2));
    // @ts-expect-error: LunarLander has no lockstep form (a planck.js world per copy)
    makeLockstepEnv("LunarLander-v2", { seeds: [0] });
    const fromUser: string = "Acrobot-v1";
    const id: TaskId = isEnvironmentId(fromUser) ? fromUser : "CartPole-v1";
    train({ env: id, algorithm: "weight-max", episodes: 1 });
    train({ env, algorithm: "map-prop", episodes: 1 }); // custom Environment objects still accepted
    const agent: Agent = Agent.create({ algorithm: "map-prop", env, seed: 0 });
    saveAgentFile(agent, "a.ckpt");
    const again: Agent = loadAgentFile("a.ckpt");
    const svg: string = learningCurveSvg([{ label: "x", runs: [[1, 2]] }]);
    const error: CoagentError | undefined = undefined;
    await init();
    export { again, svg, error, groupStep, builtin };
  `;

  it.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["bundler", "esnext"],
  ])("moduleResolution %s type-checks (skipLibCheck off)", { concurrent: true }, async (moduleResolution, module) => {
    const dir = join(app, `ts-${moduleResolution}`);
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "consumer.ts"), consumer);
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "es2022", module, moduleResolution, lib: ["es2022", "dom", "esnext.disposable"], types: ["node"], strict: true, noEmit: true, skipLibCheck: false },
      files: ["consumer.ts"],
    }));
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", dir], { cwd: app }).catch((e: { stdout: string }) => ({ stdout: e.stdout, failed: true }));
    expect(result.stdout).toBe("");
  });
});
