#!/bin/sh
# A short learning check of the settling controls on tuning seeds 100-103 (not the reference
# budget: 300 episodes of CartPole-v1's 1000, float64, to fit a shared machine), each setting
# against the fixed 20 sweeps, then `coagent compare` over the three. Run from the repository root.
set -e
out=bench/results/settling-learning
cli="node dist/node/cli.js"
$cli train --env CartPole-v1 --algorithm map-prop --seed 100 --seeds 4 --episodes 300 --out $out/fixed.json
$cli train --env CartPole-v1 --algorithm map-prop --seed 100 --seeds 4 --episodes 300 --set settleMomentum=0.3 --set settleTolerance=0.0002 --out $out/momentum-0.3-tolerance-2e-4.json
$cli train --env CartPole-v1 --algorithm map-prop --seed 100 --seeds 4 --episodes 300 --set settleMomentum=0.3 --set settleTolerance=0.001 --out $out/momentum-0.3-tolerance-1e-3.json
$cli compare $out/fixed.json $out/momentum-0.3-tolerance-2e-4.json $out/momentum-0.3-tolerance-1e-3.json --group-by file > $out/compare.txt
$cli compare $out/fixed.json $out/momentum-0.3-tolerance-2e-4.json $out/momentum-0.3-tolerance-1e-3.json --group-by file --json > $out/compare.json
