// Skips a build step whose inputs have not changed since it last succeeded. `npm ci` runs the
// `prepare` script (a full build) and `npm test` builds again; with this the second build is a
// hash check instead of another 50 s of compiling. The stamp holds a hash of every input file's
// path and contents; outputs must also still exist. `--force` (or COAGENT_FORCE_BUILD=1) rebuilds.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

function hash(inputs) {
  const h = createHash("sha256");
  for (const file of inputs.flatMap(files)) h.update(file).update("\0").update(readFileSync(file)).update("\0");
  return h.digest("hex");
}

const forced = process.argv.includes("--force") || process.env.COAGENT_FORCE_BUILD === "1";

/** Runs `step` unless the stamp file records the same hash of `inputs` and every output exists. */
export async function unlessUpToDate(stampFile, inputs, outputs, step) {
  const digest = hash(inputs);
  if (!forced && existsSync(stampFile) && readFileSync(stampFile, "utf8") === digest && outputs.every((o) => existsSync(o))) {
    console.log(`${stampFile}: inputs unchanged, skipping (pass --force to rebuild)`);
    return;
  }
  await step();
  writeFileSync(stampFile, hash(inputs)); // after the step: a failed build leaves no stamp
}
