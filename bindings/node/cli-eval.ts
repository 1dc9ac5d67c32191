/**
 * `coagent eval`: runs a trained agent (a checkpoint from `train --save`) or a policy file
 * (`train --save-policy`) on its task without learning, and reports its mean return. The file is
 * only read.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Agent } from "../training/agent.js";
import { CheckpointError, decodeCheckpoint } from "../core/checkpoint.js";
import { sampleStd } from "../stats/descriptive.js";
import { UsageError, integerOption, outputOption } from "./cli-options.js";
import { parseSetOptions, withConfigFile } from "./cli-settings.js";
import { loadCore, type Precision } from "../core/core.js";
import { isEnvironmentId, makeEnv } from "../envs/registry.js";
import { systemErrorReason, writeFileAtomically } from "./files.js";
import { Policy } from "../training/policy.js";
import { signalExitCodes, stopOnSignals, yieldToSignals } from "./cli-signals.js";

/** The options of eval, for its --help. */
export const EVAL_OPTIONS = `  --checkpoint <file>  an agent checkpoint (train --save) or a policy file (train --save-policy)
  --episodes <n>       episodes to run (default 100)
  --greedy             every unit takes its most probable value (default: units sample, as in training)
  --seed <n>           seed of the environment's first reset and of the sampled actions (default 0)
  --out <file.json>    write { env, algorithm, greedy, seed, episodeReturns, mean, std }
  --quiet              no progress line
  --config <file>      eval's options from a JSON file under their long names, e.g. { "checkpoint": "agent.ckpt",
                       "episodes": 20, "greedy": true }; options on the command line win over the file's`;

const evalOptions = {
  checkpoint: { type: "string" },
  episodes: { type: "string", default: "100" },
  greedy: { type: "boolean", default: false },
  seed: { type: "string", default: "0" },
  out: { type: "string" },
  quiet: { type: "boolean", default: false },
  set: { type: "string", multiple: true },
  config: { type: "string" },
} as const;

/** The policy in a checkpoint or policy file; an agent checkpoint is loaded on its own core first. */
async function readPolicy(path: string, seed: number): Promise<Policy> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UsageError(`--checkpoint ${JSON.stringify(path)} cannot be read: ${systemErrorReason(error)}`);
  }
  const { metadata } = decodeCheckpoint<{ format: string; precision: Precision }>(bytes);
  if (metadata.format === "coagent-policy") return Policy.load(bytes, { seed });
  if (metadata.format !== "coagent-agent") throw new CheckpointError(`${path} holds a ${JSON.stringify(metadata.format)}, not an agent or a policy`);
  await loadCore({ precision: metadata.precision });
  const agent = Agent.load(bytes);
  try {
    return agent.policy({ seed });
  } finally {
    agent.dispose();
  }
}

export async function evalCommand(args: string[]): Promise<void> {
  const configured = withConfigFile(args, evalOptions);
  const { values } = parseArgs({ args: configured.args, options: evalOptions, strict: true, allowPositionals: false });
  // Names and values are checked as train checks them, so a typo is named as there; but a
  // frozen policy has no learning for them to change.
  const settings = Object.keys(parseSetOptions(values.set ?? [], configured.settings));
  if (settings.length > 0) throw new UsageError(`--set ${settings.join(", ")}: eval runs the trained policy without learning, so settings of the learning rules do not apply; train with them (coagent train --set)`);
  if (values.checkpoint === undefined) throw new UsageError("eval needs --checkpoint <file> (written by train --save or --save-policy)");
  const episodes = integerOption("episodes", values.episodes, 1);
  const seed = integerOption("seed", values.seed, 0);
  outputOption("out", values.out);
  const policy = await readPolicy(values.checkpoint, seed);
  const id = policy.env.id;
  if (!isEnvironmentId(id)) {
    throw new UsageError(`the policy was trained on "${id}", which is not a registered task; --import the module that registers it, or evaluate it in your own code with Policy.load and your environment`);
  }
  const env = makeEnv(id, { seed });
  const episodeReturns: number[] = [];
  let observation = env.reset({ seed }).observation;
  const tty = process.stderr.isTTY;
  const stop = stopOnSignals();
  try {
    for (let episode = 0; episode < episodes; episode++) {
      // Between episodes a Ctrl-C gets its turn (the loop itself would hold the event loop).
      await yieldToSignals();
      if (stop.received) break;
      let total = 0;
      for (;;) {
        const step = env.step(policy.act(observation, { greedy: values.greedy }).action);
        total += step.reward;
        if (step.terminated || step.truncated) break;
        observation = step.observation;
      }
      episodeReturns.push(total);
      if (!values.quiet && tty) process.stderr.write(`\r\x1b[2Kepisode ${episode + 1}/${episodes}  return ${total.toFixed(1)}`);
      observation = env.reset().observation;
    }
  } finally {
    stop.dispose();
  }
  const write = () => writeFileAtomically(values.out!, `${JSON.stringify({ env: id, algorithm: policy.algorithm, checkpoint: values.checkpoint, greedy: values.greedy, seed, episodeReturns, mean, std }, null, 1)}\n`);
  const mean = episodeReturns.reduce((a, b) => a + b, 0) / episodeReturns.length;
  // The sample std, as every table of coagent's (docs/statistics.md); one episode has none (null).
  const std = episodeReturns.length > 1 ? sampleStd(episodeReturns) : null;
  if (stop.received) {
    if (!values.quiet && tty) process.stderr.write("\n");
    const wrote = values.out !== undefined && episodeReturns.length > 0 ? (write(), `wrote ${values.out}`) : "wrote nothing";
    process.stderr.write(`coagent: stopped by ${stop.received} after ${episodeReturns.length} of ${episodes} episodes; ${wrote}; evaluation has no state to resume: run it again\n`);
    process.exitCode = signalExitCodes[stop.received];
    return;
  }
  if (!values.quiet && tty) process.stderr.write("\n");
  const mode = values.greedy ? "greedy" : "sampled";
  process.stdout.write(`${policy.algorithm} on ${id} (${mode}): mean return ${mean.toFixed(2)}${std === null ? "" : ` ± ${std.toFixed(2)} (sample std)`} over ${episodes} episode${episodes > 1 ? "s" : ""}\n`);
  if (values.out) {
    write();
    process.stdout.write(`wrote ${values.out}\n`);
  }
}
