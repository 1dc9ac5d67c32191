import numpy as np, sys
np.float = float; np.int = int; np.bool = bool
np.random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
sys.argv = ["main_rl.py", "-c", "config_ab.ini"]
exec(open("main_rl.py").read())
