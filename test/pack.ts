/**
 * The package as a user installs it: `npm pack` of the built checkout, unpacked into
 * `<dir>/node_modules/coagent`. `dir` lies under test-artifacts/, so the package's own
 * dependencies (planck, Observable Plot) and the tools the tests drive (typescript, bundlers)
 * resolve from the repository's node_modules, as they would from the app's.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

export const root = join(__dirname, "..");

// The npm installed with this node, not node_modules/.bin/npm: as-pect's dependencies bring an
// npm 6 there, which is first on PATH inside `npm test` and `npx` and lacks --pack-destination.
export const npm = existsSync(join(dirname(process.execPath), "npm")) ? join(dirname(process.execPath), "npm") : "npm";
// Nor the npm_config_* settings an enclosing npm run (that npm 6 again, inside `npm test`) exports,
// which a newer npm warns about line by line.
export const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

export interface PackedFile { path: string; size: number }
export interface PackReport { filename: string; size: number; unpackedSize: number; files: PackedFile[] }

/**
 * What `npm pack` would put in the tarball (no build: the checkout's dist/ and build/ must be
 * current, as `npm test` makes them; prepack would build them first).
 */
export function packReport(): PackReport {
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", env });
  return (JSON.parse(out) as PackReport[])[0];
}

/** Packs the checkout (as it is: no build) into `dir`; returns the tarball's path. */
export function packTarball(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8", env });
  return join(dir, (JSON.parse(out) as PackReport[])[0].filename);
}

/** Packs the checkout and unpacks it as `dir/node_modules/coagent`; returns the package directory. */
export function installPacked(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  const target = join(dir, "node_modules", "coagent");
  mkdirSync(target, { recursive: true });
  const tarball = packTarball(dir);
  execFileSync("tar", ["xzf", tarball, "-C", target, "--strip-components=1"]);
  return target;
}
