/**
 * `coagent train --resume <checkpoint>`: the command that started a run is stored in each of its
 * checkpoints (`RunCheckpointState.note`), so resuming needs only the checkpoint's path. With
 * several runs (algorithms × seeds) each run has its own file, named as --save names them
 * (<file>-<algorithm>-seed<n>.ckpt); any of them, or the --save path as given, resumes them all.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { readRunCheckpoint } from "../training/run-checkpoint.js";
import { UsageError } from "./cli-options.js";
import { systemErrorReason } from "./files.js";
import type { SettingOverrides } from "../rules/overrides.js";

/** What `coagent train` stores in its checkpoints' note. */
export interface TrainInvocation {
  command: "train";
  /** The parsed options of the command, without those that do not change its results (--workers, --quiet). */
  options: Record<string, string | boolean | string[]>;
  /** The settings the runs trained with (--set and a --config file's "settings" together). */
  settings?: SettingOverrides;
}

/** The options that name files; stored relative to the checkpoint's directory. */
const pathOptions = ["out", "plot", "save", "save-policy", "log-signals"];

/**
 * The option values of `train` that belong to the run (stored, and refused beside --resume).
 * Output paths are stored relative to `checkpointDirectory`: a run's checkpoint does not depend on
 * where the run's directory is, and a directory moved as a whole still resumes.
 */
export function invocationOf(values: Record<string, string | boolean | string[] | undefined>, checkpointDirectory: string, settings: SettingOverrides): TrainInvocation {
  const options: Record<string, string | boolean | string[]> = {};
  // Sorted: the checkpoint's bytes must not depend on the order the options were given in.
  for (const [name, value] of Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))) {
    // --set is stored as the settings it resolved to (with a --config file's), below.
    if (value === undefined || ["workers", "quiet", "resume", "help", "set", "config"].includes(name)) continue;
    options[name] = pathOptions.includes(name) && typeof value === "string" ? relative(resolve(checkpointDirectory), resolve(value)) : value;
  }
  return { command: "train", options, ...(Object.keys(settings).length > 0 ? { settings } : {}) };
}

/** The checkpoint file `--resume path` names: the file itself, or the first per-run file of that --save path. */
function checkpointFile(path: string): string {
  if (existsSync(path)) return path;
  const ext = extname(path);
  const base = basename(path, ext);
  const dir = dirname(path);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // the directory is missing: the error below says what was looked for
  }
  const perRun = names.filter((name) => name.startsWith(`${base}-`) && name.endsWith(ext) && /-seed\d+$/.test(name.slice(0, name.length - ext.length))).sort();
  if (perRun.length === 0) throw new UsageError(`--resume ${JSON.stringify(path)}: no such checkpoint, nor per-run checkpoints ${base}-<algorithm>-seed<n>${ext} beside it`);
  return join(dir, perRun[0]);
}

/** The invocation stored in the checkpoint `--resume path` names. */
export function readInvocation(path: string): { file: string; invocation: TrainInvocation; episodes: number; budget: number } {
  const file = checkpointFile(path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw new UsageError(`--resume ${JSON.stringify(file)} cannot be read: ${systemErrorReason(error)}`);
  }
  const run = readRunCheckpoint(bytes);
  const invocation = run.note as TrainInvocation | undefined;
  if (invocation?.command !== "train" || typeof invocation.options !== "object" || invocation.options === null) {
    throw new UsageError(`--resume ${JSON.stringify(file)}: the checkpoint was not written by coagent train (it holds no command to resume); continue it with train({ resume }) in code`);
  }
  // The stored paths are relative to the checkpoint's directory; the command's are to the working directory.
  const options = { ...invocation.options };
  for (const name of pathOptions) {
    if (typeof options[name] !== "string") continue;
    const absolute = resolve(dirname(file), options[name] as string);
    const fromHere = relative(process.cwd(), absolute);
    options[name] = fromHere.startsWith("..") ? absolute : fromHere || "."; // no "../../tmp/…" for a file outside the working directory
  }
  return { file, invocation: { ...invocation, options }, episodes: run.episodeReturns.length, budget: run.episodes };
}
