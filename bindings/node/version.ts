/** The installed coagent's version, as run files record it. */
import { readFileSync } from "node:fs";

let version: string | undefined;

/** The package's version (dist/node/version.js sits two folders below package.json). */
export function coagentVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return version;
}
