// Bundles the TypeScript bindings into dist/ (ESM) and emits declarations. The Wasm file
// stays in build/ and is located relative to the bundle (../build/core.wasm).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";

const common = { bundle: true, format: "esm", platform: "neutral", target: "es2022", sourcemap: true, logLevel: "warning" };
await build({ ...common, entryPoints: ["bindings/index.ts"], outfile: "dist/index.js", external: ["node:*", "@observablehq/plot", "linkedom", "planck"] });
// The browser bundle is self-contained: planck and Observable Plot inside; the page's own
// document replaces linkedom, and the Node-only file loading in core.ts is never reached.
await build({
  ...common, platform: "browser", entryPoints: ["bindings/index.ts"], outfile: "dist/browser.js", external: ["node:*"],
  alias: { linkedom: "./scripts/no-linkedom.js" }, minify: true,
});
const nodeExternal = ["@observablehq/plot", "linkedom", "planck"];
await build({ ...common, platform: "node", entryPoints: ["bindings/cli.ts"], outfile: "dist/cli.js", external: nodeExternal });
// The Node entry (experiment grids) and the worker thread it starts, found next to it in dist/.
await build({ ...common, platform: "node", entryPoints: ["bindings/node.ts"], outfile: "dist/node.js", external: nodeExternal });
await build({ ...common, platform: "node", entryPoints: ["bindings/worker.ts"], outfile: "dist/worker.js", external: nodeExternal });
chmodSync("dist/cli.js", 0o755);
execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
