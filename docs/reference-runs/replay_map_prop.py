# Runs the authors' MAP propagation driver (map_prop main_rl.py + mapprop.py, unmodified) on a
# run recorded by record_run.mjs (ALG=map-prop): the environment replays coagent's observations
# and outcomes, every layer's forward draw (Gaussian units, the categorical output) is coagent's,
# and both networks start from coagent's weights; settling, traces and Adam run as written.
# Prints the largest relative difference of the final weights.
# Usage, in a checkout of stephen-chung-mh/map_prop prepared as README.md says:
#   python replay_map_prop.py /tmp/run.json
from replay_common import np, its, cursor, start_from_record, run_driver, report
import mapprop

def network_of(layer):
    while layer.next_layer is not None: layer = layer.next_layer
    return 'actor' if layer.l_type == mapprop.L_DISCRETE else 'critic'
def depth_of(layer):
    depth = 0
    while layer.prev_layer is not None: layer, depth = layer.prev_layer, depth + 1
    return depth
def replayed_sample(self, inputs):
    self.compute_pot_mean(inputs)
    self.values = np.array([its[cursor[0]][network_of(self)][depth_of(self)]], dtype=float)
    return self.values
mapprop.eq_prop_layer.sample = replayed_sample

networks = start_from_record(mapprop)

run_driver('main_rl.py', 'config_cp_replay.ini', {'__name__': '__main__'})
report(networks['actor'], networks['critic'])
