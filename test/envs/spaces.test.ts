// Spaces: one `spaceContains` and one `sampleSpace` per kind, shared by plain-data spaces and the
// Discrete and Box classes, and every sample is a member.
import { describe, expect, it } from "vitest";
import { Random } from "../../bindings/core/random";
import type { BoxSpace, DiscreteSpace } from "../../bindings/envs/environment";
import { Box, Discrete, sampleSpace, spaceContains, spaceProblems } from "../../bindings/envs/spaces";
import { ValueError } from "../../bindings/errors";

describe("spaceContains", () => {
  const discrete: DiscreteSpace = { kind: "discrete", n: 3 };
  const box: BoxSpace = { kind: "box", shape: [2], low: [-1, 0], high: [1, Infinity] };

  it.each([[0, true], [2, true], [3, false], [-1, false], [1.5, false], [NaN, false], ["1", false], [[1], false]])("discrete n=3 contains %s: %s", (x, member) => {
    expect(spaceContains(discrete, x)).toBe(member);
    expect(new Discrete(3).contains(x)).toBe(member);
  });

  it.each([
    [[0, 0], true], [Float64Array.of(-1, 1e300), true], [[1, 0], true],
    [[1.0001, 0], false], [[0, -0.1], false], [[NaN, 0], false], [[0], false], [[0, 0, 0], false], [0, false], [null, false], [["0", 0], false],
  ])("the box [-1, 1] × [0, ∞) contains %s: %s", (x, member) => {
    expect(spaceContains(box, x)).toBe(member);
    expect(new Box([-1, 0], [1, Infinity]).contains(x)).toBe(member);
  });
});

describe("sampleSpace", () => {
  it("draws every action of a discrete space, and only those", () => {
    const random = new Random(1);
    const seen = new Set(Array.from({ length: 200 }, () => new Discrete(5).sample(random)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("draws members of a box, unbounded sides from [-1, 1], reproducibly for a seed", () => {
    const box = new Box([-2, 0, -Infinity], [2, 0.5, Infinity]);
    const random = new Random(7);
    const draws = Array.from({ length: 500 }, () => box.sample(random));
    expect(draws.every((x) => box.contains(x))).toBe(true);
    expect(draws.every((x) => Math.abs(x[2]) <= 1)).toBe(true);
    expect(Math.min(...draws.map((x) => x[0]))).toBeLessThan(-1.9);
    expect(Math.max(...draws.map((x) => x[0]))).toBeGreaterThan(1.9);
    const again = new Random(7);
    expect(Array.from(sampleSpace(box, again) as Float64Array)).toEqual(Array.from(draws[0]));
  });
});

describe("space fields", () => {
  it("are checked when a space is made, and reported in sentences for plain data", () => {
    expect(() => new Discrete(0)).toThrow(ValueError);
    expect(() => new Box([0, 1], [1])).toThrow(/box.high must be 2 numbers/);
    expect(() => new Box([1], [0])).toThrow(/box.low must not exceed box.high/);
    expect(spaceProblems("actionSpace", { kind: "discrete", n: 2.5 })).toEqual(["actionSpace.n must be a positive integer; got 2.5"]);
    expect(spaceProblems("observationSpace", { kind: "ring" })).toEqual(['observationSpace.kind must be "box" or "discrete"; got "ring"']);
    expect(spaceProblems("observationSpace", new Box([0], [1]))).toEqual([]);
  });

  it("keep their plain-data shape, so they serialise as before", () => {
    expect(JSON.parse(JSON.stringify(new Box([-1], [1])))).toEqual({ kind: "box", shape: [1], low: [-1], high: [1] });
    expect(JSON.stringify(new Discrete(2))).toBe('{"kind":"discrete","n":2}');
    expect(structuredClone(new Discrete(4))).toEqual({ kind: "discrete", n: 4 });
  });
});
