// docs/environments.md under `strict`: test/repo/snippets.test.ts runs its blocks with the types
// stripped, so a type error in them would go unseen; here every block is type-checked against the
// package's types as a user's strict project would, and the custom task of the page is checked to
// be examples/corridor.mjs with types.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
// Inside the package, so that "coagent" resolves to it through its export map.
const scratch = join(root, ".environments-docs");

/** The fenced ts blocks of the page, a block marked `<!-- snippet: continues -->` joined to the one before. */
function blocks(): { line: number; code: string }[] {
  const lines = readFileSync(join(root, "docs", "environments.md"), "utf8").split("\n");
  const found: { line: number; code: string }[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[k])) continue;
    const end = lines.indexOf("```", k + 1);
    const code = lines.slice(k + 1, end).join("\n");
    if ((lines[k - 1] ?? "").trim() === "<!-- snippet: continues -->" && found.length > 0) found[found.length - 1].code += `\n${code}`;
    else found.push({ line: k + 1, code });
    k = end;
  }
  return found;
}

/** Code without comments and formatting, to compare two sources. */
const normalised = (code: string, loader: "ts" | "js") => transformSync(code, { loader, format: "esm", minifyWhitespace: true }).code;

mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("docs/environments.md", () => {
  const snippets = blocks();

  it("type-checks every TypeScript block under strict", async () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    const files = snippets.map((s, k) => {
      const path = join(scratch, `block-${k}-line-${s.line}.ts`);
      writeFileSync(path, `${s.code}\nexport {};\n`);
      return path;
    });
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022", "dom"], strict: true, noEmit: true, skipLibCheck: true },
      files: files.map((f) => relative(scratch, f)),
    }));
    const result = await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(scratch, "tsconfig.json")]).catch((e) => e);
    expect(result.stdout ?? "").toBe("");
  }, 120_000);

  it("shows examples/corridor.mjs, with its types", () => {
    const corridor = snippets.find((s) => s.code.includes('register({ id: "Corridor-v0"'));
    expect(corridor).toBeDefined();
    // Up to the register call: the docs block goes on with the code that uses the task.
    const docs = corridor!.code.slice(0, corridor!.code.indexOf("\n", corridor!.code.indexOf('register({ id: "Corridor-v0"')));
    const example = readFileSync(join(root, "examples", "corridor.mjs"), "utf8");
    expect(normalised(docs, "ts")).toBe(normalised(example, "js"));
  });
});
