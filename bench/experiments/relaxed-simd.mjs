// What relaxed-SIMD fused multiply-add would be worth to the core (issue #31 item 3). Builds a
// prototype core from a copy of assembly/ in which every `vadd(a, vmul(b, c))` (either operand
// order) becomes `vmadd(b, c, a)` = f32x4/f64x2.relaxed_madd, compiled with
// `asc --enable relaxed-simd`, for float32 and float64; packs it beside a copy of dist/ (so the
// two packages differ only in build/core.wasm and build/core64.wasm); and times it against this
// checkout's dist/ with bench/speed/compare-steps.mjs (every rule on CartPole-v1, batch 1 and 32,
// alternating rounds). The prototype is not part of the library: relaxed_madd may round once
// (fused) or twice (mul then add) depending on the machine, so such a core is not bit-reproducible.
//   npm run build && node --experimental-wasm-relaxed-simd \
//     bench/experiments/relaxed-simd.mjs [--rounds 5] [--time-ms 1000] [--out bench/results/relaxed-simd]
// (timed pinned to one core at high priority: taskset -c 1, niceness -5, in a session of its own).
// Node 20 (V8 11.3) needs --experimental-wasm-relaxed-simd; it is passed on to the timed children.
// The results file adds what the comparison depends on: the CPU's FMA support, whether this
// runtime's relaxed_madd fuses (a probe), node, its flags and how many multiply-adds the prototype fuses.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({
  options: { rounds: { type: "string", default: "5" }, "time-ms": { type: "string", default: "1000" }, out: { type: "string", default: "bench/results/relaxed-simd" } },
});
const fail = (message) => {
  console.error(`relaxed-simd: ${message}`);
  process.exit(2);
};
if (!existsSync(join(root, "dist/index.js")) || !existsSync(join(root, "build/core.wasm"))) fail("dist/ and build/: expected a built checkout; run `npm run build` first");
// The smallest module using a relaxed-SIMD instruction (f32x4.relaxed_madd of three constants):
// it validates only where the runtime runs relaxed SIMD.
const probe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x3d, 0x01, 0x3b, 0x00,
  0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x85, 0x02, 0x0b,
]);
if (!WebAssembly.validate(probe)) fail("this runtime does not run relaxed SIMD; on node 20 pass --experimental-wasm-relaxed-simd");

/**
 * Whether this machine's relaxed_madd is fused: f32x4.relaxed_madd(1 + 2⁻²³, 1 − 2⁻²³, −1) is
 * −2⁻⁴⁶ when fused (one rounding) and 0 when lowered to a multiply and an add (the product rounds
 * to 1 first).
 */
function maddIsFused() {
  const lanes = (bits) => {
    const v = new DataView(new ArrayBuffer(16));
    for (let k = 0; k < 4; k++) v.setUint32(4 * k, bits, true);
    return [...new Uint8Array(v.buffer)];
  };
  const module = new WebAssembly.Module(new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7d, 0x03, 0x02, 0x01, 0x00,
    0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x40, 0x01, 0x3e, 0x00,
    0xfd, 0x0c, ...lanes(0x3f800001), 0xfd, 0x0c, ...lanes(0x3f7ffffe), 0xfd, 0x0c, ...lanes(0xbf800000),
    0xfd, 0x85, 0x02, 0xfd, 0x1f, 0x00, 0x0b,
  ]));
  const f = /** @type {() => number} */ (new WebAssembly.Instance(module).exports.f);
  return f() !== 0;
}
const fusedHere = maddIsFused();

/** The end of the balanced call or group starting with `(` at `open`. */
function closing(text, open) {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    if (text[k] === "(") depth++;
    else if (text[k] === ")" && --depth === 0) return k;
  }
  throw new Error(`unbalanced parentheses at ${open}`);
}
/** The top-level comma-separated arguments of `inner` (the text between a call's parentheses). */
function splitArgs(inner) {
  const args = [];
  let depth = 0;
  let start = 0;
  for (let k = 0; k < inner.length; k++) {
    if (inner[k] === "(") depth++;
    else if (inner[k] === ")") depth--;
    else if (inner[k] === "," && depth === 0) {
      args.push(inner.slice(start, k).trim());
      start = k + 1;
    }
  }
  args.push(inner.slice(start).trim());
  return args;
}
/** `[b, c]` if `expr` is exactly one call `vmul(b, c)`, else null. */
function asProduct(expr) {
  if (!expr.startsWith("vmul(") || closing(expr, 4) !== expr.length - 1) return null;
  return splitArgs(expr.slice(5, -1));
}
/** `source` with every vadd of a vmul fused into a vmadd, innermost first; counts the fusions. */
function fuse(source, counter) {
  let out = "";
  let k = 0;
  for (;;) {
    const at = source.indexOf("vadd(", k);
    if (at < 0 || /[\w$]/.test(source[at - 1] ?? "")) {
      if (at < 0) return out + source.slice(k);
      out += source.slice(k, at + 5);
      k = at + 5;
      continue;
    }
    const end = closing(source, at + 4);
    const [a, b] = splitArgs(fuse(source.slice(at + 5, end), counter));
    const right = asProduct(b);
    const left = right ? null : asProduct(a);
    out += source.slice(k, at);
    if (right) out += `vmadd(${right[0]}, ${right[1]}, ${a})`;
    else if (left) out += `vmadd(${left[0]}, ${left[1]}, ${b})`;
    else out += `vadd(${a}, ${b})`;
    if (right || left) counter.count++;
    k = end + 1;
  }
}

const vmadd = `
/** a·b + c, fused or not as the machine prefers (relaxed SIMD; not bit-reproducible across machines). */
// @ts-ignore: decorator
@inline export function vmadd(a: Vec, b: Vec, c: Vec): Vec {
  if (sizeof<Float>() == 8) return f64x2.relaxed_madd(a, b, c);
  return f32x4.relaxed_madd(a, b, c);
}
`;
const precision = readFileSync(join(root, "assembly/simd/precision.ts"), "utf8");
if (!/export type Float = f32;/.test(precision)) fail("assembly/simd/precision.ts: expected `export type Float = f32;`");
const work = join(root, "build/relaxed-prototype");
rmSync(work, { recursive: true, force: true });
const fused = {};
const wasm = {};
for (const [name, float] of [["core", "f32"], ["core64", "f64"]]) {
  const copy = join(work, `assembly-${name}`);
  cpSync(join(root, "assembly"), copy, { recursive: true, filter: (path) => !path.includes("__tests__") });
  writeFileSync(join(copy, "simd/precision.ts"), precision.replace("export type Float = f32;", `export type Float = ${float};`));
  writeFileSync(join(copy, "simd/vector.ts"), readFileSync(join(copy, "simd/vector.ts"), "utf8") + vmadd);
  const counter = { count: 0 };
  // The kernels and the agents' glue; simd/ is the lane layer that defines the operations.
  const sources = ["kernels", "agents"].flatMap((folder) => readdirSync(join(copy, folder)).filter((f) => f.endsWith(".ts")).map((f) => `${folder}/${f}`));
  for (const file of sources) {
    const before = readFileSync(join(copy, file), "utf8");
    const fileCounter = { count: 0 };
    let after = fuse(before, fileCounter);
    if (fileCounter.count === 0) continue;
    // The fused files need vmadd in their import from ../simd/vector.
    after = after.replace(/import \{([^}]*)\} from "\.\.\/simd\/vector";/, (_, names) => `import {${names.trimEnd().replace(/,$/, "")}, vmadd } from "../simd/vector";`);
    if (!after.includes("vmadd }")) throw new Error(`${file}: no import from ../simd/vector to add vmadd to`);
    writeFileSync(join(copy, file), after);
    counter.count += fileCounter.count;
    fused[file] = fileCounter.count;
  }
  // The copy imports ../bindings/core/interface.ts, as scripts/build-wasm.mjs's variants do.
  mkdirSync(join(work, "bindings/core"), { recursive: true });
  cpSync(join(root, "bindings/core/interface.ts"), join(work, "bindings/core/interface.ts"));
  wasm[name] = join(work, `${name}.wasm`);
  execFileSync("npx", ["asc", join(copy, "index.ts"), "--target", "release", "--outFile", wasm[name], "--enable", "relaxed-simd"], { cwd: root, stdio: "inherit" });
}
// The package: a copy of dist/ and build/ with the two SIMD cores replaced by the prototype's.
const pkg = join(work, "package");
mkdirSync(join(pkg, "build"), { recursive: true });
cpSync(join(root, "dist"), join(pkg, "dist"), { recursive: true });
cpSync(join(root, "package.json"), join(pkg, "package.json"));
for (const file of readdirSync(join(root, "build")).filter((f) => /\.(wasm|js|d\.ts)$/.test(f))) cpSync(join(root, "build", file), join(pkg, "build", file));
for (const name of ["core", "core64"]) cpSync(wasm[name], join(pkg, "build", `${name}.wasm`));

const out = values.out;
const compare = [
  ...process.execArgv, "bench/speed/compare-steps.mjs", "--baseline", "dist", "--current", relative(root, join(pkg, "dist")),
  "--precision", "float32,float64", "--rounds", values.rounds, "--time-ms", values["time-ms"], "--out", out,
];
execFileSync(process.execPath, compare, { cwd: root, stdio: "inherit" });

const flags = [...new Set(readFileSync("/proc/cpuinfo", "utf8").match(/\b(fma|avx2|avx512f)\b/g) ?? [])].sort();
const results = JSON.parse(readFileSync(resolve(root, `${out}.json`), "utf8"));
const context = {
  command: `node ${process.execArgv.join(" ")} bench/experiments/relaxed-simd.mjs ${process.argv.slice(2).join(" ")}`.replace(/\s+/g, " ").trim(),
  nodeFlags: process.execArgv, cpuFlags: flags, relaxedMaddFused: fusedHere, fusedMultiplyAdds: fused,
  baselineBuild: "this checkout's dist/ (build/core.wasm, build/core64.wasm)", currentBuild: "relaxed-SIMD prototype (relaxed_madd), same dist/",
};
writeFileSync(resolve(root, `${out}.json`), `${JSON.stringify({ ...context, ...results, command: context.command, comparedWith: results.command }, null, 1)}\n`);
const md = readFileSync(resolve(root, `${out}.md`), "utf8");
const header = [
  `# ${context.command}`, "",
  `Relaxed-SIMD prototype (current) ÷ standard core (baseline). Node flags: ${process.execArgv.join(" ") || "none"}; CPU flags: ${flags.join(", ") || "none of fma, avx2, avx512f"}; relaxed_madd here is ${fusedHere ? "fused (one rounding)" : "a multiply and an add (two roundings)"}.`,
  `Fused multiply-adds per file (each precision): ${Object.entries(fused).map(([f, n]) => `${f} ${n}`).join(", ")}.`, "",
].join("\n");
writeFileSync(resolve(root, `${out}.md`), `${header}\n${md.replace(/^# .*\n\n/, "")}`);
