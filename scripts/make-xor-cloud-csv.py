# Writes examples/data/xor-cloud.csv: the XOR truth table as four clouds of 15 points each around
# (0, 0), (0, 1), (1, 0), (1, 1) (Gaussian, σ = 0.15), label x1 XOR x2 of the corner. The clouds
# break the four-point table's symmetry, so a weighted perceptron can beat chance on round 1.
# Deterministic (seeded); run with any Python 3:  python3 scripts/make-xor-cloud-csv.py
import os
import random

random.seed(12)
rows = ['x1,x2,y']
for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]:
    for _ in range(15):
        rows.append(f'{x1 + random.gauss(0, 0.15):.4f},{x2 + random.gauss(0, 0.15):.4f},{x1 ^ x2}')
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples', 'data', 'xor-cloud.csv')
with open(out, 'w') as f:
    f.write('\n'.join(rows) + '\n')
