// A benchmark's Markdown report as JSON: every table row as an object keyed by its column
// headings, with the section heading it sits under, and numbers as numbers ("11,133,531" → 11133531,
// "1.36×" → 1.36, "62.9%" → 62.9). The docs quote figures from these files through markers that
// test/repo/docs-figures.test.ts checks; benches that publish only Markdown write this beside it, and
//
//   node bench/markdown-results.mjs bench/results/lockstep-envs.md
//
// rewrites bench/results/lockstep-envs.json from the committed report without rerunning anything.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const cells = (line) => line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
const value = (cell) => {
  const bare = cell.replace(/,/g, "").replace(/[×%]$/, "");
  return /^-?\d+(\.\d+)?$/.test(bare) ? Number(bare) : cell;
};

/** The tables of a Markdown report: { title, rows: [{ section, <column>: value, … }] }. */
export function resultsFromMarkdown(markdown, source) {
  const lines = markdown.split("\n");
  let section = "";
  let title = "";
  const rows = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#+)\s+(.*)$/.exec(lines[i]);
    if (heading) {
      if (heading[1] === "#" && !title) title = heading[2];
      else section = heading[2];
      continue;
    }
    // A table: a row of headings, then a separator row of dashes.
    if (lines[i].startsWith("|") && /^\|[\s:|-]+\|$/.test(lines[i + 1]?.trim() ?? "")) {
      const columns = cells(lines[i]);
      for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) {
        const row = { section };
        cells(lines[i]).forEach((cell, k) => { row[columns[k] ?? `column ${k}`] = value(cell); });
        rows.push(row);
      }
    }
  }
  return { source, title, rows };
}

/** Writes <report>.json beside a Markdown report. */
export function writeResultsJson(markdownPath) {
  const jsonPath = markdownPath.replace(/\.md$/, ".json");
  const results = resultsFromMarkdown(readFileSync(markdownPath, "utf8"), markdownPath);
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 1)}\n`);
  return jsonPath;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const paths = process.argv.slice(2);
  if (paths.length === 0 || paths.some((p) => !p.endsWith(".md"))) {
    console.error("usage: node bench/markdown-results.mjs bench/results/<name>.md …");
    process.exit(2);
  }
  for (const path of paths) console.log(`wrote ${writeResultsJson(path)}`);
}
