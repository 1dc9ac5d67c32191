/**
 * The checkpoint format (version 3), little-endian:
 *
 *   offset  size  field
 *   0       8     magic "COAGENT" followed by 0x1A
 *   8       4     format version (u32) = 3
 *   12      4     metadata length M (u32)
 *   16      M     metadata, UTF-8 JSON: how to rebuild the agent (algorithm, spaces, seed,
 *                 precision, batch, units, and under `hyperparameters` the settings the rule
 *                 declares, by name; bindings/rules/stored-settings.ts)
 *   16+M    4     number of state blocks B (u32)
 *   ...           B × (length L (u32), L bytes): the core's state blocks in order (weights,
 *                 Adam moments and step counts, traces, values, RNG state, loop counter, the
 *                 pending outcome, ...; assembly/index.ts networkStateBlock, agentStateBlock)
 *   end−4   4     CRC-32 (IEEE) of every byte before it
 *
 * Loading rebuilds the agent from the metadata and copies the blocks back, so training continues
 * bit for bit. Any single corrupted byte fails the checksum.
 *
 * Version 3 records under `hyperparameters` only the settings the agent's rule declares, in the
 * rule's order; a setting the file lacks loads with its declared default (so a setting added later
 * loads from older files), one the rule does not declare is a CheckpointError. Version 2 recorded
 * every rule's full bag of settings, those the rule does not use included, in one fixed order
 * (`bagOrder`, bindings/rules/settings.ts). Version 1 (coagent up to 0.1.0) is the same
 * container as 2; its agents kept the pending reward and flags in the metadata (`pendingReward`,
 * `pendingFlags`, and per environment `pendingRewards`, `pendingFlagsPerEnv`) instead of in their
 * blocks. All three versions are read. Policy files (policy.ts), whose contents did not change in
 * version 3, are still written as version 2.
 */
import { ValueError } from "../errors.js";

const MAGIC = [0x43, 0x4f, 0x41, 0x47, 0x45, 0x4e, 0x54, 0x1a]; // "COAGENT" + SUB
/** The checkpoint format version this coagent writes; it reads this one and every earlier one. */
export const CHECKPOINT_VERSION = 3;
const OLDEST_VERSION = 1;

/** A file that is not a readable checkpoint of this version; the message says why. */
export class CheckpointError extends ValueError {
  override name = "CheckpointError";
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// JSON has no infinities; spaces use them for unbounded dimensions.
const replacer = (_key: string, value: unknown) => (typeof value === "number" && !Number.isFinite(value) ? `${value}` : value);
const reviver = (_key: string, value: unknown) => (value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : value);

/** The container around `metadata` and `blocks`, stamped with format `version` (default: the one this coagent writes). */
export function encodeCheckpoint(metadata: object, blocks: Uint8Array[], version = CHECKPOINT_VERSION): Uint8Array {
  const meta = new TextEncoder().encode(JSON.stringify(metadata, replacer));
  const size = 16 + meta.length + 4 + blocks.reduce((s, b) => s + 4 + b.length, 0) + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, version, true);
  view.setUint32(12, meta.length, true);
  out.set(meta, 16);
  let at = 16 + meta.length;
  view.setUint32(at, blocks.length, true);
  at += 4;
  for (const block of blocks) {
    view.setUint32(at, block.length, true);
    out.set(block, at + 4);
    at += 4 + block.length;
  }
  view.setUint32(at, crc32(out.subarray(0, at)), true);
  return out;
}

export function decodeCheckpoint<T>(bytes: Uint8Array): { metadata: T; blocks: Uint8Array[]; version: number } {
  if (!(bytes instanceof Uint8Array)) throw new CheckpointError(`a checkpoint must be a Uint8Array; got ${typeof bytes}`);
  if (bytes.length < 24 || MAGIC.some((b, i) => bytes[i] !== b)) throw new CheckpointError("not a coagent checkpoint (the file does not start with the COAGENT signature)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version < OLDEST_VERSION || version > CHECKPOINT_VERSION) {
    throw new CheckpointError(`checkpoint format version ${version} is not supported; this coagent reads versions ${OLDEST_VERSION} to ${CHECKPOINT_VERSION}`);
  }
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) {
    throw new CheckpointError("the checkpoint is corrupt or truncated (checksum mismatch)");
  }
  const truncated = () => new CheckpointError("the checkpoint is truncated (its blocks run past its end)");
  const metaLength = view.getUint32(12, true);
  if (16 + metaLength + 4 > bytes.length - 4) throw truncated();
  let metadata: T;
  try {
    metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + metaLength)), reviver) as T;
  } catch {
    throw new CheckpointError("the checkpoint's metadata is not valid JSON");
  }
  let at = 16 + metaLength;
  const count = view.getUint32(at, true);
  at += 4;
  const blocks: Uint8Array[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 4 > bytes.length - 4) throw truncated();
    const length = view.getUint32(at, true);
    if (at + 4 + length > bytes.length - 4) throw truncated();
    blocks.push(bytes.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (at !== bytes.length - 4) throw new CheckpointError("the checkpoint has unexpected bytes after its last block");
  return { metadata, blocks, version };
}
