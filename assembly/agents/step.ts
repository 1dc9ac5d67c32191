// One learning iteration of any rule, the core's entry for agents: the synchronous rules' step
// (agent.ts) or the asynchronous one (async.ts), chosen by the agent's capabilities. Kept apart
// from both so that async.ts can build on agent.ts without agent.ts importing it back.

import { Capability } from "../../bindings/core/interface";
import { Agent, consumeOutcome, createAgent, stepStatus, syncAgentStep } from "./agent";
import { asyncAgentStep, prepareAsyncAgent } from "./async";
import { Network } from "../kernels/network";

/** An agent of actor and critic; an asynchronous one also gets its momenta (async.ts). */
export function newAgent(actor: Network, critic: Network, capabilities: i32, criticKind: i32): Agent {
  const agent = createAgent(actor, critic, capabilities, criticKind);
  if (capabilities & Capability.asynchronous) prepareAsyncAgent(agent);
  return agent;
}

/**
 * One learning iteration for every sample: reads the observation (the actor's input) and the
 * outcome of the last transition (AgentBuffer.reward and .flags), learns from it, and samples
 * the next action. The step consumes the outcome: rewards go back to 0 and flags to
 * episodeStart where the transition ended an episode, else 0, so the host only writes outcomes
 * and the pending state is the core's (and its checkpoint's). Returns a StepStatus.
 */
export function agentStep(agent: Agent): i32 {
  if (agent.capabilities & Capability.asynchronous) asyncAgentStep(agent);
  else syncAgentStep(agent);
  agent.iteration += 1;
  consumeOutcome(agent);
  return stepStatus(agent);
}
