// The tables of docs/experiments.md and docs/reproduction.md are the output of `coagent compare
// --markdown` on committed runs, never typed by hand; other pages (docs/performance.md) hold some
// such tables among their speed tables. Each sits between a marker naming the command that prints
// it and an end marker:
//
//   <!-- table: coagent compare bench/results/grid --budget 500 --markdown -->
//   | group | runs | … |
//   …
//   <!-- /table -->
//
// `node scripts/docs-tables.mjs` (npm run docs:tables, after npm run build) reruns every command
// and rewrites the tables; `--check` rewrites nothing and exits 1 naming each table that differs
// (test/docs-tables.test.ts runs it). A table that is not a comparison of runs (a trace of one
// run, a speed measurement) carries `<!-- not a comparison: why -->` on the line above it instead.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The pages whose every table is a comparison of runs or says why it is not. */
export const PAGES = ["docs/experiments.md", "docs/reproduction.md"];

const BLOCK = /^<!-- table: coagent compare (.+?) -->\n([\s\S]*?)^<!-- \/table -->$/gm;

/** Every page of docs/ with at least one compare block: their tables are rerun and checked. */
export const COMPARE_PAGES = readdirSync(join(root, "docs"))
  .filter((name) => name.endsWith(".md"))
  .map((name) => `docs/${name}`)
  .filter((page) => tableBlocks(readFileSync(join(root, page), "utf8")).length > 0);

/** The table blocks of a page: each command's arguments and the text it produced last time. */
export function tableBlocks(text) {
  return [...text.matchAll(BLOCK)].map((m) => ({ args: m[1].trim().split(/\s+/), printed: m[2], line: text.slice(0, m.index).split("\n").length }));
}

/** What `coagent compare ARGS` prints now (the built CLI, from the repository's root). */
export function compareOutput(args) {
  if (!args.includes("--markdown")) throw new Error(`a docs table is compare's --markdown output; add --markdown to: coagent compare ${args.join(" ")}`);
  try {
    return execFileSync(process.execPath, [join(root, "dist/node/cli.js"), "compare", ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`coagent compare ${args.join(" ")} failed: ${String(error.stderr ?? error.message).trim()}`);
  }
}

/** The page with every table replaced by its command's output now. */
export function regenerate(text, output = compareOutput) {
  return text.replace(BLOCK, (_, args) => `<!-- table: coagent compare ${args.trim()} -->\n${output(args.trim().split(/\s+/))}<!-- /table -->`);
}

/**
 * The Markdown tables of a page that are neither inside a compare block nor marked as not a
 * comparison: each should be made by compare, or say why it cannot be.
 */
export function unsourcedTables(text) {
  const lines = text.replace(BLOCK, (block) => block.replace(/[^\n]/g, " ")).replace(/^```[\s\S]*?^```/gm, (b) => b.replace(/[^\n]/g, " ")).split("\n");
  const found = [];
  for (let k = 0; k < lines.length; k++) {
    if (!/^\|.*\|\s*$/.test(lines[k]) || /^\|/.test(lines[k - 1] ?? "")) continue;
    let above = k - 1;
    while (above >= 0 && /^(\*.*\*)?$/.test(lines[above].trim())) above--; // blank lines and a caption in italics
    if (!/^<!-- not a comparison: .+ -->$/.test((lines[above] ?? "").trim())) found.push(k + 1);
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`docs-tables: ${error.message}\n`);
    process.exit(2);
  }
}

function main() {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const page of COMPARE_PAGES) {
    const path = join(root, page);
    const text = readFileSync(path, "utf8");
    const fresh = regenerate(text);
    for (const [k, block] of tableBlocks(text).entries()) {
      if (block.printed !== tableBlocks(fresh)[k].printed) {
        stale++;
        process.stderr.write(`${page}:${block.line}: ${check ? "the table differs from" : "rewrote the table of"}: coagent compare ${block.args.join(" ")}\n`);
      }
    }
    for (const line of PAGES.includes(page) ? unsourcedTables(text) : []) {
      stale++;
      process.stderr.write(`${page}:${line}: a table without a compare command (<!-- table: coagent compare … -->) or <!-- not a comparison: why -->\n`);
    }
    if (!check && fresh !== text) writeFileSync(path, fresh);
  }
  if (check && stale > 0) process.exit(1);
}
