/**
 * `coagent compare --markdown`: the comparison as Markdown tables, for the docs. The tables in
 * docs/experiments.md and docs/reproduction.md are this output (scripts/docs-tables.mjs reruns each
 * table's command and test/docs-tables.test.ts fails when a page differs), so a number in those
 * tables is never typed by hand. The groups table's columns are chosen with --columns; the pairs
 * table has both tests.
 */
import type { GroupStatistics, PairStatistics } from "../stats/compare.js";
import type { ReferenceResult } from "../rules/references.js";
import { didYouMean } from "../errors.js";
import { UsageError } from "./cli-options.js";

export const MARKDOWN_COLUMNS = ["group", "task", "algorithm", "setting", "runs", "episodes", "mean", "std", "se", "iqm", "ci", "solved", "published", "vs-published"] as const;
export type MarkdownColumn = (typeof MARKDOWN_COLUMNS)[number];
export const DEFAULT_COLUMNS: readonly MarkdownColumn[] = ["group", "runs", "episodes", "mean", "std", "se", "iqm", "ci"];

/** The published means are over 10 runs (as the papers report them). */
const PUBLISHED_RUNS = 10;

/** --columns, checked: known names, none twice. */
export function parseColumns(value: string | undefined): MarkdownColumn[] {
  if (value === undefined) return [...DEFAULT_COLUMNS];
  const names = value.split(",").map((c) => c.trim());
  for (const name of names) {
    if (!(MARKDOWN_COLUMNS as readonly string[]).includes(name)) {
      throw new UsageError(`--columns must be comma-separated names of: ${MARKDOWN_COLUMNS.join(", ")}; got "${name}"${didYouMean(name, MARKDOWN_COLUMNS)}`);
    }
  }
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`--columns names "${twice}" twice`);
  return names as MarkdownColumn[];
}

/** One group's row: its statistics, with the task, the algorithm and the published result it is compared with. */
export interface MarkdownRow {
  stats: GroupStatistics & { episodes: number[]; solved: (NonNullable<GroupStatistics["solved"]> & { threshold: number | null }) | null };
  task: string;
  algorithm: string;
  /** The sweep setting of the group's runs (–: not from a sweep directory). */
  setting: string;
  reference: ReferenceResult | undefined;
}

/** A number as the docs print it, with − for minus. */
export function formatNumber(x: number | null | undefined, places: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const text = x.toFixed(places);
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

function formatSigned(x: number | null, places: number): string {
  if (x === null || !Number.isFinite(x)) return "–";
  return x >= 0 ? `+${formatNumber(x, places)}` : formatNumber(x, places);
}

/** A p-value as both of compare's reports print it: three decimals, or one significant digit below 0.001. */
export function formatP(p: number | null): string {
  if (p === null) return "–";
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}

/**
 * The difference from the published mean in standard errors: a population std σ of n runs is a
 * sample variance of σ²·n/(n − 1), so the published mean's squared standard error is σ²/(n − 1).
 */
function publishedGap(row: MarkdownRow): number | null {
  const { reference, stats } = row;
  if (!reference || stats.se === null) return null;
  return (stats.mean - reference.mean) / Math.sqrt(stats.se ** 2 + reference.std ** 2 / (PUBLISHED_RUNS - 1));
}

const HEADERS: Record<MarkdownColumn, string> = {
  group: "group", task: "task", algorithm: "algorithm", setting: "setting", runs: "runs", episodes: "episodes", mean: "mean", std: "std",
  se: "SE", iqm: "IQM", ci: "IQM 95% CI", solved: "solved [95% Wilson]", published: "published mean (std)", "vs-published": "vs published (SE)",
};

function cell(row: MarkdownRow, column: MarkdownColumn, places: number): string {
  const s = row.stats;
  switch (column) {
    case "group": return s.label;
    case "task": return row.task;
    case "algorithm": return row.algorithm;
    case "setting": return row.setting;
    case "runs": return String(s.runs);
    case "episodes": return s.episodes.filter((e) => e > 0).join("/") || "–";
    case "mean": return formatNumber(s.mean, places);
    case "std": return formatNumber(s.std, places);
    case "se": return formatNumber(s.se, places);
    case "iqm": return formatNumber(s.iqm, places);
    case "ci": return `[${formatNumber(s.ci95[0], places)}, ${formatNumber(s.ci95[1], places)}]`;
    case "solved": return s.solved ? `${s.solved.successes}/${s.solved.runs} [${s.solved.ci95[0].toFixed(2)}, ${s.solved.ci95[1].toFixed(2)}]` : "–";
    case "published": return row.reference ? `${formatNumber(row.reference.mean, places)} (${formatNumber(row.reference.std, places)})` : "–";
    case "vs-published": return row.reference ? formatSigned(publishedGap(row), 1) : "–";
  }
}

const NUMERIC = new Set<MarkdownColumn>(["runs", "episodes", "mean", "std", "se", "iqm", "vs-published"]);

/** b without the task it shares with a. */
function shortLabel(a: string, b: string): string {
  const task = a.split(" ")[0];
  return a.includes(" ") && b.startsWith(`${task} `) ? b.slice(task.length + 1) : b;
}

/** The groups table, a line saying what was computed, and the pairs table (when there are pairs). */
export function markdownReport(rows: MarkdownRow[], pairs: PairStatistics[], columns: MarkdownColumn[], info: { scoreName: string; resamples: number; seed: number }): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  // Two decimals for returns, four for a group whose mean is below 1 in size (the multiplexer's
  // rewards, normalised scores): one precision per row.
  // One task's groups together, in the order they were read; its pairs likewise.
  const tasks = [...new Set(rows.map((r) => r.task))];
  rows = tasks.flatMap((task) => rows.filter((r) => r.task === task));
  const taskOf = new Map(rows.map((r) => [r.stats.label, r.task]));
  pairs = tasks.flatMap((task) => pairs.filter((p) => taskOf.get(p.a) === task));
  const placesOf = (row: MarkdownRow) => (Math.abs(row.stats.mean) < 1 ? 4 : 2);
  const lines = [
    line(columns.map((c) => HEADERS[c])),
    line(columns.map((c) => (NUMERIC.has(c) ? "---:" : "---"))),
    ...rows.map((row) => line(columns.map((c) => cell(row, c, placesOf(row))))),
    "",
    `Score: ${info.scoreName}. std: sample (n − 1); SE = std/√n; IQM: the mean of the middle half of the runs; CI: stratified bootstrap, ${info.resamples} resamples, seed ${info.seed}.`,
  ];
  if (pairs.length > 0) {
    const rowOf = new Map(rows.map((r) => [r.stats.label, r]));
    lines.push(
      "",
      line(["A", "B", "A − B", "Welch's t (df)", "Welch p", "Mann–Whitney U", "Mann–Whitney p"]),
      line(["---", "---", "---:", "---:", "---:", "---:", "---:"]),
      ...pairs.map((p) => line([
        p.a, shortLabel(p.a, p.b), formatSigned(rowOf.get(p.a)!.stats.mean - rowOf.get(p.b)!.stats.mean, placesOf(rowOf.get(p.a)!)),
        p.welchT === null ? "–" : `${formatNumber(p.welchT, 2)} (${p.welchDf!.toFixed(1)})`, formatP(p.welchP),
        String(p.mannWhitneyU), `${formatP(p.mannWhitneyP)} (${p.mannWhitneyMethod})`,
      ])),
    );
  }
  return `${lines.join("\n")}\n`;
}
