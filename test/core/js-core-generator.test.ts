// The JS-core generator's contract (tools/js-core/README.md), checked against asc itself: every
// fixture in tools/js-core/fixtures/ is compiled by asc to Wasm and by the generator to
// JavaScript, and both are called with the same edge and random inputs; results must agree bit
// for bit (floats by Object.is; a NaN only as NaN, since a JS number does not carry Wasm's NaN
// bits), and a Wasm trap must be an error in JavaScript too. Each deliberate mis-emission in
// MUTATIONS must make at least one fixture disagree, so the corpus provably catches such bugs.
// Constructs outside the subset must fail the build naming file and line.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Heap } from "../../bindings/core/js/memory";
import * as nativeMath from "../../bindings/core/js/nativemath";
import { compile, GeneratorError, MUTATIONS, type ScalarType, type Signature } from "../../tools/js-core/generator.mjs";

const repo = join(__dirname, "..", "..");
const fixtures = join(repo, "tools", "js-core", "fixtures");
const entries = readdirSync(fixtures).filter((f) => f.endsWith(".ts")).map((f) => join(fixtures, f));
const scratch = mkdtempSync(join(tmpdir(), "js-core-generator-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Fn = (...args: unknown[]) => unknown;
type Instance = Record<string, Fn>;

let wasmModule: WebAssembly.Module;
let signatures: Signature[];

/** A fresh instance of the fixtures as asc compiled them (fresh: globals start over). */
const wasmInstance = () => new WebAssembly.Instance(wasmModule, {}).exports as unknown as Instance;

/** A fresh instance of the fixtures as the generator compiled them, optionally mutated. */
async function jsInstance(mutation?: string): Promise<Instance> {
  const { js } = compile({ entries, root: fixtures, floatType: "f32", mutation });
  const file = join(scratch, `fixtures-${mutation ?? "faithful"}.mjs`);
  writeFileSync(file, js);
  const module = (await import(pathToFileURL(file).href)) as { instantiate(glue: unknown): Instance };
  return module.instantiate({ heap: new Heap(), nativeMath });
}

beforeAll(() => {
  // As scripts/build-wasm.mjs calls asc for the core: release target, the project's asconfig.
  const out = join(scratch, "fixtures.wasm");
  execFileSync("npx", ["asc", ...entries, "--target", "release", "--outFile", out, "--config", join(repo, "asconfig.json")], { cwd: repo, stdio: "pipe" });
  wasmModule = new WebAssembly.Module(readFileSync(out));
  signatures = compile({ entries, root: fixtures, floatType: "f32" }).signatures;
}, 120_000);

// ---- inputs -----------------------------------------------------------------------------------
const F64_EDGES = [0, -0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.1, 3e9, -3e9, 2147483647.5, 2147483648, -2147483648.5, -2147483649,
  4294967295.5, 4294967296, 16777217, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308,
  1e-40, 1.401298464324817e-45, Number.MAX_VALUE, 3.4028234663852886e38, 3.4028235677973366e38, 1e300];
const INT_EDGES = [0, 1, -1, 2, -2, 3, 7, 10, 31, 32, 33, 65535, -65536, 2147483647, -2147483648, 2147483648, 4294967295];
const EDGES: Record<Exclude<ScalarType, "void">, readonly unknown[]> = {
  i32: INT_EDGES, u32: INT_EDGES, usize: INT_EDGES, f64: F64_EDGES, f32: [...new Set(F64_EDGES.map(Math.fround))], bool: [false, true],
};

/** A deterministic generator (mulberry32), so that a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const bits = new DataView(new ArrayBuffer(8));
function randomValue(type: Exclude<ScalarType, "void">, next: () => number): unknown {
  const word = () => (next() * 4294967296) >>> 0;
  switch (type) {
    case "bool":
      return next() < 0.5;
    case "i32":
      return next() < 0.5 ? word() | 0 : Math.floor(next() * 200) - 100;
    case "u32":
    case "usize":
      return next() < 0.5 ? word() : Math.floor(next() * 200);
    case "f32":
      bits.setUint32(0, word());
      return next() < 0.5 ? bits.getFloat32(0) : Math.fround((next() - 0.5) * 2 ** Math.floor(next() * 80 - 40));
    case "f64":
      bits.setUint32(0, word());
      bits.setUint32(4, word());
      return next() < 0.5 ? bits.getFloat64(0) : (next() - 0.5) * 2 ** Math.floor(next() * 80 - 40);
  }
}

/** Edge combinations (all of them for up to two parameters) and random ones, in a fixed order. */
function inputs(sig: Signature): unknown[][] {
  const params = sig.params as Exclude<ScalarType, "void">[];
  const cases: unknown[][] = [];
  if (params.length <= 2) {
    const product = (k: number): unknown[][] => (k === params.length ? [[]] : EDGES[params[k]].flatMap((v) => product(k + 1).map((rest) => [v, ...rest])));
    cases.push(...product(0));
  } else {
    for (let k = 0; k < 40; k++) cases.push(params.map((p) => EDGES[p][k % EDGES[p].length]));
  }
  const next = random(sig.name.length * 7919 + 1);
  for (let k = 0; k < 300; k++) cases.push(params.map((p) => randomValue(p, next)));
  return cases;
}

// ---- comparison ---------------------------------------------------------------------------
type Outcome = { value: unknown } | { trap: string };
function outcome(fn: Fn, args: unknown[]): Outcome {
  try {
    return { value: fn(...args) };
  } catch (error) {
    return { trap: (error as Error).message };
  }
}
function agree(wasm: Outcome, js: Outcome): boolean {
  if ("trap" in wasm || "trap" in js) return "trap" in wasm && "trap" in js;
  const [a, b] = [wasm.value, js.value];
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}
const show = (v: unknown) => (Object.is(v, -0) ? "-0" : String(v));

/** Every disagreement of `js` with the Wasm fixtures, at most three per function. */
function disagreements(js: Instance): string[] {
  const wasm = wasmInstance();
  const found: string[] = [];
  for (const sig of signatures) {
    let shown = 0;
    for (const args of inputs(sig)) {
      const w = outcome(wasm[sig.name], args);
      const j = outcome(js[sig.name], args);
      if (agree(w, j) || shown++ >= 3) continue;
      found.push(`${sig.name}(${args.map(show).join(", ")}): wasm ${"trap" in w ? `trap ${w.trap}` : show(w.value)}, js ${"trap" in j ? `trap ${j.trap}` : show(j.value)}`);
    }
  }
  return found;
}

describe("the JS-core generator against asc", () => {
  it("the corpus has at least 40 fixtures and both compilers export the same ones", () => {
    expect(signatures.length).toBeGreaterThanOrEqual(40);
    const wasmExports = Object.keys(wasmInstance()).filter((name) => name !== "memory").sort();
    expect(signatures.map((s) => s.name).sort()).toEqual(wasmExports);
  });

  it("every fixture gives the Wasm result, bit for bit, on edge and random inputs", async () => {
    expect(disagreements(await jsInstance())).toEqual([]);
  });

  it("the issue's probes give the Wasm results", async () => {
    const js = await jsInstance();
    expect(js.u32OfNegativeComparedWithTen(-1)).toBe(1);
    expect(js.i32OfThreeBillion()).toBe(2147483647);
    expect(js.i32OfFloat(3e9)).toBe(2147483647);
    expect(js.u32OfFloat(-1.5)).toBe(0);
    expect(js.u32DividedByTwo(-2)).toBe(2147483647);
    expect(js.bump(2)).toBe(2); // a mutable global
    expect(js.bump(3)).toBe(5);
    expect(js.prefixInFor(5)).toBe(10);
    expect(js.subfolder(4)).toBe(14); // a kernel in a subfolder
  });

  for (const [mutation, what] of Object.entries(MUTATIONS)) {
    it(`catches a deliberately wrong emission: ${what}`, async () => {
      expect(disagreements(await jsInstance(mutation)).length).toBeGreaterThan(0);
    });
  }
});

describe("constructs outside the subset fail the build, naming file and line", () => {
  const cases: [string, string, RegExp][] = [
    ["an i64", "export function f(x: i64): i64 { return x; }", /bad\.ts:1: unsupported type/],
    ["var", "export function f(): i32 {\n  var x = 1;\n  return x;\n}", /bad\.ts:2: .*var/],
    ["mixed signedness in an ordering", "export function f(a: i32, b: u32): bool {\n  return a < b;\n}", /bad\.ts:2: i32 and u32 compared/],
    ["an implicit float to integer", "export function f(x: f64): i32 {\n  return x;\n}", /bad\.ts:2: f64 used as i32/],
    ["an implicit f64 to f32", "export function f(x: f64): f32 {\n  const y: f32 = x;\n  return y;\n}", /bad\.ts:2: f64 used as f32/],
    ["an exported global", "export let g: i32 = 0;", /bad\.ts:1: an exported global/],
    ["a name with $", "export function f(a$b: i32): i32 { return a$b; }", /bad\.ts:1: names may not contain/],
    ["a string", "export function f(): i32 {\n  const s = \"x\";\n  return 0;\n}", /bad\.ts:2: unsupported expression/],
    ["a float's postfix value", "export function f(x: f64): f64 {\n  let y = x;\n  return y++;\n}", /bad\.ts:3: the value of a float's postfix/],
    ["a bit operation on a float", "export function f(x: f64): f64 {\n  return x & 1;\n}", /bad\.ts:2: a bit operation on a float/],
    ["a default parameter", "export function f(x: i32 = 1): i32 {\n  return x;\n}", /bad\.ts:1: a default, optional or rest parameter/],
    ["a managed class", "class Box {\n  x: i32;\n}\nexport function f(p: usize): i32 {\n  return changetype<Box>(p).x;\n}", /bad\.ts:1: a class that is not @unmanaged/],
    ["&& used as a number", "export function f(a: i32, b: i32): i32 {\n  return a && b;\n}", /bad\.ts:2: && or \|\| of numbers/],
  ];
  for (const [name, source, message] of cases) {
    it(name, () => {
      const file = join(scratch, "bad.ts");
      writeFileSync(file, `${source}\n`);
      expect(() => compile({ entries: [file], root: scratch, floatType: "f32" })).toThrow(GeneratorError);
      expect(() => compile({ entries: [file], root: scratch, floatType: "f32" })).toThrow(message);
    });
  }

  it("two files whose names would collide", () => {
    const dir = mkdtempSync(join(scratch, "collide-"));
    writeFileSync(join(dir, "a-b.ts"), "export function f(): i32 { return 1; }\n");
    writeFileSync(join(dir, "main.ts"), "import { f } from \"./a-b\";\nimport { g } from \"./a_b\";\nexport function h(): i32 { return f() + g(); }\n");
    writeFileSync(join(dir, "a_b.ts"), "export function g(): i32 { return 2; }\n");
    expect(() => compile({ entries: [join(dir, "main.ts")], root: dir, floatType: "f32" })).toThrow(/would both name their functions a_b\$/);
  });
});
