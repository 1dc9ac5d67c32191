// Bundles the TypeScript bindings into dist/ (ESM) and emits declarations. The Wasm file
// stays in build/ and is located relative to the bundle (../build/core.wasm).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync } from "node:fs";

const common = { bundle: true, format: "esm", platform: "neutral", target: "es2022", sourcemap: true, logLevel: "warning" };
await build({ ...common, entryPoints: ["bindings/index.ts"], outfile: "dist/index.js", external: ["node:*", "@observablehq/plot", "linkedom"] });
await build({ ...common, platform: "node", entryPoints: ["bindings/cli.ts"], outfile: "dist/cli.js", external: ["@observablehq/plot", "linkedom"] });
chmodSync("dist/cli.js", 0o755);
execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
