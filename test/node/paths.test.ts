// Output paths that cannot hang: every directory coagent creates is made one level at a time, so
// a path under /proc (where Node's recursive mkdir loops forever) fails at once, in one line.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDirectory, requireWritable } from "../../bindings/node/files";

const cli = join(__dirname, "..", "..", "dist", "node", "cli.js");

/** The CLI in a child process that is killed if it runs past `timeout` ms (a hang fails the test, it does not stall it). */
function coagent(args: string[], timeout = 20_000): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { timeout, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      const e = error as { code?: number; signal?: string } | null;
      resolve({ code: e ? (typeof e.code === "number" ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

const procfs = existsSync("/proc/self");

describe("ensureDirectory", () => {
  it("creates the missing levels, outermost first, and returns them", () => {
    const root = mkdtempSync(join(tmpdir(), "coagent-paths-"));
    expect(ensureDirectory(join(root, "a", "b", "c"))).toEqual([join(root, "a"), join(root, "a", "b"), join(root, "a", "b", "c")]);
    expect(ensureDirectory(join(root, "a", "b"))).toEqual([]);
  });

  it("fails on a file in the path, naming no loop", () => {
    const root = mkdtempSync(join(tmpdir(), "coagent-paths-"));
    writeFileSync(join(root, "file"), "");
    expect(() => ensureDirectory(join(root, "file", "sub"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });

  it.runIf(procfs)("treats ENOENT under an existing parent as final (procfs), where mkdirSync(recursive) would loop", () => {
    expect(() => ensureDirectory("/proc/coagent-no-such/dir")).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => requireWritable("--out", "/proc/coagent-no-such/run.json")).toThrow(/--out "\/proc\/coagent-no-such\/run.json" cannot be written: its directory cannot be created \(no such file or directory\)/);
  });
});

describe.runIf(procfs)("/proc output paths fail in one line, exit 2, at once", () => {
  const dir = mkdtempSync(join(tmpdir(), "coagent-paths-"));
  const checkpoint = join(dir, "agent.ckpt");
  const cases: [string, string[]][] = [
    ["train --out", ["train", "--episodes", "100000", "--out", "/proc/coagent-x/run.json"]],
    ["train --plot", ["train", "--episodes", "100000", "--plot", "/proc/coagent-x/run.svg"]],
    ["train --save", ["train", "--episodes", "100000", "--save", "/proc/coagent-x/agent.ckpt"]],
    ["train --out directly in /proc", ["train", "--episodes", "100000", "--out", "/proc/run.json"]],
    ["eval --out", ["eval", "--checkpoint", checkpoint, "--episodes", "100000", "--out", "/proc/coagent-x/eval.json"]],
    ["reproduce --out", ["reproduce", "--envs", "CartPole-v1", "--algorithms", "reinforce", "--seeds", "1", "--out", "/proc/coagent-x/grid"]],
  ];

  it.each(cases)("%s", async (_, args) => {
    if (args[0] === "eval" && !existsSync(checkpoint)) expect((await coagent(["train", "--episodes", "1", "--save", checkpoint, "--quiet"])).code).toBe(0);
    // Each command would train or evaluate for hours; a hang is killed after 20 s and fails here.
    const result = await coagent(args);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^coagent: --(out|plot|save) "\/proc\/[^"]+" cannot be written: /);
  });
});

describe("an output directory that does not exist", () => {
  it("is created, and the command says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-paths-"));
    const out = join(dir, "new", "deeper", "run.json");
    const result = await coagent(["train", "--episodes", "1", "--out", out, "--quiet"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`coagent: creating directory ${join(dir, "new")} for --out\n`);
    expect(result.stderr).toContain(`coagent: creating directory ${join(dir, "new", "deeper")} for --out\n`);
    expect(readdirSync(join(dir, "new", "deeper"))).toEqual(["run.json"]);
  });
});
