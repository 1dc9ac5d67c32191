// Snippets that cannot rot: every JavaScript/TypeScript code block in README.md and docs/*.md is
// type-checked with `tsc --strict` against the declarations of the packed package (test/pack.ts),
// as a user's editor would check it, and then run, as a user would paste it into a file of their
// own (imports of "coagent" and "coagent/node" resolve to this package through its export map).
// A block needs a browser when the line before it is `<!-- snippet: browser -->`: it is only
// type-checked. A block that is a fragment of the one before (`<!-- snippet: continues -->`) is
// checked and runs appended to it.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { transformSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installPacked } from "../pack";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
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

});

describe("documentation snippets under tsc --strict, against the packed package's declarations", () => {
  const app = join(root, "test-artifacts", "snippets");
  const nameOf = (s: Snippet) => `${s.file}:${s.line}`;
  const fileOf = (s: Snippet) => `${nameOf(s).replace(/[^\w]+/g, "-")}.ts`;
  // tsc's messages, by snippet file: "docs-x-md-12.ts(3,5): error TS2322: …".
  const errors = new Map<string, string[]>();

  beforeAll(async () => {
    installPacked(app);
    // Its own package.json, or `coagent` would resolve to this checkout by self-reference.
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "snippets", private: true, type: "module" }));
    for (const s of snippets) writeFileSync(join(app, fileOf(s)), `${s.code}\nexport {};\n`);
    writeFileSync(join(app, "control.ts"), `import { makeEnv } from "coagent";\nconst n: number = makeEnv("CartPole-v1").id;\nexport { n };\n`);
    // What a user's strict project would use: a bundler's (or Node's) ES modules, the DOM for the
    // browser snippets and Node's types for the rest (from the repository's node_modules/@types).
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], types: ["node"], strict: true, noEmit: true, skipLibCheck: true },
      files: [...snippets.map(fileOf), "control.ts"],
    }));
    const result = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(app, "tsconfig.json"), "--pretty", "false"], { cwd: app }).catch((e) => e);
    for (const line of String(result.stdout ?? "").split("\n")) {
      const match = /^([^(]+\.ts)\((\d+),\d+\): (error .*)$/.exec(line);
      if (match) errors.set(match[1], [...(errors.get(match[1]) ?? []), `line ${match[2]} of the block: ${match[3]}`]);
      else if (line.trim() !== "" && !line.startsWith(" ")) errors.set("(tsc)", [...(errors.get("(tsc)") ?? []), line]);
    }
  }, 180_000);

  it("tsc reports nothing outside the snippets", () => {
    expect(errors.get("(tsc)") ?? []).toEqual([]);
  });

  it("the checker catches a type error (a control file, checked with the snippets, assigns a string to a number)", () => {
    expect(errors.get("control.ts") ?? []).toEqual([expect.stringMatching(/^line 2 of the block: error TS2322: Type 'string' is not assignable to type 'number'/)]);
  });

  it.each(snippets.map((s) => [nameOf(s), s] as const))("%s type-checks", (_name, snippet) => {
    expect(errors.get(fileOf(snippet)) ?? []).toEqual([]);
  });
});
