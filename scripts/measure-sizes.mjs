// `npm run measure:sizes`: weighs what a user downloads — the npm tarball, the cores, the
// self-contained bundles, the policy files, and the JavaScript two apps load before they run —
// and writes docs/measured/sizes.json, the file every size quoted in README.md and docs/ is
// read from (test/repo/docs-figures.test.ts fails when a quoted size differs from it).
//
// Sizes in bytes; "gzip" is gzip -9 of the file. The apps are built as a user builds them: from
// the packed package (npm pack of this checkout, which must be built: `npm run build` first),
// with esbuild, minified; "initialGzip" counts the entry chunk and its static imports, not the
// chunks fetched on demand (planck, the inlined cores).
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const weigh = (file) => ({ raw: statSync(file).size, gzip: gzip(readFileSync(file)) });

// The npm that came with this node (as test/pack.ts does: node_modules/.bin may hold an npm 6),
// without the npm_config_* of an enclosing `npm run`.
const npm = existsSync(join(dirname(process.execPath), "npm")) ? join(dirname(process.execPath), "npm") : "npm";
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

/** The tarball's sizes, and the package unpacked into `<dir>/node_modules/coagent`. */
function pack(dir) {
  const target = join(dir, "node_modules", "coagent");
  mkdirSync(target, { recursive: true });
  const [report] = JSON.parse(execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8", env }));
  execFileSync("tar", ["xzf", join(dir, report.filename), "-C", target, "--strip-components=1"]);
  // The app's own package.json, so `coagent` resolves to the unpacked package, not by self-reference.
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "measured-app", private: true, type: "module" }));
  return { packed: report.size, unpacked: report.unpackedSize, files: report.entryCount ?? report.files.length };
}

/** Builds `entry` (inside the app dir) with esbuild; the gzipped bytes loaded before it runs, and every output. */
async function app(dir, entry, { splitting }) {
  const outdir = join(dir, "out", entry.replace(/\W+/g, "-"));
  const { metafile } = await build({
    entryPoints: [join(dir, entry)], bundle: true, splitting, format: "esm", platform: "browser", minify: true,
    outdir, absWorkingDir: dir, metafile: true, logLevel: "silent",
  });
  const outputs = metafile.outputs;
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement") visit(i.path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file].entryPoint !== undefined));
  const sizeOf = (files) => files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  const gzipOf = (files) => files.reduce((sum, file) => sum + gzip(readFileSync(join(dir, file))), 0);
  return { initial: sizeOf([...initial]), initialGzip: gzipOf([...initial]), outputs: Object.keys(outputs).filter((f) => f.endsWith(".js")) };
}

/** A policy file's size for CartPole's default actor in `precision`, from a fresh agent (the size depends only on the shapes). */
async function policySize(precision) {
  const { Agent, loadCore, makeEnv } = await import(join(root, "dist", "index.js"));
  await loadCore({ precision });
  const agent = Agent.create({ algorithm: "map-prop", env: makeEnv("CartPole-v1"), seed: 0, precision });
  try {
    return agent.policy().save().length;
  } finally {
    agent.dispose();
  }
}

export async function measureSizes() {
  // Under the checkout (test-artifacts/ is ignored), so the package's own dependencies (planck)
  // resolve from the repository's node_modules, as they would from the app's.
  const dir = join(root, "test-artifacts", "measure-sizes");
  rmSync(dir, { recursive: true, force: true });
  try {
    const tarball = pack(dir);
    copyFileSync(join(root, "test", "fixtures", "bundler-app", "cartpole-only.js"), join(dir, "cartpole-only.js"));
    for (const file of ["main.js"]) copyFileSync(join(root, "examples", "embed-policy", file), join(dir, file));
    cpSync(join(root, "examples", "embed-policy", "policies"), join(dir, "policies"), { recursive: true });
    const training = await app(dir, "cartpole-only.js", { splitting: true });
    const trainingOneFile = await app(dir, "cartpole-only.js", { splitting: false });
    const embed = await app(dir, "main.js", { splitting: true });
    const planckChunk = embed.outputs.find((file) => /\/planck-[\w]+\.js$/.test(file));
    if (!planckChunk) throw new Error("measure-sizes: esbuild made no planck chunk for the embed example");
    const examplePolicy = (name) => statSync(join(root, "examples", "embed-policy", "policies", name)).size;
    return {
      tarball,
      cores: { float64: weigh(join(root, "build", "core64.wasm")), float32: weigh(join(root, "build", "core.wasm")) },
      bundles: { browser: weigh(join(root, "dist", "browser.js")), inline: weigh(join(root, "dist", "inline.js")) },
      apps: {
        // test/fixtures/bundler-app/cartpole-only.js: Agent, loadCore and makeEnv, training CartPole.
        cartpoleTraining: { initialGzip: training.initialGzip },
        cartpoleTrainingOneFile: { raw: trainingOneFile.initial, gzip: trainingOneFile.initialGzip },
        // examples/embed-policy/main.js: a policy playing, no core.
        embedPolicy: { initialGzip: embed.initialGzip },
      },
      planck: weigh(join(dir, planckChunk)),
      policyFiles: {
        cartpoleFloat32: await policySize("float32"),
        cartpoleFloat64: await policySize("float64"),
        lunarlanderFloat32: examplePolicy("lunarlander.policy"),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// node scripts/measure-sizes.mjs [--out <file>] (default docs/measured/sizes.json; the test writes elsewhere)
if (process.argv[1] === import.meta.filename) {
  const sizes = await measureSizes();
  const flag = process.argv.indexOf("--out");
  const out = flag > 0 ? process.argv[flag + 1] : join(root, "docs", "measured", "sizes.json");
  mkdirSync(dirname(out), { recursive: true });
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  writeFileSync(out, `${JSON.stringify({ commit, node: process.version, ...sizes }, null, 1)}\n`);
  console.log(`wrote ${out}`);
}
