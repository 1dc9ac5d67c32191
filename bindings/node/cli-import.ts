/**
 * `--import <module>` of every command: the modules are imported (registering their tasks) before
 * the command reads its other options, so their ids work with --env and --envs, and the worker
 * threads import them too (task-modules.ts).
 */
import { UsageError } from "./cli-options.js";
import { importTaskModules } from "./task-modules.js";

/** The help's line for the option. */
export const IMPORT_HELP = `Every command takes --import <module> (repeatable): a module that registers tasks with
register({ id, create, maxEpisodeSteps }) from "coagent"; its ids then work with --env and --envs.
`;

/**
 * Imports the modules named by `--import <module>` / `--import=<module>` in `args` and returns the
 * other arguments. A missing value or a module that fails to import is a UsageError of one line.
 */
export async function importTasks(args: readonly string[]): Promise<string[]> {
  const rest: string[] = [];
  const modules: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === "--") {
      rest.push(...args.slice(k));
      break;
    }
    if (arg.startsWith("--import=")) modules.push(arg.slice("--import=".length));
    else if (arg === "--import") {
      const value = args[k + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError("--import needs a module: --import ./my-task.mjs");
      modules.push(value);
      k++;
    } else rest.push(arg);
  }
  try {
    await importTaskModules(modules);
  } catch (error) {
    throw new UsageError(`--import ${(error as Error).message.replace(/^cannot import /, "")}`);
  }
  return rest;
}
