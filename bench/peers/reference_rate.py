"""Times the authors' NumPy reference code on CartPole-v1: environment steps/s of one process of
map_prop's main_rl.py (MAP propagation) or weight_max's main.py (Weight Max; and, with the
switches the authors left at the top of main.py, its backprop actor), with their config_cp.ini.

    python3 bench/peers/reference_rate.py ALGORITHM CHECKOUT [STEPS] [WARMUP]

ALGORITHM is map-prop (CHECKOUT: a map_prop checkout), weight-max or backprop (a weight_max
checkout). Their code is run unmodified, as docs/reference-runs/ does: the gym stand-in
(docs/reference-runs/gym_shim.py) and a do-nothing matplotlib are put on sys.path from a
temporary folder, NumPy's removed aliases are restored, the config is config_cp.ini with
n_run = 1. The backprop run sets two of main.py's module constants in the source it executes
(actor_l_type = L_RELU, actor_bp = True) and weight_max = 0 in the config (docs/learning-rules.md).
Timing starts after WARMUP environment steps and stops after STEPS more by raising from the
stand-in's step; only real steps count (not the reset iterations after episode ends). Prints one
JSON object.
"""
import configparser
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.join(HERE, "..", "..", "docs", "reference-runs", "gym_shim.py")

SPACES = """
class Box:
    def __init__(self, *args, **kwargs): pass
class Discrete:
    def __init__(self, n): self.n = n
import types
box = types.SimpleNamespace(Box=Box)
"""
# Any attribute of the stub is a function that does nothing (the scripts only plot at the end).
PLOT = "def __getattr__(name):\n    return lambda *args, **kwargs: None\n"

BACKPROP_SWITCHES = [
    ("actor_l_type = L_BINARY_Z", "actor_l_type = L_RELU"),
    ("actor_bp, baseline, det, zero_learn = False, False, False, False", "actor_bp, baseline, det, zero_learn = True, False, False, False"),
]


class Done(Exception):
    pass


def stand_ins(folder):
    os.makedirs(os.path.join(folder, "gym", "spaces"))
    with open(SHIM) as src, open(os.path.join(folder, "gym", "__init__.py"), "w") as dst:
        dst.write(src.read())
    with open(os.path.join(folder, "gym", "spaces", "__init__.py"), "w") as f:
        f.write(SPACES)
    os.makedirs(os.path.join(folder, "matplotlib"))
    for name in ("__init__.py", "pyplot.py"):
        with open(os.path.join(folder, "matplotlib", name), "w") as f:
            f.write(PLOT)


def config_file(checkout, folder, overrides):
    config = configparser.ConfigParser(inline_comment_prefixes="#")
    config.read(os.path.join(checkout, "config", "config_cp.ini"))
    for key, value in {"n_run": "1", "max_eps": "1000000000", **overrides}.items():
        config["DEFAULT"][key] = value
    path = os.path.join(folder, "config_cp_bench.ini")
    with open(path, "w") as f:
        config.write(f)
    return path  # absolute: os.path.join("config", path) in the scripts keeps it as it is


def main():
    algorithm, checkout = sys.argv[1], os.path.abspath(sys.argv[2])
    steps = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    script = {"map-prop": "main_rl.py", "weight-max": "main.py", "backprop": "main.py"}[algorithm]
    if not os.path.exists(os.path.join(checkout, script)):
        raise SystemExit(f"{checkout} has no {script}: expected a {'map_prop' if algorithm == 'map-prop' else 'weight_max'} checkout")
    with open(os.path.join(checkout, script)) as f:
        source = f.read()
    overrides = {}
    if algorithm == "backprop":
        for old, new in BACKPROP_SWITCHES:
            if old not in source:
                raise SystemExit(f"{script} has no line '{old}': cannot switch it to its backprop actor")
            source = source.replace(old, new)
        overrides["weight_max"] = "0"

    folder = tempfile.mkdtemp(prefix="coagent-reference-")
    stand_ins(folder)
    config = config_file(checkout, folder, overrides)
    sys.path[:0] = [folder, checkout]
    os.chdir(checkout)

    import numpy as np
    np.float = float; np.int = int; np.bool = bool
    np.random.seed(0)
    import gym

    clock = {"count": 0}
    step = gym.CartPole.step

    def timed_step(self, action):
        clock["count"] += 1
        if clock["count"] == warmup:
            clock["wall"], clock["cpu"] = time.perf_counter(), time.process_time()
        elif clock["count"] == warmup + steps:
            clock["wall"], clock["cpu"] = time.perf_counter() - clock["wall"], time.process_time() - clock["cpu"]
            raise Done()
        return step(self, action)

    gym.CartPole.step = timed_step
    sys.argv = [script, "-c", config]
    stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")  # the scripts print progress lines
    try:
        exec(compile(source, os.path.join(checkout, script), "exec"), {"__name__": "__main__"})
    except Done:
        pass
    finally:
        sys.stdout = stdout
    if "cpu" not in clock or clock["count"] < warmup + steps:
        raise SystemExit(f"{script} stopped after {clock['count']} steps, before {warmup + steps}")
    print(json.dumps(dict(algorithm=algorithm, numpy=np.__version__, python=sys.version.split()[0], steps=steps,
                          stepsPerSecond=steps / clock["wall"], stepsPerCpuSecond=steps / clock["cpu"])))


if __name__ == "__main__":
    main()
