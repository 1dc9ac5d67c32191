# python run_map_prop.py SEED [CONFIG]: one seeded process of the authors' map_prop main_rl.py
# (CONFIG defaults to config_ab.ini, Acrobot) under NumPy 2.
import numpy as np, sys
np.float = float; np.int = int; np.bool = bool
np.random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
config = sys.argv[2] if len(sys.argv) > 2 else "config_ab.ini"
sys.argv = ["main_rl.py", "-c", config]
exec(open("main_rl.py").read())
