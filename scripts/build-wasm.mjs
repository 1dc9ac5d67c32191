// Builds four cores from one source. build/core.wasm (Float = f32, SIMD, the fast option) and
// build/core64.wasm (Float = f64, SIMD, the default) are the library's; build/core-scalar.wasm
// and build/core64-scalar.wasm compile the same kernels without SIMD (assembly/vector-scalar.ts
// in place of assembly/vector.ts) so the benchmarks can measure what SIMD is worth. Each variant
// is compiled from a copy of assembly/ with only those files swapped.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const asc = (entry, out, extra = []) =>
  execFileSync("npx", ["asc", entry, "--target", "release", "--outFile", out, ...extra], { stdio: "inherit" });

const precision = readFileSync("assembly/precision.ts", "utf8");
if (!/export type Float = f32;/.test(precision)) throw new Error("assembly/precision.ts must declare `export type Float = f32;`");

/** Compiles a copy of assembly/ with float64 and/or scalar vectors swapped in. */
function variant(name, { float64, scalar }) {
  const copy = `build/assembly-${name}`;
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync("assembly", copy, { recursive: true, filter: (path) => !path.includes("__tests__") });
  if (float64) writeFileSync(`${copy}/precision.ts`, precision.replace("export type Float = f32;", "export type Float = f64;"));
  if (scalar) cpSync("assembly/vector-scalar.ts", `${copy}/vector.ts`);
  // The scalar builds must not contain a single v128 instruction: compiling with SIMD
  // disabled turns any left-over into an error.
  asc(`${copy}/index.ts`, `build/${name}.wasm`, scalar ? ["--disable", "simd"] : []);
}

asc("assembly/index.ts", "build/core.wasm");
variant("core64", { float64: true, scalar: false });
variant("core-scalar", { float64: false, scalar: true });
variant("core64-scalar", { float64: true, scalar: true });

// The benchmarks' peak multiply-add probe (not part of the library).
asc("bench/assembly/peak.ts", "build/peak.wasm");
