// The online training loop the tests run agents through, written once.
import type { Agent } from "../bindings/training/agent";
import type { Environment } from "../bindings/envs/environment";

/** Where a driven run stands: the observation its agent acts on next. */
export interface RunState {
  observation: Float64Array;
}

/**
 * Runs `steps` environment steps as every training loop does — act, step, learn, and reset when an
 * episode ends (unseeded, so the environment's stream continues) — and returns the actions (a
 * continuous action's first component). Two runs that take equal actions stay on equal trajectories.
 */
export function drive(agent: Agent, env: Environment, state: RunState, steps: number): number[] {
  const actions: number[] = [];
  for (let k = 0; k < steps; k++) {
    const { action } = agent.act(state.observation);
    actions.push(typeof action === "number" ? action : action[0]);
    const step = env.step(action);
    agent.learn(step);
    state.observation = step.terminated || step.truncated ? env.reset().observation : step.observation;
  }
  return actions;
}
