/** What the CLI's commands share in reading their options: typed checks with one-line errors. */
import { extname, relative } from "node:path";
import { didYouMean } from "../errors.js";
import { requireWritable, requireWritableDirectory } from "./files.js";

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError"; // explicit, as for every coagent error: minifiers rename classes
}

export function integerOption(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}; got "${text}"`);
  }
  return value;
}

/** `value` when it is one of `accepted`, else a UsageError listing them (and the likely one). */
export function choiceOption<T extends string>(name: string, value: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of: ${accepted.join(", ")}; got "${value}"${didYouMean(value, accepted)}`);
  return value as T;
}

/**
 * Joins "--episodes -1" into "--episodes=-1": parseArgs would read "-1" as an option and report
 * an ambiguous argument, where the user deserves "--episodes must be an integer >= 1".
 */
export function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (/^--[a-z-]+$/.test(args[k]) && k + 1 < args.length && /^-\d/.test(args[k + 1])) out.push(`${args[k]}=${args[++k]}`);
    else out.push(args[k]);
  }
  return out;
}

/** Checks an output path before any work: writable, and of a kind the command writes. */
export function outputOption(name: string, path: string | undefined, extensions?: readonly string[]): string | undefined {
  if (path === undefined) return undefined;
  if (extensions && !extensions.includes(extname(path).toLowerCase())) {
    throw new UsageError(`--${name} writes ${extensions.join(" or ")} files; got "${path}"${extensions.includes(".svg") ? " (coagent draws SVG, which browsers and most tools open; convert it to PNG with any SVG tool)" : ""}`);
  }
  announceCreated(name, requireWritable(`--${name}`, path));
  return path;
}

/** Checks an output directory before any work (see `requireWritableDirectory`), saying which directories it created. */
export function outputDirectoryOption(name: string, path: string): string {
  announceCreated(name, requireWritableDirectory(`--${name}`, path));
  return path;
}

/** One stderr line per directory an output option created: a typo in a directory name shows at once. */
function announceCreated(name: string, directories: readonly string[]): void {
  for (const directory of directories) {
    const shown = relative(process.cwd(), directory);
    process.stderr.write(`coagent: creating directory ${shown.startsWith("..") ? directory : shown} for --${name}\n`);
  }
}

/**
 * Hidden layer sizes written with `separator` ("128,64,32" for --hidden; "128:64:32" for a value
 * of --grid hidden, whose values are comma-separated). `name` is the option as the user wrote it.
 */
export function layerSizesOption(name: string, text: string, separator: "," | ":"): number[] {
  const sizes = text.split(separator).map((part) => part.trim());
  if (sizes.some((size) => !/^\d+$/.test(size) || Number(size) < 1)) {
    const example = ["128", "64", "32"].join(separator);
    throw new UsageError(`${name} must be ${separator === "," ? "comma" : "colon"}-separated layer sizes, e.g. ${example}; got "${text}"`);
  }
  return sizes.map(Number);
}
