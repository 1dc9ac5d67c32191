/**
 * `coagent train --log-signals file.jsonl --every k`: the signals of every run as JSON lines.
 * Each run (in this thread or a worker) appends its lines to a part file of its own beside the
 * target, so that threads never share a file; when all runs are done the parts are joined in run
 * order, so the file is the same whatever the number of threads.
 *
 * A resumed train keeps what the interrupted one logged: each run's part starts from its lines so
 * far (the part a kill left, or the run's lines of the joined file). The resumed run logs again
 * from its checkpoint's iteration, the same records as before (records are taken at multiples of
 * k iterations and only read the agent), so joining drops a run's lines that a later line of the
 * same run repeats: the file equals an uninterrupted run's.
 */
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import type { RunSignalRecord } from "../training/train.js";
import { UsageError, integerOption, outputOption } from "./cli-options.js";

/** Where a run's signal lines go: every `every` steps, appended to `file`. */
export interface SignalLogSpec {
  every: number;
  file: string;
}

/** Lines are written in chunks of this many: a record every step would otherwise be a write every step. */
const CHUNK = 256;

/** Appends one run's records to its file as JSON lines, tagged with the run's task and variant. */
export class SignalLog {
  private lines: string[] = [];

  constructor(
    private readonly file: string,
    private readonly env: string,
    private readonly algorithm: string,
  ) {}

  write(record: RunSignalRecord): void {
    // The run's own algorithm name (a variant such as weight-max@gaussian), not only its rule.
    this.lines.push(JSON.stringify({ env: this.env, ...record, algorithm: this.algorithm }));
    if (this.lines.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    appendFileSync(this.file, this.lines.join("\n") + "\n");
    this.lines = [];
  }
}

/** The part file of run `index` of a log written to `path`. */
export function signalPartFile(path: string, index: number): string {
  return `${path}.run-${index}.part`;
}

/**
 * Reads --log-signals and --every before any work: a .jsonl path that can be written and a
 * positive step count, given together. undefined when neither is given.
 */
export function signalLogOptions(values: { "log-signals"?: string; every?: string }): { path: string; every: number } | undefined {
  const path = values["log-signals"];
  if (path === undefined) {
    if (values.every !== undefined) throw new UsageError("--every needs --log-signals <file.jsonl>: it sets how often signals are logged");
    return undefined;
  }
  outputOption("log-signals", path, [".jsonl"]);
  return { path, every: integerOption("every", values.every ?? "100", 1) };
}

/** Removes the part files of `runs` runs (after a failure, or once joined). */
export function removeSignalParts(path: string, runs: number): void {
  for (let index = 0; index < runs; index++) {
    const part = signalPartFile(path, index);
    if (existsSync(part)) unlinkSync(part);
  }
}

/** The complete lines of a log or part file: a kill during an append can leave a last line cut short. */
function completeLines(file: string): string[] {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.pop(); // "" after the last newline, or the cut line
  return lines;
}

/** The iteration a logged line was recorded at. */
const iterationOf = (line: string): number => (JSON.parse(line) as { iteration: number }).iteration;

/**
 * Before a resumed train: each run's part file holds the lines it logged before the interruption
 * — the part a kill left (cut to its complete lines), else that run's lines of the joined log.
 */
export function keepSignalParts(path: string, runs: readonly { seed: number; algorithm: string }[]): void {
  const joined = existsSync(path) ? completeLines(path) : [];
  runs.forEach((run, index) => {
    const part = signalPartFile(path, index);
    const lines = existsSync(part)
      ? completeLines(part)
      : joined.filter((line) => {
        const record = JSON.parse(line) as { seed: number; algorithm: string };
        return record.seed === run.seed && record.algorithm === run.algorithm;
      });
    writeFileSync(part, lines.map((line) => line + "\n").join(""));
  });
}

/** A run's lines in order, without those a resumed run logged again (a line at an iteration not after its predecessor's starts the repeat). */
function withoutRepeats(lines: string[]): string[] {
  const kept: { line: string; iteration: number }[] = [];
  for (const line of lines) {
    const iteration = iterationOf(line);
    while (kept.length > 0 && kept[kept.length - 1].iteration >= iteration) kept.pop();
    kept.push({ line, iteration });
  }
  return kept.map((k) => k.line);
}

/** Joins the part files of `runs` runs, in run order, into `path` (written whole, then renamed into place). */
export function joinSignalParts(path: string, runs: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    for (let index = 0; index < runs; index++) {
      const part = signalPartFile(path, index);
      if (existsSync(part)) writeSync(fd, withoutRepeats(completeLines(part)).map((line) => line + "\n").join(""));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  removeSignalParts(path, runs);
}
