// Builds the "js" backend: assembly/index.ts compiled by the generator once per precision,
// build/core-js32.js (Float = f32) and build/core-js64.js (Float = f64), each with a .d.ts.
// A construct outside the generator's subset (README.md) stops the build with one line naming
// the file and line.
import { mkdirSync, writeFileSync } from "node:fs";
import { unlessUpToDate } from "../../scripts/stamp.mjs";
import { compile, GeneratorError } from "./generator.mjs";

const targets = [["f32", "core-js32"], ["f64", "core-js64"]];
const outputs = targets.flatMap(([, name]) => [`build/${name}.js`, `build/${name}.d.ts`]);
const inputs = ["assembly", "bindings/core/interface.ts", "tools/js-core/generator.mjs", "tools/js-core/build-core.mjs", "node_modules/typescript/package.json"];

mkdirSync("build", { recursive: true });
await unlessUpToDate("build/.stamp-js-core", inputs, outputs, () => {
  try {
    for (const [floatType, name] of targets) {
      const { js, dts } = compile({ entries: ["assembly/index.ts"], root: "assembly", floatType });
      writeFileSync(`build/${name}.js`, js);
      writeFileSync(`build/${name}.d.ts`, dts);
    }
  } catch (error) {
    if (!(error instanceof GeneratorError)) throw error;
    console.error(`js core: ${error.message}`);
    process.exit(1);
  }
});
