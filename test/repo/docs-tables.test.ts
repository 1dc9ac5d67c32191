// The compare tables of docs/ cannot go stale: each is the output of the `coagent compare
// --markdown` command in the marker above it (scripts/docs-tables.mjs), run here again on the
// committed runs; in docs/experiments.md and docs/reproduction.md a table that is not a
// comparison of runs says why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the repository's scripts, without declarations
import { COMPARE_PAGES, PAGES, compareOutput, regenerate, root, tableBlocks, unsourcedTables } from "../../scripts/docs-tables.mjs";

type Block = { args: string[]; printed: string; line: number };

describe.each(PAGES as string[])("the tables of %s", (page) => {
  const text = readFileSync(join(root as string, page), "utf8");

  it("has tables made by compare", () => {
    expect((tableBlocks as (t: string) => Block[])(text).length).toBeGreaterThan(0);
  });

  it("has no table without its compare command or a reason it is not a comparison", () => {
    expect((unsourcedTables as (t: string) => number[])(text).map((line) => `${page}:${line}`)).toEqual([]);
  });
});

describe.each(COMPARE_PAGES as string[])("the compare tables of %s", (page) => {
  const blocks = (tableBlocks as (t: string) => Block[])(readFileSync(join(root as string, page), "utf8"));

  it.each(blocks.map((b) => [`line ${b.line}: coagent compare ${b.args.join(" ")}`, b] as const))("%s prints the table in the page", (_, block) => {
    expect(block.printed).toBe((compareOutput as (args: string[]) => string)(block.args));
  }, 120_000);
});

describe("the check", () => {
  const page = "Text.\n\n<!-- table: coagent compare runs.json --markdown -->\n| a |\n| --- |\n| 1.00 |\n<!-- /table -->\n\nMore.\n";

  it("puts a command's output in place of the table it printed last time", () => {
    const now = (regenerate as (t: string, o: (a: string[]) => string) => string)(page, (args) => `| a |\n| --- |\n| ${args.length} |\n`);
    expect(now).toBe("Text.\n\n<!-- table: coagent compare runs.json --markdown -->\n| a |\n| --- |\n| 2 |\n<!-- /table -->\n\nMore.\n");
  });

  it("finds a table typed by hand, and accepts one that says why it is not a comparison", () => {
    const find = unsourcedTables as (t: string) => number[];
    expect(find(`${page}| typed | by hand |\n| --- | --- |\n`)).toEqual([10]);
    expect(find(`${page}<!-- not a comparison: a speed measurement -->\n| typed | by hand |\n| --- | --- |\n`)).toEqual([]);
    expect(find(page)).toEqual([]);
  });

  it("refuses a command that does not print Markdown", () => {
    expect(() => (compareOutput as (args: string[]) => string)(["runs.json"])).toThrow(/--markdown/);
  });
});
