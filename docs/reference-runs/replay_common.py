# Shared by replay_weight_max.py and replay_map_prop.py: loads a run recorded by record_run.mjs,
# makes gym.make return an environment that replays it, counts the driver's loop iterations,
# starts the networks from the recorded weights, runs the driver and compares final weights.
import sys, json
sys.path.insert(0, '.')
import numpy as np
np.float = float; np.int = int; np.bool = bool
import gym, util

record = json.load(open(sys.argv[1]))
its = record['iterations']
cursor = [0]  # the recorded iteration the driver is in

class ReplayEnded(Exception):
    pass

class Replay:
    action_space = gym.spaces.Discrete(2)
    def reset(self):
        assert its[cursor[0]]['kind'] == 'reset', 'the driver resets where coagent stepped, at %d' % cursor[0]
        return np.array(its[cursor[0]]['obs'])
    def step(self, action):
        it = its[cursor[0]]
        assert it['kind'] == 'step', 'the driver steps where coagent reset, at %d' % cursor[0]
        info = {'TimeLimit.truncated': True} if it['truncated'] else {}
        return np.array(it['obs']), it['reward'], it['done'], info
gym.make = lambda name: Replay()

# One call of batch_envs.step is one loop iteration (it steps the env or resets an ended one).
env_step = util.batch_envs.step
def counted_step(self, action):
    cursor[0] += 1
    if cursor[0] >= len(its): raise ReplayEnded
    return env_step(self, action)
util.batch_envs.step = counted_step

def start_from_record(module):
    """Makes module.Network start from the recorded weights; returns its networks by name as the driver builds them."""
    networks = {}
    network_init = module.Network.__init__
    def init_from_record(self, *args, **kwargs):
        network_init(self, *args, **kwargs)
        name = 'actor' if kwargs['output_l_type'] == module.L_DISCRETE else 'critic'
        for layer, p in zip(self.layers, record['start'][name]):
            layer._w = np.array(p['w'], dtype=float)
            layer._b = np.array(p['b'], dtype=float)
        networks[name] = self
    module.Network.__init__ = init_from_record
    return networks

def run_driver(script, config, scope):
    sys.argv = [script, '-c', config]
    try:
        exec(open(script).read(), scope)
    except ReplayEnded:
        pass

def largest_relative_difference(net, name):
    worst = 0.0
    for layer, p in zip(net.layers, record['end'][name]):
        for ours, theirs in ((layer._w, np.array(p['w'])), (layer._b, np.array(p['b']))):
            worst = max(worst, float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300))))
    return worst

def report(actor, critic):
    print('replayed %d iterations (%d episodes); largest relative difference of the final weights: actor %.3g, critic %.3g'
          % (cursor[0], len(record['returns']), largest_relative_difference(actor, 'actor'), largest_relative_difference(critic, 'critic')))
