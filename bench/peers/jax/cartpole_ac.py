"""The CartPole-v1 actor-critic of coagent's benchmark, written the way a JAX user would: the
environment inside the jitted function, lax.scan over environment steps, jax.vmap over
independent seeds. Two learners, the same work per step as coagent's (bindings/rules/algorithms.ts,
assembly/agents/agent.ts, assembly/kernels/network.ts):

  backprop  actor 4 -> 64 -> 32 ReLU -> one logit (softmax of [logit, 0]); critic 4 -> 64 -> 32
            softplus -> 1; TD error; critic traces lambda = 0.8, actor lambda = 0; Adam (eps 1e-8)
            with per-layer rates annealed over 50,000 iterations.
  map-prop  Gaussian softplus hidden units 64-32 in both networks (variances .03/.1/.1), a
            2-logit softmax actor at temperature 2 and a Gaussian linear critic output; per step:
            sample both networks, TD error from the critic's mean, Adam on delta * traces, then 20
            Jacobi sweeps of energy descent per network with the output clamped (step 0.5 * variance),
            eligibilities at the settled values (the critic's gated by 1 / (value - mean)),
            traces lambda = 0.95, Adam eps 1e-9.

Both follow the reference loop (one extra iteration on each episode's final observation, delta = 0
after a time-limit cut, Adam's bias correction only while t < 1000). Results are not meant to
match coagent's bit for bit; the work per step is the same.

Run on one core (the flags are set here if XLA_FLAGS is unset):

    pip install jax
    XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
      taskset -c 0 python3 bench/peers/jax/cartpole_ac.py [--seconds 2] [--seeds 1,4,8,16,32]

Prints one JSON object: environment steps/s (all seeds together) for each algorithm, precision
(float32, float64 via jax_enable_x64) and seed count ("single" = one seed, not vmapped).
`npm run bench` runs it when `python3 -c "import jax"` works.
"""
import argparse
import json
import os
import platform
import sys
import time

os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")

import jax
import jax.numpy as jnp
from jax import lax

jax.config.update("jax_enable_x64", True)  # float32 runs pass their dtype explicitly

HIDDEN = (64, 32)
GAMMA = 0.98
SCHEDULE_STEPS = 50_000
MAX_STEPS = 500
BETA1, BETA2 = 0.9, 0.999

CONFIG = {
    "backprop": dict(
        actor_rate=((1e-4, 1e-4, 1e-4), (1e-5, 1e-5, 1e-5)),
        critic_rate=((4e-2, 4e-5, 4e-6), (4e-3, 4e-5, 4e-6)),
        actor_decay=0.0 * GAMMA, critic_decay=0.8 * GAMMA, eps=1e-8,
    ),
    "map-prop": dict(
        actor_rate=((1e-2, 1e-5, 1e-6), (1e-3, 1e-6, 1e-8)),
        critic_rate=((2e-2, 2e-5, 2e-6), (2e-3, 2e-6, 2e-7)),
        actor_decay=0.95 * GAMMA, critic_decay=0.95 * GAMMA, eps=1e-9,
        variance=(0.03, 0.1, 0.1), temperature=2.0, settle_steps=20, settle_rate=0.5,
    ),
}


# --- CartPole-v1 (Gymnasium's dynamics: explicit Euler, +-12 degrees, +-2.4, 500-step limit) ---

def cartpole_step(s, action):
    x, x_dot, theta, theta_dot = s[0], s[1], s[2], s[3]
    force = jnp.where(action == 1, 10.0, -10.0).astype(s.dtype)
    c, si = jnp.cos(theta), jnp.sin(theta)
    temp = (force + 0.05 * theta_dot**2 * si) / 1.1
    theta_acc = (9.8 * si - c * temp) / (0.5 * (4.0 / 3.0 - 0.1 * c**2 / 1.1))
    x_acc = temp - 0.05 * theta_acc * c / 1.1
    n = jnp.stack([x + 0.02 * x_dot, x_dot + 0.02 * x_acc, theta + 0.02 * theta_dot, theta_dot + 0.02 * theta_acc])
    terminated = (jnp.abs(n[0]) > 2.4) | (jnp.abs(n[2]) > 12 * 2 * jnp.pi / 360)
    return n, terminated


def env_init(key, dtype):
    return dict(state=jax.random.uniform(key, (4,), dtype, -0.05, 0.05), t=jnp.int32(0), ended=jnp.bool_(False))


def env_transition(env, action, key, dtype):
    """One environment call of the reference loop: a reset after an episode end, else a step.
    Returns the new env state, the outcome the next iteration learns from, and whether it was a step."""
    stepped, terminated = cartpole_step(env["state"], action)
    t = env["t"] + 1
    truncated = (t >= MAX_STEPS) & ~terminated
    ended = env["ended"]
    new = dict(
        state=jnp.where(ended, jax.random.uniform(key, (4,), dtype, -0.05, 0.05), stepped),
        t=jnp.where(ended, 0, t),
        ended=~ended & (terminated | truncated),
    )
    outcome = dict(
        reward=jnp.where(ended, 0.0, 1.0).astype(dtype),
        terminated=~ended & terminated,
        drop=ended | truncated,  # delta = 0 for the reset pseudo-step and for a time-limit cut
        start=ended,  # traces are cleared at an episode's first observation
    )
    return new, outcome, ~ended


# --- networks, Adam ---

def init_layers(key, sizes, dtype, bias_limit):
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        key, kw, kb = jax.random.split(key, 3)
        limit = (6.0 / (n_in + n_out)) ** 0.5
        layers.append((jax.random.uniform(kw, (n_in, n_out), dtype, -limit, limit),
                       jax.random.uniform(kb, (n_out,), dtype, -bias_limit, bias_limit)))
    return layers


def zeros_like(tree):
    return jax.tree_util.tree_map(jnp.zeros_like, tree)


def adam_init(params):
    return dict(m=zeros_like(params), v=zeros_like(params), t=jnp.int32(0))


def rates(schedule, iteration, dtype):
    start, end = schedule
    f = jnp.minimum(iteration, SCHEDULE_STEPS).astype(dtype) / SCHEDULE_STEPS
    return [jnp.asarray(s, dtype) + (jnp.asarray(e, dtype) - jnp.asarray(s, dtype)) * f for s, e in zip(start, end)]


def adam_ascent(params, opt, grads, layer_rates, eps):
    """theta <- theta + lr * m_hat / (sqrt(v_hat) + eps), bias-corrected only while t < 1000."""
    t = opt["t"] + 1
    c1 = jnp.where(t < 1000, 1.0 / (1.0 - BETA1 ** t.astype(jnp.float64)), 1.0)
    c2 = jnp.where(t < 1000, 1.0 / (1.0 - BETA2 ** t.astype(jnp.float64)), 1.0)
    new_params, new_m, new_v = [], [], []
    for p_l, m_l, v_l, g_l, lr in zip(params, opt["m"], opt["v"], grads, layer_rates):
        ps, ms, vs = [], [], []
        for p, m, v, g in zip(p_l, m_l, v_l, g_l):
            m = BETA1 * m + (1 - BETA1) * g
            v = BETA2 * v + (1 - BETA2) * g * g
            ps.append(p + (lr * c1.astype(p.dtype)) * m / (jnp.sqrt(c2.astype(p.dtype) * v) + eps))
            ms.append(m)
            vs.append(v)
        new_params.append(tuple(ps))
        new_m.append(tuple(ms))
        new_v.append(tuple(vs))
    return new_params, dict(m=new_m, v=new_v, t=t)


def scaled(tree, delta):
    return jax.tree_util.tree_map(lambda z: delta * z, tree)


def decayed_trace(trace, eligibility, decay, start):
    return jax.tree_util.tree_map(lambda z, e: jnp.where(start, jnp.zeros_like(z), decay * z) + e, trace, eligibility)


def td_error(c, value, dtype):
    o = c["outcome"]
    return jnp.where(o["drop"], 0.0, o["reward"] + jnp.where(o["terminated"], 0.0, GAMMA * value) - c["previous_value"]).astype(dtype)


# --- backprop actor-critic ---

def mlp_output(params, x, hidden_activation):
    """The single linear output of a deterministic network with `hidden_activation` hidden units."""
    h = x
    for w, b in params[:-1]:
        h = hidden_activation(h @ w + b)
    w, b = params[-1]
    return (h @ w + b)[0]


def bp_actor_logit(params, x):
    return mlp_output(params, x, jax.nn.relu)


def bp_critic_value(params, x):
    return mlp_output(params, x, jax.nn.softplus)


def bp_iteration(c, dtype):
    cfg = CONFIG["backprop"]
    key, k_action, k_env = jax.random.split(c["key"], 3)
    x = c["env"]["state"]
    logit, pullback = jax.vjp(lambda p: bp_actor_logit(p, x), c["actor"])
    p0 = jax.nn.sigmoid(logit)  # softmax([logit, 0])[0]
    action = (jax.random.uniform(k_action, (), dtype) >= p0).astype(jnp.int32)
    (actor_grad,) = pullback(jnp.where(action == 0, 1 - p0, -p0))  # d log pi(action) / d logit, pulled back
    value, critic_grad = jax.value_and_grad(bp_critic_value)(c["critic"], x)
    delta = td_error(c, value, dtype)
    critic, critic_opt = adam_ascent(c["critic"], c["critic_opt"], scaled(c["critic_trace"], delta), rates(cfg["critic_rate"], c["iteration"], dtype), cfg["eps"])
    actor, actor_opt = adam_ascent(c["actor"], c["actor_opt"], scaled(c["actor_trace"], delta), rates(cfg["actor_rate"], c["iteration"], dtype), cfg["eps"])
    start = c["outcome"]["start"]
    env, outcome, stepped = env_transition(c["env"], action, k_env, dtype)
    return dict(
        key=key, env=env, outcome=outcome, iteration=c["iteration"] + 1, steps=c["steps"] + stepped.astype(jnp.int32),
        previous_value=value, actor=actor, critic=critic, actor_opt=actor_opt, critic_opt=critic_opt,
        actor_trace=decayed_trace(c["actor_trace"], actor_grad, cfg["actor_decay"], start),
        critic_trace=decayed_trace(c["critic_trace"], critic_grad, cfg["critic_decay"], start),
    )


# --- MAP propagation ---

def map_sample(params, x, key, variance, dtype, actor, temperature):
    """Ancestral sampling: Gaussian softplus hidden values; a categorical action or a Gaussian value."""
    keys = jax.random.split(key, 3)
    h = x
    hidden = []
    for l, (w, b) in enumerate(params[:-1]):
        h = jax.nn.softplus(h @ w + b) + jnp.sqrt(variance[l]) * jax.random.normal(keys[l], b.shape, dtype)
        hidden.append(h)
    w, b = params[-1]
    a = h @ w + b
    if actor:
        action = jax.random.categorical(keys[2], a / temperature)
        return hidden, jax.nn.one_hot(action, b.shape[0], dtype=dtype), action, None
    out = a + jnp.sqrt(variance[2]) * jax.random.normal(keys[2], b.shape, dtype)
    return hidden, out, None, a[0]


def map_output_signal(a, out, variance, actor, temperature):
    """d log pi(output | a) / d a for the clamped output."""
    if actor:
        return (out - jax.nn.softmax(a / temperature)) / temperature
    return (out - a) / variance[2]


def map_settle_eligibility(params, x, hidden, out, variance, actor, temperature, steps, rate, dtype):
    """20 Jacobi sweeps on the two hidden layers with the output clamped, then each layer's
    eligibility (input x g) at the settled values and refreshed means."""
    (w1, b1), (w2, b2), (w3, b3) = params
    a1 = x @ w1 + b1  # the input never moves: layer 1's potential is computed once per step
    mu1, slope1 = jax.nn.softplus(a1), jax.nn.sigmoid(a1)

    def upper(h1, h2):
        a2 = h1 @ w2 + b2
        g2 = (h2 - jax.nn.softplus(a2)) * jax.nn.sigmoid(a2) / variance[1]
        g3 = map_output_signal(h2 @ w3 + b3, out, variance, actor, temperature)
        return a2, g2, g3

    def sweep(hs, _):
        h1, h2 = hs
        a2, g2, g3 = upper(h1, h2)
        h1 = h1 + rate * (mu1 - h1) + rate * variance[0] * (g2 @ w2.T)
        h2 = h2 + rate * (jax.nn.softplus(a2) - h2) + rate * variance[1] * (g3 @ w3.T)
        return (h1, h2), None

    (h1, h2), _ = lax.scan(sweep, tuple(hidden), None, length=steps)
    _, g2, g3 = upper(h1, h2)
    g1 = (h1 - mu1) * slope1 / variance[0]
    mean_out = (h2 @ w3 + b3)[0]
    return [(jnp.outer(x, g1), g1), (jnp.outer(h1, g2), g2), (jnp.outer(h2, g3), g3)], mean_out


def map_iteration(c, dtype):
    cfg = CONFIG["map-prop"]
    var = tuple(jnp.asarray(v, dtype) for v in cfg["variance"])
    T = cfg["temperature"]
    key, k_actor, k_critic, k_env = jax.random.split(c["key"], 4)
    x = c["env"]["state"]
    actor_hidden, actor_out, action, _ = map_sample(c["actor"], x, k_actor, var, dtype, True, T)
    critic_hidden, critic_out, _, mean_value = map_sample(c["critic"], x, k_critic, var, dtype, False, T)
    delta = td_error(c, mean_value, dtype)  # from the critic's mean before settling
    critic, critic_opt = adam_ascent(c["critic"], c["critic_opt"], scaled(c["critic_trace"], delta), rates(cfg["critic_rate"], c["iteration"], dtype), cfg["eps"])
    actor, actor_opt = adam_ascent(c["actor"], c["actor_opt"], scaled(c["actor_trace"], delta), rates(cfg["actor_rate"], c["iteration"], dtype), cfg["eps"])
    steps, rate = cfg["settle_steps"], cfg["settle_rate"]
    critic_elig, settled_mean = map_settle_eligibility(critic, x, critic_hidden, critic_out, var, False, T, steps, rate, dtype)
    # The critic's gate: every eligibility divided by value - mean of the output after settling.
    gap = critic_out[0] - settled_mean
    floor = (6.103515625e-5 if dtype == jnp.float32 else 1.1368683772161603e-13) * jnp.maximum(1.0, jnp.abs(critic_out[0]))
    gap = jnp.where(jnp.abs(gap) < floor, jnp.where(gap < 0, -floor, floor), gap)
    critic_elig = scaled(critic_elig, 1 / gap)
    actor_elig, _ = map_settle_eligibility(actor, x, actor_hidden, actor_out, var, True, T, steps, rate, dtype)
    start = c["outcome"]["start"]
    env, outcome, stepped = env_transition(c["env"], action, k_env, dtype)
    return dict(
        key=key, env=env, outcome=outcome, iteration=c["iteration"] + 1, steps=c["steps"] + stepped.astype(jnp.int32),
        previous_value=mean_value, actor=actor, critic=critic, actor_opt=actor_opt, critic_opt=critic_opt,
        actor_trace=decayed_trace(c["actor_trace"], actor_elig, cfg["actor_decay"], start),
        critic_trace=decayed_trace(c["critic_trace"], critic_elig, cfg["critic_decay"], start),
    )


# --- runs ---

def init_carry(algorithm, key, dtype):
    k_actor, k_critic, k_env, key = jax.random.split(key, 4)
    backprop = algorithm == "backprop"
    bias = 0.001 if backprop else 0.0
    actor = init_layers(k_actor, (4, *HIDDEN, 1 if backprop else 2), dtype, bias)
    critic = init_layers(k_critic, (4, *HIDDEN, 1), dtype, bias)
    return dict(
        key=key, env=env_init(k_env, dtype),
        outcome=dict(reward=jnp.asarray(0, dtype), terminated=jnp.bool_(False), drop=jnp.bool_(True), start=jnp.bool_(True)),
        iteration=jnp.int32(0), steps=jnp.int32(0), previous_value=jnp.asarray(0, dtype),
        actor=actor, critic=critic, actor_opt=adam_init(actor), critic_opt=adam_init(critic),
        actor_trace=zeros_like(actor), critic_trace=zeros_like(critic),
    )


def measure(algorithm, dtype, seeds, seconds, chunk, passes=4):
    """Environment steps/s of `seeds` independent agents (None: one agent, not vmapped): the best
    of `passes` timed passes of about `seconds` / `passes` each (other processes on a shared
    machine slow single passes), after a compiling and warming call; and the rate per second of
    this process's CPU time over all passes."""
    iteration = {"backprop": bp_iteration, "map-prop": map_iteration}[algorithm]
    body = lambda c: iteration(c, dtype)
    keys = jax.random.split(jax.random.PRNGKey(0), seeds or 1)
    if seeds is None:
        carry = init_carry(algorithm, keys[0], dtype)
    else:
        carry = jax.vmap(lambda k: init_carry(algorithm, k, dtype))(keys)
        body = jax.vmap(body)
    length = max(100, chunk // (seeds or 1))  # about `chunk` environment steps per call at any seed count
    run = jax.jit(lambda c: lax.scan(lambda c, _: (body(c), None), c, None, length=length)[0], donate_argnums=0)
    t0 = time.perf_counter()
    carry = jax.block_until_ready(run(carry))
    compile_seconds = time.perf_counter() - t0
    best = 0.0
    steps_start, cpu_start = int(jnp.sum(carry["steps"])), time.process_time()
    for _ in range(passes):
        steps_before = int(jnp.sum(carry["steps"]))
        t0 = time.perf_counter()
        while True:
            carry = jax.block_until_ready(run(carry))
            if time.perf_counter() - t0 >= seconds / passes:
                break
        elapsed = time.perf_counter() - t0
        best = max(best, (int(jnp.sum(carry["steps"])) - steps_before) / elapsed)
    per_cpu_second = (int(jnp.sum(carry["steps"])) - steps_start) / (time.process_time() - cpu_start)
    assert carry["actor"][0][0].dtype == dtype, "the run left its precision"
    finite = bool(jnp.all(jnp.isfinite(carry["actor"][0][0])) & jnp.all(jnp.isfinite(carry["critic"][0][0])))
    return dict(algorithm=algorithm, precision=jnp.dtype(dtype).name, seeds=seeds or 1, vmapped=seeds is not None,
                stepsPerSecond=best, perSeed=best / (seeds or 1), stepsPerCpuSecond=per_cpu_second,
                compileSeconds=compile_seconds, finite=finite)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0, help="timing per configuration (best of four passes)")
    ap.add_argument("--seeds", default="1,4,8,16,32", help="vmapped seed counts")
    ap.add_argument("--algorithms", default="backprop,map-prop")
    ap.add_argument("--precisions", default="float32,float64")
    ap.add_argument("--chunk", type=int, default=1000, help="environment steps (all seeds) per jitted call")
    args = ap.parse_args()
    results = []
    for algorithm in args.algorithms.split(","):
        for precision in args.precisions.split(","):
            dtype = {"float32": jnp.float32, "float64": jnp.float64}[precision]
            for seeds in [None, *(int(s) for s in args.seeds.split(","))]:
                results.append(measure(algorithm, dtype, seeds, args.seconds, args.chunk))
                r = results[-1]
                print(f"jax {algorithm} {precision} {'single' if seeds is None else f'S={seeds}'}: {r['stepsPerSecond']:,.0f} steps/s", file=sys.stderr)
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    print(json.dumps(dict(jax=jax.__version__, python=platform.python_version(), device=str(jax.devices()[0]),
                          xlaFlags=os.environ.get("XLA_FLAGS", ""), cpusAllowed=affinity, results=results)))


if __name__ == "__main__":
    main()
