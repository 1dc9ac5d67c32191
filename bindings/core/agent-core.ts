/**
 * The core's agent record, owned: created from an actor and a critic, configured from one record
 * of settings (interface.ts AgentSetting), stepped, read and freed here, so that nothing outside
 * bindings/core/ calls the raw exports. It knows no rule and no default: the host's rule layer
 * (bindings/training/agent.ts) says what every setting is.
 */
import type { Core, FloatArray } from "./core.js";
import { StateError } from "../errors.js";
import { AGENT_SETTING_FLOATS, AgentBuffer, AgentSetting, type Capability, type CriticKind, type StepStatus } from "./interface.js";
import type { Network } from "./network.js";

/** Every value the step reads, by the name of its slot in the configuration record. */
export type AgentSettings = Readonly<Record<keyof typeof AgentSetting, number>>;

const settingNames = Object.keys(AgentSetting).filter((k) => Number.isNaN(Number(k))) as (keyof typeof AgentSetting)[];

export class AgentCore {
  private pointer: number;
  // Where the core reads each sample's pending outcome (AgentBuffer.reward and .flags), as
  // indices into its float and i32 views: fixed for the record's life, so looked up once.
  private readonly rewardIndex: number;
  private readonly flagsIndex: number;

  /**
   * An agent record over `actor` and `critic` (which it then owns: `dispose` frees them too) whose
   * step does what the `capabilities` bits say, with a critic of kind `criticKind`. It must be
   * configured before its first step.
   */
  constructor(
    readonly core: Core,
    readonly actor: Network,
    readonly critic: Network,
    capabilities: Capability | number,
    criticKind: CriticKind,
  ) {
    this.pointer = core.raw.createAgent(actor.handle, critic.handle, capabilities, criticKind);
    this.rewardIndex = core.raw.agentBuffer(this.pointer, AgentBuffer.reward) / core.floatBytes;
    this.flagsIndex = core.raw.agentBuffer(this.pointer, AgentBuffer.flags) / 4;
  }

  /** The record's address; throws once disposed. */
  private get handle(): number {
    this.requireLive();
    return this.pointer;
  }

  /** Throws a StateError once disposed. */
  requireLive(): void {
    if (this.pointer === 0) throw new StateError("This agent was disposed; create a new one");
  }

  /** The record's address in the core's memory (its fields' layout is assembly/agents/agent.ts's Agent). */
  get record(): number {
    return this.handle;
  }

  /** Whether `dispose` has not been called. */
  get live(): boolean {
    return this.pointer !== 0;
  }

  /** Sets every value the step reads, written into one configuration record the core copies. */
  configure(settings: AgentSettings): void {
    const raw = this.core.raw;
    const handle = this.handle;
    const record = raw.allocate(AGENT_SETTING_FLOATS);
    const floats = this.core.memoryFloats;
    const at = record / this.core.floatBytes;
    for (const name of settingNames) floats[at + AgentSetting[name]] = settings[name];
    raw.configureAgent(handle, record);
    raw.release(record);
  }

  /** One learning iteration of every sample (the observations are the actor's input); a StepStatus. */
  step(): StepStatus {
    return this.core.raw.agentStep(this.handle);
  }

  /** Loop iterations so far, which drive the schedules. */
  get iteration(): number {
    return this.core.raw.agentIteration(this.handle);
  }

  /** Discrete MAP propagation: the sweeps of the last step's search that changed a value, summed over samples. */
  get searchSweeps(): number {
    return this.core.raw.agentSearchSweeps(this.handle);
  }

  /** A live view of one of the float buffers (one entry per sample); valid until the next allocation. */
  floats(which: AgentBuffer.reward | AgentBuffer.value | AgentBuffer.previousValue | AgentBuffer.tdError): FloatArray {
    return this.core.floats(this.core.raw.agentBuffer(this.handle, which), this.actor.batch);
  }

  /** The first sample's entry of a float buffer. */
  first(which: AgentBuffer.value | AgentBuffer.tdError): number {
    return this.core.readFloat(this.core.raw.agentBuffer(this.handle, which));
  }

  /** Writes sample b's outcome where the next step reads it (flags: EpisodeFlag bits). */
  setPending(b: number, reward: number, flags: number): void {
    this.requireLive();
    this.core.memoryFloats[this.rewardIndex + b] = reward;
    this.core.i32[this.flagsIndex + b] = flags;
  }

  /** Sample b's outcome flags not yet consumed by a step (EpisodeFlag bits). */
  pendingFlags(b: number): number {
    this.requireLive();
    return this.core.i32[this.flagsIndex + b];
  }

  /**
   * The state blocks of the actor, the critic and the agent, in that order, as views into the
   * core's memory (valid until the next allocation): everything a checkpoint saves.
   */
  stateBlocks(): Uint8Array[] {
    const raw = this.core.raw;
    const handle = this.handle;
    const out = raw.allocate(2);
    const blocks: [number, number][] = [];
    const read = () => {
      const words = this.core.u32;
      blocks.push([words[out / 4], words[out / 4 + 1]]);
    };
    try {
      for (const net of [this.actor.handle, this.critic.handle]) {
        for (let i = 0; i < raw.networkStateBlocks(net); i++) {
          raw.networkStateBlock(net, i, out);
          read();
        }
      }
      for (let i = 0; i < raw.agentStateBlocks(); i++) {
        raw.agentStateBlock(handle, i, out);
        read();
      }
    } finally {
      raw.release(out);
    }
    return blocks.map(([ptr, length]) => new Uint8Array(raw.memory.buffer, ptr, length));
  }

  /** Frees the record, then the critic and the actor; safe to call twice. */
  dispose(): void {
    if (this.pointer === 0) return;
    this.core.raw.disposeAgent(this.pointer);
    this.pointer = 0;
    this.critic.dispose();
    this.actor.dispose();
  }
}
