/** Files that never end torn or half-written (Node): atomic writes, checked paths, agent and policy files. */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Agent } from "../training/agent.js";
import { CheckpointError } from "../core/checkpoint.js";
import type { Core } from "../core/core.js";
import { ConfigurationError } from "../errors.js";
import { Policy, type PolicyOptions } from "../training/policy.js";

/**
 * Writes to a temporary file in the same directory, flushes it to disk, then renames it over
 * `path`: a crash at any moment leaves either the old file or the new one, never a mix, and a
 * failed write leaves no temporary file behind.
 */
export function writeFileAtomically(path: string, data: string | Uint8Array): void {
  ensureDirectory(dirname(path));
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    try {
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  removeStaleTemporaries(path);
}

/**
 * Removes the temporary files a killed process left beside `path` (`<name>.<pid>.*.tmp`, the
 * names `writeFileAtomically` and `requireWritable` use) whose process is gone: a process killed
 * by SIGKILL between creating its temporary file and renaming it cannot clean up after itself,
 * so the next write of the same file does. Files of live processes are left alone.
 */
function removeStaleTemporaries(path: string): void {
  const directory = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processExists(pid)) continue;
    try {
      unlinkSync(join(directory, name));
    } catch {
      // another process removed it first
    }
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM"; // alive, another user's
  }
}

/**
 * Creates `directory` and its missing parents one level at a time, and returns the directories
 * it created, outermost first. Every directory creation of coagent goes through here, because
 * Node's `mkdirSync(dir, { recursive: true })` loops forever when a parent exists but the system
 * answers ENOENT for its child (procfs, some stale network mounts): here each level is tried
 * once, and whatever error it meets is final. Throws the system error (see `systemErrorReason`).
 */
export function ensureDirectory(directory: string): string[] {
  const missing: string[] = [];
  for (let at = resolve(directory); ; at = dirname(at)) {
    const existing = statOrUndefined(at);
    if (existing) {
      if (!existing.isDirectory()) throw Object.assign(new Error(`${at} is not a directory`), { code: "ENOTDIR" });
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break; // a root that does not exist: its mkdir reports why
  }
  const created: string[] = [];
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Another process may have made it meanwhile; anything else (ENOENT on procfs too) is final.
      if ((error as { code?: string }).code === "EEXIST" && statOrUndefined(level)?.isDirectory()) continue;
      throw error;
    }
    created.push(level);
  }
  return created;
}

/**
 * Checks, before any long work, that `path` can be written: its directory exists or can be
 * created, it is not a directory, and a file can be created beside it (the probe is removed).
 * Throws a ConfigurationError naming `what` (e.g. "--out") and the reason. Returns the
 * directories it created (so that a command can say so: a typo in a directory name shows).
 */
export function requireWritable(what: string, path: string): string[] {
  const fail = cannotWrite(what, path);
  if (typeof path !== "string" || path === "") fail("expected a file path");
  const existing = statOrUndefined(path);
  if (existing?.isDirectory()) fail("it is a directory; give a file name");
  let created: string[] = [];
  try {
    created = ensureDirectory(dirname(path));
  } catch (error) {
    fail(`its directory cannot be created (${systemErrorReason(error)})`);
  }
  const probe = `${path}.${process.pid}.probe.tmp`;
  try {
    closeSync(openSync(probe, "w"));
    unlinkSync(probe);
  } catch (error) {
    fail(systemErrorReason(error));
  }
  return created;
}

/** What `requireWritable` and `requireWritableDirectory` throw: "<what> "<path>" cannot be written: <reason>". */
function cannotWrite(what: string, path: string): (reason: string) => never {
  return (reason) => {
    throw new ConfigurationError(`${what} ${JSON.stringify(path)} cannot be written: ${reason}`);
  };
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A file system error in a few words ("permission denied"), for one-line messages. */
export function systemErrorReason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR" || code === "EEXIST") return "a part of the path is a file, not a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOENT") return "no such file or directory";
  if (code === "ENOSPC") return "no space left on device";
  if (code === "EDQUOT") return "disk quota exceeded";
  return code ?? message ?? String(error);
}

/** The bytes of a checkpoint or policy file; a missing or unreadable file is a CheckpointError. */
function readSaved(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CheckpointError(`cannot read the ${what} ${JSON.stringify(path)}: ${systemErrorReason(error)}`);
  }
}

/** Saves an agent's checkpoint atomically (see checkpoint.ts for the format). */
export function saveAgentFile(agent: Agent, path: string): void {
  writeFileAtomically(path, agent.save());
}

/**
 * Loads an agent saved by `saveAgentFile`; it continues exactly. A missing or damaged file is a
 * CheckpointError.
 */
export function loadAgentFile(path: string, core?: Core): Agent {
  return Agent.load(readSaved(path, "checkpoint"), core);
}

/** Saves a frozen policy (weights only) atomically. */
export function savePolicyFile(policy: Policy, path: string): void {
  writeFileAtomically(path, policy.save());
}

/** Loads a policy saved by `savePolicyFile`; a missing or damaged file is a CheckpointError. */
export function loadPolicyFile(path: string, options?: PolicyOptions): Policy {
  return Policy.load(readSaved(path, "policy file"), options);
}

/** As `requireWritable`, for a directory that files will be written into; returns the directories it created. */
export function requireWritableDirectory(what: string, path: string): string[] {
  const fail = cannotWrite(what, path);
  if (typeof path !== "string" || path === "") fail("expected a directory path");
  const existing = statOrUndefined(path);
  if (existing && !existing.isDirectory()) fail("it is a file, not a directory");
  let created: string[] = [];
  try {
    created = ensureDirectory(path);
    const probe = `${path}/.coagent.${process.pid}.probe.tmp`;
    closeSync(openSync(probe, "w"));
    unlinkSync(probe);
  } catch (error) {
    fail(systemErrorReason(error));
  }
  return created;
}
