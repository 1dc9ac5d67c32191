// The float64 SIMD core computes exp, log1p and log on both lanes of a vector at once
// (assembly/simd/nativemath-vector.ts) and must give, lane for lane, exactly NativeMath's result: the
// float64 arithmetic is the reference, and the scalar cores and the JS core call NativeMath. This
// test compiles a probe (test/assembly/nativemath-probe.ts) with the cores' release settings and
// compares the bits of both over more than a million arguments per function: uniform and
// log-uniform draws, values on both sides of every branch threshold in NativeMath's source, zeros,
// subnormals, extremes, infinities and NaN, each paired with ordinary arguments in either lane.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

interface Probe {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  evaluate(which: number, input: number, n: number, vector: number, scalar: number): void;
}

let probe: Probe;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "coagent-nativemath-"));
  const out = join(dir, "probe.wasm");
  execFileSync("npx", ["asc", "test/assembly/nativemath-probe.ts", "--target", "release", "--outFile", out], { stdio: "inherit" });
  const { instance } = await WebAssembly.instantiate(readFileSync(out), { env: { abort: () => { throw new Error("probe aborted"); } } });
  probe = instance.exports as unknown as Probe;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- doubles by their bits -------------------------------------------------------------------
const box = new Float64Array(1);
const bits = new BigUint64Array(box.buffer);
const fromBits = (b: bigint): number => { bits[0] = b; return box[0]; };
const toBits = (x: number): bigint => { box[0] = x; return bits[0]; };
/** x and its neighbours one and two ulps away on either side (same sign). */
const around = (x: number): number[] => {
  const b = toBits(x);
  return [-2n, -1n, 0n, 1n, 2n].map((d) => b + d).filter((v) => v >= 0n && v < 1n << 64n).map(fromBits);
};
/** The doubles whose high word is `hi`, with the smallest and largest low words, and neighbours. */
const highWord = (hi: number): number[] => {
  const lo = BigInt(hi) << 32n;
  return [...around(fromBits(lo)), ...around(fromBits(lo | 0xffffffffn))];
};

/** A seeded generator of uniform doubles in [0, 1) with 53 random bits (mulberry32 twice). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  const next32 = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0);
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

const SPECIALS = [
  0, -0, Infinity, -Infinity, NaN, -NaN, fromBits(0x7ff8000000000001n), fromBits(0xfff4000000000000n),
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE,
  fromBits(0x000fffffffffffffn), -fromBits(0x000fffffffffffffn), // largest subnormal
  2 ** -1022, -(2 ** -1022), 1, -1,
].flatMap((x) => (Number.isFinite(x) && x !== 0 ? around(x) : [x]));

/**
 * Arguments for one function: `common` ordinary draws, then each edge value both beside an
 * ordinary argument (in lane 0 and in lane 1) and beside every other edge value.
 */
function argumentsFor(common: () => number, count: number, edges: number[]): Float64Array {
  const all = [...edges, ...SPECIALS];
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(common());
  for (const e of all) values.push(e, common(), common(), e);
  for (let i = 0; i < all.length; i += 1) for (let j = 0; j < all.length; j += 7) values.push(all[i], all[(i + j + 1) % all.length]);
  return Float64Array.from(values);
}

/** Arguments where the two results differ in bits (both NaN counts as equal), in hex. */
function mismatches(which: number, args: Float64Array): string[] {
  const n = args.length;
  const input = probe.alloc(n * 8), vector = probe.alloc(n * 8), scalar = probe.alloc(n * 8);
  new Float64Array(probe.memory.buffer, input, n).set(args);
  probe.evaluate(which, input, n, vector, scalar);
  const v = new Float64Array(probe.memory.buffer, vector, n);
  const s = new Float64Array(probe.memory.buffer, scalar, n);
  const vb = new BigUint64Array(probe.memory.buffer, vector, n);
  const sb = new BigUint64Array(probe.memory.buffer, scalar, n);
  const bad: string[] = [];
  for (let i = 0; i < n; i++) {
    if (vb[i] === sb[i] || (Number.isNaN(v[i]) && Number.isNaN(s[i]))) continue;
    if (bad.length < 10) bad.push(`x = ${args[i]} (0x${toBits(args[i]).toString(16)}): vector ${v[i]}, NativeMath ${s[i]}`);
    else break;
  }
  return bad;
}

const COUNT = 1_000_000;
/**
 * Draws within a relative 2^-8 of a threshold picked at random: where NativeMath switches
 * between two ways of computing a result, the two usually agree, so a wrong switch point shows
 * only in the few arguments near it whose results differ in the last bit.
 */
const nearThresholds = (random: () => number, thresholds: number[]) => () =>
  thresholds[Math.floor(random() * thresholds.length)] * (1 + (2 * random() - 1) / 256);
/** ±2^e for e uniform in [lo, hi): log-uniform magnitudes, either sign if `signed`. */
const logUniform = (random: () => number, lo: number, hi: number, signed: boolean) => () =>
  (signed && random() < 0.5 ? -1 : 1) * 2 ** (lo + (hi - lo) * random());

describe("two-lane NativeMath (float64 SIMD core)", () => {
  it("exp is bit-identical to NativeMath.exp", () => {
    const random = uniform(1);
    const wide = logUniform(random, -1080, 10, true);
    const thresholds = [2 ** -54, 512, 708.3964185322641, 709.782712893384, 745.1332191019411];
    const near = nearThresholds(random, [...thresholds, ...thresholds.map((t) => -t)]);
    const common = () => {
      const u = random();
      return u < 0.6 ? 1500 * random() - 750 : u < 0.8 ? near() : wide();
    };
    const edges = [...thresholds, 2 ** -53, 1024, 745.1332191019412, Math.LN2 / 256, Math.LN2 / 128, 0.5, 1, 30]
      .flatMap((x) => [...around(x), ...around(-x)]);
    expect(mismatches(0, argumentsFor(common, COUNT, edges))).toEqual([]);
  });

  it("log1p is bit-identical to NativeMath.log1p", () => {
    const random = uniform(2);
    const wide = logUniform(random, -1080, 1024, true);
    // log1p's branch points: the k = 0 range, |x| < 2^-53, x = −1, 1 + x where k reaches 2 and 54.
    const near = nearThresholds(random, [
      fromBits(0x3fda827a00000000n), fromBits(0xbfd2bec500000000n), 2 ** -53, -(2 ** -53), -1,
      fromBits(0x4006a09e00000000n) - 1, fromBits(0x4346a09e00000000n) - 1,
    ]);
    const common = () => {
      const u = random();
      return u < 0.5 ? 4 * random() - 1 : u < 0.7 ? near() : wide();
    };
    const edges = [
      // On both sides of each branch point by one and two ulps (high words 0x3FDA827A,
      // 0xBFD2BEC4, 0x3CA00000, 0xBFF00000 for x = −1, and those of 1 + x for k ≥ 2 and 54).
      ...highWord(0x3fda827a), ...highWord(0x3fda8279), ...highWord(0xbfd2bec4), ...highWord(0xbfd2bec5),
      ...highWord(0x3ca00000), ...highWord(0xbca00000), ...highWord(0x3c9fffff), ...highWord(0xbff00000), ...highWord(0xbfefffff),
      ...[Math.SQRT2 - 1, 2 * Math.SQRT2 - 1, 4 * Math.SQRT2 - 1, 2 ** 53, 2 ** 54, Math.SQRT2 * 2 ** 53, -0.5, 1e300].flatMap(around),
      // 1 + x where k reaches 2 and 54 (high words 0x4006A09E, 0x4346A09E).
      ...[fromBits(0x4006a09e00000000n) - 1, fromBits(0x4346a09e00000000n) - 1].flatMap(around),
    ];
    expect(mismatches(1, argumentsFor(common, COUNT, edges))).toEqual([]);
  });

  it("log is bit-identical to NativeMath.log", () => {
    const random = uniform(3);
    const wide = logUniform(random, -1080, 1024, false);
    // log's branch points: its near-1 range [0x3FEE000000000000, 0x3FF1090000000000), the
    // smallest normal.
    const near = nearThresholds(random, [fromBits(0x3fee000000000000n), fromBits(0x3ff1090000000000n), 2 ** -1022]);
    const common = () => {
      const u = random();
      return u < 0.4 ? 2 * random() : u < 0.6 ? near() : u < 0.65 ? -wide() : wide();
    };
    const edges = [
      // The branch points by one and two ulps, the table's subinterval origin 0x1.6p-1.
      ...[fromBits(0x3fee000000000000n), fromBits(0x3ff1090000000000n), fromBits(0x3fe6000000000000n), 2 ** -1022, 0.5, 2, 1e-300, 1e300].flatMap(around),
    ];
    expect(mismatches(2, argumentsFor(common, COUNT, edges))).toEqual([]);
  });
});
