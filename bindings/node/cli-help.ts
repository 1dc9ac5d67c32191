/**
 * The CLI's help: each command declares its usage line, its one-line summary and its options'
 * text beside its code (a `Command`); `coagent --help` is every command's, and
 * `coagent <command> --help` (or `-h`) that command's alone. The settings' list is generated from
 * the rules' declarations (bindings/rules/).
 */
import { declaredSettings } from "../rules/algorithms.js";
import { rules } from "../rules/index.js";
import { absentByDefault, expectedOf } from "../rules/setting.js";

/** A command of the CLI: how it is called, what it does, its options' help, and its code. */
export interface Command {
  /** After "coagent ": e.g. "train [options]". */
  readonly usage: string;
  /** What it does, for the usage list (wrapped there). */
  readonly summary: string;
  /** Its options, the block after "Options of <name>:" (lines indented two spaces). */
  readonly options: string;
  run(args: string[]): Promise<void>;
}

/** The help's width and the column where descriptions start. */
const WIDTH = 104;
const DESCRIPTION = 23;

/** `text` wrapped at word boundaries to lines of at most `width - indent` characters, each after `indent` spaces (the first after `first`). */
export function wrap(text: string, indent: number, first = " ".repeat(indent)): string {
  const lines = [""];
  for (const word of text.split(" ")) {
    const line = lines[lines.length - 1];
    if (line && indent + line.length + 1 + word.length > WIDTH) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  return lines.map((line, k) => (k === 0 ? first.padEnd(indent) : " ".repeat(indent)) + line).join("\n");
}

/** "  --name <value>      description", wrapped, as the options' blocks are written. */
export function optionLine(flag: string, description: string): string {
  return wrap(description, DESCRIPTION, `  ${flag}`.padEnd(DESCRIPTION - 1) + " ");
}

/**
 * The --algorithm list: each rule's name and one-line description (bindings/rules/), the
 * description wrapped at word boundaries to the help's 104 columns.
 */
export function ruleList(): string {
  const [indent, nameWidth] = [25, 19];
  return rules.map((rule) => wrap(rule.description, indent + nameWidth, " ".repeat(indent) + rule.name.padEnd(nameWidth))).join("\n");
}

const example: Readonly<Record<string, string>> = {
  train: '{ "env": "Acrobot-v1", "episodes": 200, "settings": { "gamma": 0.99 } }',
  reproduce: '{ "envs": "CartPole-v1,Acrobot-v1", "seeds": 5, "settings": { "gamma": 0.99 } }',
  sweep: '{ "algorithm": "weight-max", "grid": ["gamma=0.9,0.99", "weightMaxExponent=1,2"], "settings": { "actorLambda": 0.9 } }',
};

/** The options every training command takes for settings. */
export function settingsOptions(command: string): string {
  return [
    optionLine("--set <name=value>", `change one of the rules' settings (repeatable; see "Settings" under train): a number, per-layer values as a,b,c, a word; a learning rate as a,b,c (held constant) or its name.start=a,b,c and name.end=a,b,c. Checked against every rule ${command} runs before any work: an unknown name or a value out of range is refused with the nearest name`),
    optionLine("--config <file>", `options and settings from a JSON file: the options under their long names and the settings under "settings", e.g. ${example[command] ?? "{ \"settings\": { \"gamma\": 0.99 } }"}; options on the command line win over the file's, --set over its settings${command === "train" ? ". A run file of train --out (or a grid's run file) is such a file: it repeats its run" : ""}`),
  ].join("\n");
}

/**
 * Every setting, what it expects, what it does and which rules take it (those not every rule
 * takes); but the budget and the hidden sizes, which are options of their own (--episodes, --hidden).
 */
export function settingsList(): string {
  const all = rules.length;
  return [...declaredSettings.values()].filter(({ setting }) => setting.name !== "episodes" && setting.name !== "hidden").map(({ setting, rules: takers }) => {
    const who = takers.length === all ? "" : ` (${takers.map((r) => r.name).join(", ")})`;
    const values = absentByDefault(setting) ? `${expectedOf(setting)}, default ${JSON.stringify((setting as { absent: string }).absent)}` : expectedOf(setting).replace(/ \(\d+ for \d+ hidden layers and the output\)/, "");
    return wrap(`${setting.doc}${who}; ${values}`, DESCRIPTION, `  ${setting.name}`.padEnd(DESCRIPTION - 1) + " ");
  }).join("\n");
}

/** `coagent --help`: the usage of every command, then every command's options. */
export function fullHelp(commands: Readonly<Record<string, Command>>, preamble: string, epilogue: string): string {
  const usage = Object.values(commands).map((c) => wrap(c.summary, 39, `  coagent ${c.usage}`.padEnd(38) + " ")).join("\n");
  const sections = Object.entries(commands).filter(([, c]) => c.options).map(([name, c]) => `Options of ${name}:\n${c.options}\n`).join("\n");
  return `${preamble}\n\nUsage:\n${usage}\n  coagent --help                       show this text (coagent <command> --help: that command's only)\n  coagent --version                    print the version\n\n${sections}\n${epilogue}`;
}

/** `coagent <command> --help`. */
export function commandHelp(name: string, command: Command): string {
  return `coagent ${command.usage}\n${wrap(command.summary, 2)}\n${command.options ? `\nOptions of ${name}:\n${command.options}\n` : ""}`;
}
