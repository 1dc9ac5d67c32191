// Writes the CLI reference in docs/cli.md from `coagent --help` (between the two markers), so
// the page cannot drift from the program: test/node/cli.test.ts fails when they differ.
//   npm run build && node scripts/cli-reference.mjs
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const page = new URL("../docs/cli.md", import.meta.url);
const help = execFileSync(process.execPath, [new URL("../dist/node/cli.js", import.meta.url).pathname, "--help"], { encoding: "utf8" });
const [before, rest] = readFileSync(page, "utf8").split("<!-- help:start -->");
const after = rest.split("<!-- help:end -->")[1];
writeFileSync(page, `${before}<!-- help:start -->\n\`\`\`text\n${help}\`\`\`\n<!-- help:end -->${after}`);
