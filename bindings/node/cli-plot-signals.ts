/** `coagent plot signals.jsonl --out signals.svg`: the signals `train --log-signals` wrote, one panel per signal. */
import { readFileSync } from "node:fs";
import { signalsSvg } from "../plot.js";
import type { PlottableSignalRecord } from "../training/signal-points.js";
import { UsageError } from "./cli-options.js";
import { writeFileAtomically } from "./files.js";

/** Reads every line of the files as a signal record; a line that is not one is a UsageError naming file and line. */
function readSignalLines(files: readonly string[]): PlottableSignalRecord[] {
  const records: PlottableSignalRecord[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    text.split("\n").forEach((line, k) => {
      if (line.trim() === "") return;
      let record: PlottableSignalRecord;
      try {
        record = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${k + 1} is not a JSON line`);
      }
      if (typeof record?.tdError !== "number" || !Array.isArray(record.actor)) {
        throw new UsageError(`${file}:${k + 1} is not a signal record of \`coagent train --log-signals\` (expected { step, tdError, actor, critic, ... })`);
      }
      records.push(record);
    });
  }
  if (records.length === 0) throw new UsageError(`${files.join(", ")} hold no signal records`);
  return records;
}

/** Draws the signal files into one SVG at `out`. */
export function plotSignals(files: readonly string[], out: string, title?: string): void {
  writeFileAtomically(out, signalsSvg(readSignalLines(files), { title }));
  process.stdout.write(`wrote ${out}\n`);
}
