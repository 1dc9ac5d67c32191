// Watch it play: one episode of a frozen policy (a team's actor as it is now, or a policy file),
// stepped on the page at real-time speed (the task's rate in tasks.js, times the chosen speed),
// with play, pause, single steps and a fresh episode. A Policy needs no core: it computes in
// plain JavaScript from the weights, so this runs beside the training workers without touching
// them. The environment is made here, on the page (LunarLander's physics loaded on demand).
import { Policy, render } from "./coagent.js";
import { prepareEnv, taskInfo } from "./tasks.js";

/** Steps taken in one animation frame at most, so a slow frame does not turn into a jump. */
const MAX_STEPS_PER_FRAME = 8;

export class Watch {
  /** `canvas` to draw on, `status` an element for the caption; `onChange` runs after every step or state change. */
  constructor(canvas, status, onChange = () => {}) {
    this.canvas = canvas;
    this.status = status;
    this.onChange = onChange;
    this.policy = undefined;
    this.playing = false;
    this.speed = 1;
    this.episode = 0;
    this.steps = 0;
    this.return = 0;
    this.done = false;
    this.source = "";
    this.lastAction = undefined;
    this.due = 0;
    this.lastTime = undefined;
    this.frame = this.frame.bind(this);
  }

  /** Plays `bytes` (a policy file) from a fresh episode; `source` says where it came from. Throws what Policy.load throws. */
  async load(bytes, source) {
    const policy = Policy.load(bytes, { seed: 1 });
    this.pause();
    this.policy = policy;
    this.source = source;
    this.episode = 0;
    await this.newEpisode();
  }

  /** Resets the task for the next episode (seeded by its number, so episode n looks the same each time). */
  async newEpisode() {
    if (!this.policy) return;
    this.episode++;
    const { env, observation } = await prepareEnv(this.policy.env.id, 1000 + this.episode);
    this.env = env;
    this.observation = observation;
    this.steps = 0;
    this.return = 0;
    this.done = false;
    this.lastAction = undefined;
    this.draw();
  }

  /** One environment step with the policy's sampled action; false once the episode is over. */
  step() {
    if (!this.policy || this.done) return false;
    const { action } = this.policy.act(this.observation);
    const outcome = this.env.step(action);
    this.observation = outcome.observation;
    this.steps++;
    this.return += outcome.reward;
    this.lastAction = action;
    this.done = outcome.terminated || outcome.truncated;
    if (this.done) this.pause();
    return true;
  }

  play() {
    if (!this.policy || this.playing) return;
    if (this.done) return void this.newEpisode().then(() => this.play());
    this.playing = true;
    this.lastTime = undefined;
    this.due = 0;
    requestAnimationFrame(this.frame);
    this.onChange();
  }

  pause() {
    this.playing = false;
    this.onChange();
  }

  /** Steps due at the task's real-time rate × speed since the last frame. */
  frame(now) {
    if (!this.playing) return;
    if (this.lastTime !== undefined) this.due += ((now - this.lastTime) / 1000) * taskInfo(this.policy.env.id).fps * this.speed;
    this.lastTime = now;
    let taken = 0;
    while (this.due >= 1 && taken < MAX_STEPS_PER_FRAME && this.step()) (this.due -= 1), taken++;
    this.due = Math.min(this.due, MAX_STEPS_PER_FRAME);
    if (taken > 0) this.draw();
    if (this.playing) requestAnimationFrame(this.frame);
  }

  /** The action in words: the task's name for it, or the numbers of a continuous one. */
  actionWords() {
    const a = this.lastAction;
    if (a === undefined) return "none yet";
    const names = taskInfo(this.policy.env.id).actions;
    return typeof a === "number" ? names[a] ?? String(a) : Array.from(a, (v, k) => `${names[k] ?? `a${k}`} ${v.toFixed(2)}`).join(", ");
  }

  draw() {
    const ctx = this.canvas.getContext("2d");
    render(ctx, this.env);
    const fps = taskInfo(this.policy.env.id).fps * this.speed;
    this.status.textContent = `${this.source}: ${this.policy.algorithm} on ${this.policy.env.id}, episode ${this.episode}, step ${this.steps}, ` +
      `return ${this.return.toFixed(1)}, last action: ${this.actionWords()}${this.done ? " — episode over" : ""} (${fps} steps/s)`;
    this.onChange();
  }
}
