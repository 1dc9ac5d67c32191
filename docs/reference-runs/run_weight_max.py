import numpy as np, sys, time
np.float = float; np.int = int; np.bool = bool
np.random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
sys.argv = ["main.py", "-c", "config_mp.ini"]
t0 = time.time()
try:
    exec(open("main.py").read())
finally:
    print("per-run averages:", [float(np.average(r)) for r in eps_ret_hist_full], "seconds", time.time() - t0)
