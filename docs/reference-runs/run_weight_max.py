# python run_weight_max.py SEED [CONFIG]: one seeded process of the authors' weight_max main.py
# (CONFIG defaults to config_mp.ini, the multiplexer) under NumPy 2.
import numpy as np, sys, time
np.float = float; np.int = int; np.bool = bool
np.random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
config = sys.argv[2] if len(sys.argv) > 2 else "config_mp.ini"
sys.argv = ["main.py", "-c", config]
t0 = time.time()
try:
    exec(open("main.py").read())
finally:
    print("per-run averages:", [float(np.average(r)) for r in eps_ret_hist_full], "seconds", time.time() - t0)
