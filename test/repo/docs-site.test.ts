// `npm run docs` builds the API reference and the guide into one static site, and fails on any
// warning (typedoc.json: every export documented, every link resolvable).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");

it("TypeDoc builds the reference and the guide with no warnings", async () => {
  const out = mkdtempSync(join(tmpdir(), "coagent-site-"));
  const result = await run(process.execPath, [join(root, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], { cwd: root }).catch((e) => e);
  expect(result.stderr ?? "", result.stdout).toBe("");
  for (const page of ["index.html", "classes/coagent.Agent.html", "classes/coagent.Policy.html", "documents/learning-rules.html", "documents/environments.html"]) {
    expect(existsSync(join(out, page)), page).toBe(true);
  }
  // Links between guide pages point at the generated pages, not at the Markdown files.
  expect(readFileSync(join(out, "documents", "getting-started.html"), "utf8")).toContain('href="environments.html"');
}, 180_000);
