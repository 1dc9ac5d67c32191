// Faults a long run meets: SIGKILL at random moments (then resume), a full disk during a save,
// and Ctrl-C. The full kill suite is `node test/fault/run.mjs --kills 50` (docs/checkpoints-and-policies.md
// holds its result); here a few kill points of each command.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRunCheckpoint } from "../../bindings/training/run-checkpoint";
// @ts-expect-error: a plain ES module without types
import { injectFaults, scenarios } from "../fault/run.mjs";

const cli = join(__dirname, "..", "..", "dist", "node", "cli.js");

interface FaultResult { failures: { kill: number; at: number; problems: string[] }[]; killedAfterMs: number[] }

describe("SIGKILL at random moments, then resume", () => {
  it.each((scenarios as { name: string }[]).map((s) => [s.name, s] as const))("%s: every final file equals the uninterrupted run's, no temporary file remains", async (_, scenario) => {
    const result = (await injectFaults(scenario, { kills: 3, seed: 29 })) as FaultResult;
    expect(result.failures).toEqual([]);
    expect(result.killedAfterMs).toHaveLength(3);
  }, 600_000);
});

/** Starts the CLI; resolves when it exits. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.on("data", (chunk) => (stdout += chunk));
  const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => child.on("exit", (code) => resolve({ code, stderr, stdout })));
  return { child, exited };
}

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 50));
};

/** A fresh 8 MB tmpfs, or undefined where mounting is not allowed (not root, a container without the capability). */
function smallDisk(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "coagent-enospc-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", dir], { stdio: "ignore" });
    return dir;
  } catch {
    return undefined;
  }
}

describe("a full disk during a save", () => {
  // Mounted inside the test (never at collection, which would leave a mount when the test is filtered out).
  it("leaves the previous checkpoint intact, says so in one line, and no temporary file", async (context) => {
    const dir = smallDisk();
    if (dir === undefined) return context.skip(); // mounting is not allowed here
    try {
      const path = join(dir, "run.ckpt");
      const run = start(["train", "--algorithm", "reinforce", "--episodes", "100000", "--checkpoint-every", "1", "--save", path, "--quiet"], dir);
      await waitFor(() => existsSync(path));
      // Fill the disk: the next checkpoint cannot be written.
      const fd = openSync(join(dir, "filler"), "w");
      const chunk = new Uint8Array(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        expect((error as { code: string }).code).toBe("ENOSPC");
      } finally {
        closeSync(fd);
      }
      const result = await run.exited;
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      const match = /^coagent: cannot write the checkpoint .*run\.ckpt \(no space left on device\) at episode (\d+); the previous checkpoint \(episode (\d+)\) is intact$/.exec(lines[0]);
      expect(match).not.toBeNull();
      const intact = readRunCheckpoint(new Uint8Array(readFileSync(path)));
      expect(intact.episodeReturns).toHaveLength(Number(match![2]));
      expect(readdirSync(dir).sort()).toEqual(["filler", "run.ckpt"]);
    } finally {
      execFileSync("umount", [dir]);
    }
  }, 120_000);
});

describe("Ctrl-C and SIGTERM", () => {
  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("%s stops train at a step, writes checkpoint and results, says how to resume; resuming ends as an uninterrupted run", async (signal, code) => {
    const dir = mkdtempSync(join(tmpdir(), "coagent-signal-"));
    const args = ["train", "--algorithm", "weight-max", "--episodes", "60", "--checkpoint-every", "2", "--save", "run.ckpt", "--out", "run.json", "--plot", "run.svg", "--quiet"];
    const run = start(args, dir);
    await waitFor(() => existsSync(join(dir, "run.ckpt"))); // training is under way
    run.child.kill(signal);
    const stopped = await run.exited;
    if (stopped.code === 0) return; // the run was faster than the signal: nothing to test on this machine
    expect(stopped.code).toBe(code);
    expect(stopped.stderr.trim().split("\n")).toHaveLength(1);
    expect(stopped.stderr).toMatch(new RegExp(`^coagent: stopped by ${signal} at episode (\\d+) of 60; wrote run.ckpt, run.json, run.svg; resume with: coagent train --resume run.ckpt\\n$`));
    const resumed = await start(["train", "--resume", "run.ckpt", "--quiet"], dir).exited;
    expect(resumed.code).toBe(0);
    const reference = mkdtempSync(join(tmpdir(), "coagent-signal-"));
    expect((await start(args, reference).exited).code).toBe(0);
    const withoutWallClock = (file: string) => JSON.stringify(JSON.parse(readFileSync(file, "utf8")), (key, value) => (key === "wallSeconds" ? undefined : value));
    expect(withoutWallClock(join(dir, "run.json"))).toBe(withoutWallClock(join(reference, "run.json")));
    expect(Buffer.compare(readFileSync(join(dir, "run.ckpt")), readFileSync(join(reference, "run.ckpt")))).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, "run.svg")), readFileSync(join(reference, "run.svg")))).toBe(0);
  }, 300_000);
});
