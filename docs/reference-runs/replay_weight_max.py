# Runs the authors' Weight Max driver (weight_max main.py + weightmax.py, unmodified) on a run
# recorded by record_run.mjs (ALG=weight-max): the environment replays coagent's observations
# and outcomes, the actor's Bernoulli and categorical draws are coagent's, and both networks
# start from coagent's weights. Prints the largest relative difference of the final weights.
# Usage, in a checkout of stephen-chung-mh/weight_max prepared as README.md says:
#   python replay_weight_max.py /tmp/run.json
from replay_common import np, its, cursor, start_from_record, run_driver, report
import weightmax

# Stochastic actor layers take coagent's draws; the deterministic critic layers run as written.
layer_sample = weightmax.eq_prop_layer.sample
def replayed_sample(self, inputs, det=False):
    if self.l_type not in (weightmax.L_BINARY_Z, weightmax.L_DISCRETE):
        return layer_sample(self, inputs, det)
    self.compute_pot_mean(inputs)
    depth = 0 if self.prev_layer is None else (1 if self.next_layer is not None else 2)
    values = np.array([its[cursor[0]]['actor'][depth]], dtype=float)
    if depth == 2:  # coagent keeps the learned class only; the fixed-zero-logit class is the rest
        values = np.concatenate([values, 1 - values], axis=-1)
    self.values = values
    return values
weightmax.eq_prop_layer.sample = replayed_sample

networks = start_from_record(weightmax)

run_driver('main.py', 'config_cp_replay.ini', {'__name__': '__main__'})
report(networks['actor'], networks['critic'])
