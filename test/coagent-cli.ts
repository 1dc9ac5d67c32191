// Runs the built command line (dist/node/cli.js) as a user would and hands back its exit code and
// output, so that each CLI test reads as the commands it types.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

export const cli = join(__dirname, "..", "dist", "node", "cli.js");
const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `coagent ...args`, in `cwd` (default: this process's); a failing command resolves with its exit code. */
export async function runCli(args: readonly string[], cwd?: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], cwd === undefined ? {} : { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
