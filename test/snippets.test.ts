// Snippets that cannot rot: every JavaScript/TypeScript code block in README.md and docs/*.md is
// run by this test, as a user would paste it into a file of their own (imports of "coagent" and
// "coagent/node" resolve to this package through its export map). A block needs a browser when
// the line before it is `<!-- snippet: browser -->`: it is type-checked instead. A block that is
// a fragment of the one before (`<!-- snippet: continues -->`) runs appended to it.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(__dirname, "..");
const scratch = join(root, ".snippets");

interface Snippet { file: string; line: number; code: string; browser: boolean }

/** The fenced js/ts blocks of a Markdown file, with the marker comment above each. */
function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const found: Snippet[] = [];
  for (let k = 0; k < lines.length; k++) {
    const open = /^```(js|ts|javascript|typescript|mjs)\s*$/.exec(lines[k]);
    if (!open) continue;
    const end = lines.indexOf("```", k + 1);
    const code = lines.slice(k + 1, end).join("\n");
    const marker = (lines[k - 1] ?? "").trim();
    if (marker === "<!-- snippet: continues -->" && found.length > 0) found[found.length - 1].code += `\n${code}`;
    else found.push({ file: relative(root, file), line: k + 1, code, browser: marker === "<!-- snippet: browser -->" });
    k = end;
  }
  return found;
}

const docs = join(root, "docs");
const pages = [join(root, "README.md"), ...readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => join(docs, f))];
const snippets = pages.flatMap(snippetsOf);
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("documentation snippets", () => {
  it("the docs have snippets to check", () => {
    expect(snippets.length).toBeGreaterThan(10);
  });

  it.each(snippets.filter((s) => !s.browser).map((s) => [`${s.file}:${s.line}`, s] as const))("%s runs", async (name, snippet) => {
    const path = join(scratch, `${name.replace(/[^\w]+/g, "-")}.mjs`);
    writeFileSync(path, transformSync(snippet.code, { loader: "ts", format: "esm" }).code);
    // The snippet runs in a scratch folder that the test owns, so files it writes land there.
    const { stderr } = await run(process.execPath, [path], { cwd: scratch, timeout: 120_000 });
    expect(stderr).not.toMatch(/Error/);
  }, 130_000);

  const browser = snippets.filter((s) => s.browser);
  it.runIf(browser.length > 0)("the browser snippets type-check against the package's types", async () => {
    const files = browser.map((s, k) => {
      const path = join(scratch, `browser-${k}.ts`);
      writeFileSync(path, `${s.code}\nexport {};\n`);
      return path;
    });
    const config = join(scratch, "tsconfig.json");
    writeFileSync(config, JSON.stringify({
      compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], strict: true, noEmit: true, skipLibCheck: true },
      files: files.map((f) => relative(scratch, f)),
    }));
    const result = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", config]).catch((e) => e);
    expect(result.stdout ?? "", browser.map((s) => `${s.file}:${s.line}`).join(", ")).toBe("");
  }, 120_000);
});
