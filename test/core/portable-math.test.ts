// The library's own sin, cos, hypot, exp, log and log1p (bindings/core/portable-math.ts) are the functions Node 20
// computes, bit for bit, on millions of arguments: the ranges the environments use, doubles with
// random bits, magnitudes from subnormal to huge, arguments next to multiples of π/2 (where
// reduction cancels), and the special values. On Node 20 each value is compared with Math's; on
// every Node the SHA-256 of all the values must equal the one recorded on Node 20.20, so the
// functions cannot drift when CI moves to a Node whose Math rounds differently.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cos, exp, hypot, log, log1p, sin } from "../../bindings/core/portable-math";

const NODE_20 = process.versions.node.startsWith("20.");

/** A splitmix64-like generator on two 32-bit halves (independent of the library's generators). */
function bits(seed: number): () => [number, number] {
  let a = seed >>> 0;
  let b = (seed * 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    b = (b + 0x7f4a7c15 + (a < 0x9e3779b9 ? 1 : 0)) >>> 0;
    let x = Math.imul(a ^ (b >>> 15), 0x85ebca6b) >>> 0;
    let y = Math.imul(b ^ (x >>> 13), 0xc2b2ae35) >>> 0;
    x = (x ^ (y >>> 16)) >>> 0;
    y = (y ^ Math.imul(x, 0x27d4eb2f)) >>> 0;
    return [x, y];
  };
}

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
function fromWords(hi: number, lo: number): number {
  words[1] = hi;
  words[0] = lo;
  return scratch[0];
}
function hex(x: number): string {
  scratch[0] = x;
  return `0x${words[1].toString(16).padStart(8, "0")}${words[0].toString(16).padStart(8, "0")}`;
}

const N = 1_000_000;

/** The argument sets, each N doubles (or fewer for the special ones). */
function argumentSets(): Record<string, Float64Array> {
  const sets: Record<string, Float64Array> = {};
  const uniform = (name: string, low: number, high: number, seed: number) => {
    const next = bits(seed);
    sets[name] = Float64Array.from({ length: N }, () => {
      const [hi, lo] = next();
      return low + (high - low) * ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
    });
  };
  uniform("CartPole angles [-0.25, 0.25]", -0.25, 0.25, 1);
  uniform("Acrobot angles and sums [-2π, 2π]", -2 * Math.PI, 2 * Math.PI, 2);
  uniform("MountainCar 3·position [-3.6, 1.8]", -3.6, 1.8, 3);
  uniform("LunarLander angles [-20, 20]", -20, 20, 4);
  const random = bits(5);
  sets["random bit patterns"] = Float64Array.from({ length: N }, () => {
    const [hi, lo] = random();
    return fromWords(hi, lo);
  });
  const magnitudes = bits(6);
  sets["every magnitude, 2^-1074 … 2^1024"] = Float64Array.from({ length: N }, () => {
    const [hi, lo] = magnitudes();
    // A random exponent field (0 … 2046: subnormals and every normal binade), random significand.
    return fromWords(((hi % 2047) << 20) | (lo & 0xfffff) | (hi & 0x80000000), lo ^ hi);
  });
  // Next to n·π/2, where the reduced argument loses its leading bits: n up to 2^20 (Cody–Waite) and
  // far beyond (Payne–Hanek), a few ulps either side.
  const near: number[] = [];
  const pick = bits(7);
  for (let k = 0; k < 40_000; k++) {
    const [hi, lo] = pick();
    const n = k < 20_000 ? 1 + (hi % 1_100_000) : (hi + lo * 4294967296) * 2 ** (lo % 900);
    const center = (n * Math.PI) / 2;
    scratch[0] = center;
    for (let ulps = -5; ulps <= 5; ulps++) {
      const base = words[0] + ulps;
      near.push(fromWords(words[1] + Math.floor(base / 4294967296), base >>> 0));
      scratch[0] = center;
    }
  }
  sets["within 5 ulps of n·π/2"] = Float64Array.from(near);
  sets["special values"] = Float64Array.from([
    0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, -2.2250738585072009e-308, 2 ** -27, 2 ** -28,
    Number.MAX_VALUE, -Number.MAX_VALUE, Math.PI, -Math.PI, Math.PI / 2, Math.PI / 4, (3 * Math.PI) / 4, 0.3, 0.78125, 1e22, 2 ** 52, 2 ** 53,
    (2 ** 19 * Math.PI) / 2, (2 ** 20 * Math.PI) / 2, 1e300, -1e300,
  ]);
  return sets;
}

describe("portable sin and cos", () => {
  const sets = argumentSets();
  const hash = createHash("sha256");

  for (const [name, args] of Object.entries(sets)) {
    it(`equal Node 20's Math.sin and Math.cos: ${name} (${args.length} arguments)`, () => {
      const sines = args.map(sin);
      const cosines = args.map(cos);
      hash.update(new Uint8Array(sines.buffer)).update(new Uint8Array(cosines.buffer));
      if (!NODE_20) return;
      const differ: string[] = [];
      for (let k = 0; k < args.length; k++) {
        const x = args[k];
        if (!Object.is(sines[k], Math.sin(x))) differ.push(`sin(${hex(x)}) = ${hex(sines[k])}, Node ${hex(Math.sin(x))}`);
        if (!Object.is(cosines[k], Math.cos(x))) differ.push(`cos(${hex(x)}) = ${hex(cosines[k])}, Node ${hex(Math.cos(x))}`);
      }
      expect(differ.slice(0, 5), `${differ.length} values differ`).toEqual([]);
    });
  }

  it("give, on any Node, the values Node 20.20 gave (SHA-256 of all of them)", () => {
    expect(hash.digest("hex")).toBe(SIN_COS_SHA256);
  });

  it("keep the sign of zero, give NaN for NaN and ±∞, and x itself for tiny x", () => {
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(Object.is(sin(0), 0)).toBe(true);
    expect(cos(-0)).toBe(1);
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(sin(x)).toBeNaN();
      expect(cos(x)).toBeNaN();
    }
    expect(sin(5e-324)).toBe(5e-324);
    expect(sin(-1e-10)).toBe(-1e-10);
  });
});

// Recorded on Node 20.20.2 (V8 11.3), where every value was also compared with Math's.
const SIN_COS_SHA256 = "9b1a32c1a527f09ecfdbfea611d0e6d3985ffd793864a3402e1df7b829e817e7";

describe("portable hypot", () => {
  it("equals Node 20's Math.hypot(x, y) on a million pairs of every magnitude, and on the special values", () => {
    const next = bits(11);
    const pairs: [number, number][] = [];
    for (let k = 0; k < N; k++) {
      const [a, b] = next();
      const [c, d] = next();
      // LunarLander's positions and velocities (|v| < 10) for half the pairs, any double for the rest.
      pairs.push(k % 2 === 0 ? [((a / 2 ** 32) - 0.5) * 20, ((b / 2 ** 32) - 0.5) * 20] : [fromWords(a, b), fromWords(c, d)]);
    }
    const special = [0, -0, NaN, Infinity, -Infinity, 5e-324, 1, -1, Number.MAX_VALUE, 1e-300];
    for (const x of special) for (const y of special) pairs.push([x, y]);
    const values = Float64Array.from(pairs, ([x, y]) => hypot(x, y));
    expect(createHash("sha256").update(new Uint8Array(values.buffer)).digest("hex")).toBe(HYPOT_SHA256);
    if (!NODE_20) return;
    const differ = pairs.flatMap(([x, y], k) => (Object.is(values[k], Math.hypot(x, y)) ? [] : [`hypot(${hex(x)}, ${hex(y)})`]));
    expect(differ.slice(0, 5), `${differ.length} values differ`).toEqual([]);
    expect(hypot(Infinity, NaN)).toBe(Infinity);
    expect(hypot(NaN, 1)).toBeNaN();
    expect(Object.is(hypot(-0, -0), 0)).toBe(true);
  });
});

const HYPOT_SHA256 = "132d1176b0f11835f592c6265f42dc8bcd48c78bc6d661a324aedf0faa321a9c";

describe("portable exp, log and log1p", () => {
  it("equal Node 20's Math.exp, Math.log and Math.log1p on a million arguments each of several ranges, and on the special values", () => {
    const sets: Float64Array[] = [];
    const ranges: [number, number][] = [[-2, 2], [-40, 40], [-750, 750], [-1, 3], [-0.3, -0.28]];
    ranges.forEach(([low, high], r) => {
      const next = bits(20 + r);
      sets.push(Float64Array.from({ length: N / 2 }, () => low + ((high - low) * next()[0]) / 2 ** 32));
    });
    const random = bits(30);
    sets.push(Float64Array.from({ length: N }, () => {
      const [hi, lo] = random();
      return fromWords(hi, lo);
    }));
    sets.push(Float64Array.from([0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1, -1, 2, 709.78, 709.79, -745.1, -745.2, -708.5, 1e-300,
      Number.MAX_VALUE, 0.5, 2 ** -29, 2 ** -54, 2 ** -60, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 2 ** 53]));
    const hash = createHash("sha256");
    const differ: string[] = [];
    for (const args of sets) {
      for (const [name, mine, engine] of [["exp", exp, Math.exp], ["log", log, Math.log], ["log1p", log1p, Math.log1p]] as const) {
        for (const x of [args, args.map(Math.abs)]) {
          const values = x.map(mine);
          hash.update(new Uint8Array(values.buffer));
          if (NODE_20) for (let k = 0; k < x.length; k++) if (!Object.is(values[k], engine(x[k]))) differ.push(`${name}(${hex(x[k])}) = ${hex(values[k])}, Node ${hex(engine(x[k]))}`);
        }
      }
    }
    expect(differ.slice(0, 5), `${differ.length} values differ`).toEqual([]);
    expect(hash.digest("hex")).toBe(EXP_LOG_SHA256);
  });
});

const EXP_LOG_SHA256 = "e20a9e57cad07ac273d741a4a8921015ba3e74315fb39728d9bc3e9cf1513ef6";
