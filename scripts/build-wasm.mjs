// Builds both cores from one source: build/core.wasm (Float = f32, the default) and
// build/core64.wasm (Float = f64), the latter from a copy of assembly/ whose precision.ts
// says f64. Nothing else differs between the two.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const asc = (entry, out) =>
  execFileSync("npx", ["asc", entry, "--target", "release", "--outFile", out], { stdio: "inherit" });

asc("assembly/index.ts", "build/core.wasm");

const copy = "build/assembly64";
rmSync(copy, { recursive: true, force: true });
mkdirSync(copy, { recursive: true });
cpSync("assembly", copy, { recursive: true, filter: (path) => !path.includes("__tests__") });
const precision = readFileSync("assembly/precision.ts", "utf8");
if (!/export type Float = f32;/.test(precision)) throw new Error("assembly/precision.ts must declare `export type Float = f32;`");
writeFileSync(`${copy}/precision.ts`, precision.replace("export type Float = f32;", "export type Float = f64;"));
asc(`${copy}/index.ts`, "build/core64.wasm");

// The benchmarks' peak multiply-add probe (not part of the library).
asc("bench/assembly/peak.ts", "build/peak.wasm");
