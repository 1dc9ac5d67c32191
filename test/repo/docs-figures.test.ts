// Figures in the docs cannot go stale: a size or speed quoted in README.md or docs/*.md carries a
// marker naming the committed results file and the value it comes from, right after the figure:
//
//   loads 21.3 kB<!-- from sizes.json apps.cartpoleTraining.initialGzip --> of …
//
// and this test fails when the quoted number differs from that value at the precision quoted
// (kB and MB quote bytes / 1000 and / 1,000,000; "106,000" is read as rounded to thousands,
// "34,600" to hundreds).
// Results files live in docs/measured/ (sizes.json: `npm run measure:sizes` rewrites it) and
// bench/results/ (the benchmarks' runs: steps.json, lunarlander.json, …); a marker names the file.
// Keys: dotted paths (a key may hold spaces, not dots); `[a,b]` picks the one array element
// having the values a and b (quoted if they hold a comma); `[]` maps over an array and `[?a,b]` over the elements having a and b;
// `median(…)`, `min(…)`, `max(…)` of such a list, or of the element-wise ratios of two
// (`max(rows[?wasm].rate / rows[?js].rate)`, paired in file order); `a + b` a sum, `(…)` groups. `x / y` a ratio (x may be a number). A range
// "1.1–1.8×" carries a marker on each end.
// Every kB/MB figure and every speed (µs, ms per step, ×, steps/s, M steps/s, N/s, GFLOP/s) in the README and
// docs must carry a marker, or `<!-- not measured: why -->` for what is no measurement (a budget a
// test asserts, a target, a reading of code). A measurement whose output was printed and never
// committed cannot be checked, so it has no place in the docs: rerun it with its results written
// to a file, or say what changed without the number and point at the commit. `<!-- no results
// file: … -->`, the marker such figures once carried, fails the test.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const text = (page: string) => readFileSync(join(root, page), "utf8");
/** The page without its fenced code blocks, which hold commands and code, not quoted figures. */
const prose = (page: string) => text(page).replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, " "));

const MARKER = /<!-- from (\S+\.json) (.+?) -->/g;
const RESULTS = ["docs/measured", "bench/results"];
/** The results file a marker names, in docs/measured/ or bench/results/. */
const resultsFile = (name: string) => {
  const found = RESULTS.map((dir) => `${dir}/${name}`).filter((path) => existsSync(join(root, path)));
  if (found.length !== 1) throw new Error(`${name}: ${found.length === 0 ? "no such file" : "ambiguous"} in ${RESULTS.join(", ")}`);
  return found[0];
};
const UNMEASURED = /^\s*<!-- not measured: [^>]+ -->/;
// A number, optionally with its unit, ending right where the marker starts.
const FIGURE = /(\d[\d,]*(?:\.\d+)?)\s?(kB|MB|µs|ms|×|%|M steps\/s|M|steps\/s|\/s)?\s*$/;
const SCALE: Record<string, number> = { kB: 1e3, MB: 1e6, M: 1e6, "M steps/s": 1e6 };

type Json = unknown;

/** The values a selection `[a,b]` names; a value holding a comma is quoted: `["MAP settling, 20 sweeps",1]`. */
const selectors = (list: string) => [...list.matchAll(/\s*(?:"([^"]*)"|([^,]*))\s*(?:,|$)/g)]
  .map((m) => (m[1] ?? m[2] ?? "").trim()).filter((t, i, all) => t !== "" || i < all.length - 1);

/** The value at `path` in `data` (see the key language above). */
function at(data: Json, path: string): Json {
  let value: Json = data;
  let mapped = false;
  const step = (v: Json, part: string): Json => {
    if (part.startsWith("[")) {
      const tokens = selectors(part.slice(1, -1));
      if (!Array.isArray(v)) throw new Error(`${path}: ${part} applies to an array`);
      const found = v.filter((item) => tokens.every((t) => Object.values(item as object).some((field) => String(field) === t)));
      if (found.length !== 1) throw new Error(`${path}: ${part} matches ${found.length} elements, not one`);
      return found[0];
    }
    if (v === null || typeof v !== "object" || !(part in v)) throw new Error(`${path}: no "${part}"`);
    return (v as Record<string, Json>)[part];
  };
  for (const [, key, bracket] of path.matchAll(/\.?([^.[\]]+)|(\[[^\]]*\])/g)) {
    const part = key ?? bracket;
    if (part === "[]") {
      if (!Array.isArray(value)) throw new Error(`${path}: [] applies to an array`);
      mapped = true;
      continue;
    }
    if (part.startsWith("[?")) {
      if (!Array.isArray(value) || mapped) throw new Error(`${path}: ${part} applies to an array`);
      const tokens = selectors(part.slice(2, -1));
      value = value.filter((item) => tokens.every((t) => Object.values(item as object).some((field) => String(field) === t)));
      if ((value as Json[]).length === 0) throw new Error(`${path}: ${part} matches no element`);
      mapped = true;
      continue;
    }
    value = mapped ? (value as Json[]).map((v) => step(v, part)) : step(value, part);
  }
  return value;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** How deep the end of `text` sits in parentheses and brackets (a key may hold " + " or " / "). */
const depth = (text: string) => [...text].reduce((d, c) => d + ("([".includes(c) ? 1 : ")]".includes(c) ? -1 : 0), 0);
const AGGREGATE: Record<string, (values: number[]) => number> = {
  median, min: (values) => Math.min(...values), max: (values) => Math.max(...values),
};

/** The list a path denotes, or the element-wise ratios of two lists of equal length (paired in file order). */
function list(data: Json, key: string): number[] {
  const [a, b] = key.split(" / ").map((k) => at(data, k) as number[]);
  if (b === undefined) return a;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) throw new Error(`${key}: ratios need two lists of equal length`);
  return a.map((x, i) => x / b[i]);
}

/** The number `key` denotes in `data`: a path, median(path) or a ratio of two such terms. */
function evaluate(data: Json, key: string): number {
  const term = (t: string): number => {
    const plus = [...t.matchAll(/ \+ /g)].find((m) => depth(t.slice(0, m.index)) === 0);
    if (plus) return term(t.slice(0, plus.index)) + term(t.slice(plus.index + 3));
    if (/^\(.*\)$/.test(t.trim()) && depth(t.trim().slice(1, -1)) === 0) return evaluate(data, t.trim().slice(1, -1));
    if (/^\d+(\.\d+)?$/.test(t.trim())) return Number(t);
    const m = /^(median|min|max)\((.+)\)$/.exec(t.trim());
    const value = m ? AGGREGATE[m[1]](list(data, m[2])) : at(data, t.trim());
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${t.trim()} is not a number: ${JSON.stringify(value)?.slice(0, 80)}`);
    return value;
  };
  // The ratio's " / " is the one outside parentheses: min(a / b) is an aggregate of ratios.
  const split = [...key.matchAll(/ \/ /g)].find((m) => depth(key.slice(0, m.index)) === 0);
  return split ? term(key.slice(0, split.index)) / term(key.slice(split.index + 3)) : term(key);
}

/** `value` rounded as `quoted` is written: its decimals, or its zero groups ("106,000"). */
function roundedLike(quoted: string, value: number): number {
  const decimals = quoted.includes(".") ? quoted.split(".")[1].length : 0;
  if (decimals > 0) return Number(value.toFixed(decimals));
  // "106,000" and "34,600" are rounded to their last non-zero digit (a figure of 5 digits or more).
  const digits = quoted.replace(/,/g, "");
  const zeros = digits.length >= 5 ? /0*$/.exec(digits)![0].length : 0;
  const unit = 10 ** zeros;
  return Math.round(value / unit) * unit;
}

interface Quote { page: string; line: number; quoted: string; unit: string; file: string; key: string }

const quotes: Quote[] = pages.flatMap((page) => {
  const source = text(page);
  return [...source.matchAll(MARKER)].map((match) => {
    const before = source.slice(Math.max(0, match.index - 40), match.index);
    const figure = FIGURE.exec(before);
    return {
      page, line: source.slice(0, match.index).split("\n").length,
      quoted: figure?.[1] ?? "(no number before the marker)", unit: figure?.[2] ?? "", file: match[1], key: match[2],
    };
  });
});

describe("figures quoted in the docs", () => {
  it("the docs quote figures from results files", () => {
    expect(quotes.length).toBeGreaterThan(15);
    expect(new Set(quotes.map((q) => q.file))).toContain("sizes.json");
  });

  it.each(quotes.map((q) => [`${q.page}:${q.line} ${q.quoted}${q.unit === "kB" || q.unit === "MB" || q.unit === "µs" ? " " : ""}${q.unit}`, q] as const))("%s matches its results file", (_name, q) => {
    const file = resultsFile(q.file);
    const data = JSON.parse(readFileSync(join(root, file), "utf8"));
    const value = evaluate(data, q.key) / (SCALE[q.unit] ?? 1);
    expect(Number(q.quoted.replace(/,/g, "")), `${file} ${q.key} = ${value}`).toBe(roundedLike(q.quoted, value));
  });

  const unmarked = (pattern: RegExp, files: string[]) => files.flatMap((page) => {
    const source = prose(page);
    return [...source.matchAll(pattern)]
      .filter((m) => !source.slice(m.index + m[0].length).startsWith("<!-- from ") && !UNMEASURED.test(source.slice(m.index + m[0].length)))
      .map((m) => `${page}:${source.slice(0, m.index).split("\n").length}: ${m[0]}`);
  });

  it("no figure is quoted from a run whose results were not kept", () => {
    const unkept = pages.flatMap((page) => text(page).split("\n").flatMap((line, i) => (line.includes("<!-- no results file") ? [`${page}:${i + 1}`] : [])));
    expect(unkept).toEqual([]);
  });

  it("every size in the docs (kB, MB) carries a marker", () => {
    expect(unmarked(/\b\d[\d,]*(?:\.\d+)?\s?(?:kB|MB|GB)\b/g, pages)).toEqual([]);
  });

  it("every speed in the docs (µs, ms per step, ×, steps/s, N/s, GFLOP/s) carries a marker", () => {
    // "×" between two numbers is a size (600×400, 1024 × 1024), not a speed.
    expect(unmarked(/(?<![\d.,×])\d[\d,]*(?:\.\d+)?(?:\s?µs|\s?ms(?= per step| a step)|\s?×(?!\s?\d)|\s?M steps\/s|\/s\b|(?= environment steps per second| steps\/s| steps per second| million per second| GFLOP\/s))/g, pages)).toEqual([]);
  });
});

describe("the key language and the rounding", () => {
  const data = { a: { b: 1234 }, runs: [{ id: "x", n: 1, v: 10 }, { id: "y", n: 1, v: 30 }, { id: "y", n: 2, v: 20 }] };

  it("reads paths, selections, medians and ratios, and refuses ambiguous keys", () => {
    expect(evaluate(data, "a.b")).toBe(1234);
    expect(evaluate(data, "runs[y,2].v")).toBe(20);
    expect(evaluate(data, "median(runs[].v)")).toBe(20);
    expect(evaluate(data, "max(runs[?y].v)")).toBe(30);
    expect(evaluate(data, "max(runs[?y].v / runs[?1].v)")).toBe(3);
    expect(() => evaluate(data, "max(runs[?y].v / runs[?2].v)")).toThrow(/equal length/);
    expect(evaluate({ rows: [{ s: "a, b", n: 1, v: 5 }, { s: "a, b", n: 2, v: 6 }] }, 'rows["a, b",2].v')).toBe(6);
    expect(evaluate(data, "min(runs[?y].v)")).toBe(20);
    expect(() => evaluate(data, "min(runs[?z].v)")).toThrow(/matches no element/);
    expect(evaluate(data, "runs[x].v / runs[y,2].v")).toBe(0.5);
    expect(evaluate(data, "1 / runs[x].v")).toBe(0.1);
    expect(evaluate(data, "runs[y,2].v / (runs[x].v + a.b)")).toBe(20 / 1244);
    expect(() => evaluate(data, "runs[y].v")).toThrow(/matches 2 elements/);
    expect(() => evaluate(data, "a.c")).toThrow(/no "c"/);
  });

  it("rounds as the figure is written", () => {
    expect(roundedLike("21.1", 21.266)).toBe(21.3);
    expect(roundedLike("21", 21.266)).toBe(21);
    expect(roundedLike("106,000", 106490.9)).toBe(106000);
    expect(roundedLike("34,600", 34641.7)).toBe(34600);
    expect(roundedLike("500", 512)).toBe(512);
    expect(roundedLike("0.72", 0.722967)).toBe(0.72);
  });
});

describe("docs/measured/sizes.json", () => {
  // Within 5 %: small changes need no new measurement; a figure gone stale by more fails here.
  it("is current: every size within 5% of this checkout's (npm run measure:sizes rewrites it)", async () => {
    const committed = JSON.parse(readFileSync(join(root, "docs", "measured", "sizes.json"), "utf8"));
    const fresh = join(root, "test-artifacts", "sizes-now.json");
    await promisify(execFile)(process.execPath, [join(root, "scripts", "measure-sizes.mjs"), "--out", fresh], { cwd: root });
    const { commit: _c, node: _n, ...now } = JSON.parse(readFileSync(fresh, "utf8"));
    const leaves = (value: Json, prefix = ""): [string, number][] => typeof value === "number" ? [[prefix, value]]
      : Object.entries(value as object).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
    const drift = leaves(now).filter(([key]) => key !== "tarball.files")
      .map(([key, value]) => ({ key, committed: evaluate(committed, key), now: value }))
      .filter((d) => Math.abs(d.now - d.committed) > 0.05 * d.committed);
    expect(drift).toEqual([]);
  }, 180_000);
});

describe("results published only as Markdown", () => {
  // bench/speed/lockstep-envs.mjs and bench/speed/grid-estimate.mjs write a JSON file beside their report;
  // the committed JSON must hold the report's numbers, or a marker would check a stale copy.
  it.each(["lockstep-envs", "grid-estimate"])("bench/results/%s.json is its Markdown report's tables", async (name) => {
    // @ts-expect-error: a plain ES module without declarations
    const { resultsFromMarkdown } = await import("../../bench/markdown-results.mjs");
    const markdown = readFileSync(join(root, "bench", "results", `${name}.md`), "utf8");
    const committed = JSON.parse(readFileSync(join(root, "bench", "results", `${name}.json`), "utf8"));
    expect(committed).toEqual(resultsFromMarkdown(markdown, `bench/results/${name}.md`));
  });

  it("reads a table's numbers, ratios and percentages under their section", async () => {
    // @ts-expect-error: a plain ES module without declarations
    const { resultsFromMarkdown } = await import("../../bench/markdown-results.mjs");
    const report = "# Title\n\n## CartPole-v1\n\n| S | rate | ratio | share | note |\n| ---: | ---: | ---: | ---: | --- |\n| 32 | 11,644,792 | 1.46× | 62.9% | – |\n";
    expect(resultsFromMarkdown(report, "x.md")).toEqual({
      source: "x.md", title: "Title",
      rows: [{ section: "CartPole-v1", S: 32, rate: 11644792, ratio: 1.46, share: 62.9, note: "–" }],
    });
  });
});
