#!/usr/bin/env python3
# Writes examples/data/karate-club.json: Zachary's karate club (34 members, 78 friendships) with the
# two factions after the split, as published; no network access. Run: python3 scripts/make-karate-club.py
#
# Source: W. W. Zachary, "An Information Flow Model for Conflict and Fission in Small Groups",
# Journal of Anthropological Research 33(4):452-473, 1977 (the unweighted matrix E; public domain
# facts). Nodes are numbered from 0 here (Zachary numbers them 1-34): 0 is the instructor
# ("Mr. Hi"), 33 the administrator ("Officer"). The edge list and the factions are the ones
# networkx's karate_club_graph() ships (attribute "club"); the degrees are checked below against
# the degree sequence printed in the literature.

import json
import pathlib

# Neighbours with a larger number, per node (each friendship once).
NEIGHBOURS = {
    0: [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 17, 19, 21, 31],
    1: [2, 3, 7, 13, 17, 19, 21, 30],
    2: [3, 7, 8, 9, 13, 27, 28, 32],
    3: [7, 12, 13],
    4: [6, 10],
    5: [6, 10, 16],
    6: [16],
    8: [30, 32, 33],
    9: [33],
    13: [33],
    14: [32, 33],
    15: [32, 33],
    18: [32, 33],
    19: [33],
    20: [32, 33],
    22: [32, 33],
    23: [25, 27, 29, 32, 33],
    24: [25, 27, 31],
    25: [31],
    26: [29, 33],
    27: [33],
    28: [31, 33],
    29: [32, 33],
    30: [32, 33],
    31: [32, 33],
    32: [33],
}

# The instructor's faction after the split ("Mr. Hi"); every other member joined the officer.
INSTRUCTOR = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21]

DEGREES = [16, 9, 10, 6, 3, 4, 4, 4, 5, 2, 3, 1, 2, 5, 2, 2, 2, 2, 2, 3, 2, 2, 2, 5, 3, 3, 2, 4, 3, 4, 4, 6, 12, 17]


def main() -> None:
    edges = [[a, b] for a, ns in NEIGHBOURS.items() for b in ns]
    assert len(edges) == 78, len(edges)
    assert all(a < b for a, b in edges) and len({tuple(e) for e in edges}) == 78
    degree = [0] * 34
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    assert degree == DEGREES, degree
    labels = [0 if node in INSTRUCTOR else 1 for node in range(34)]
    assert labels.count(0) == 17 and labels.count(1) == 17
    data = {
        "name": "Zachary's karate club",
        "source": "W. W. Zachary, An Information Flow Model for Conflict and Fission in Small Groups, "
        "Journal of Anthropological Research 33(4):452-473, 1977; edge list and factions as in "
        "networkx karate_club_graph(); written by scripts/make-karate-club.py",
        "nodes": 34,
        "edges": edges,
        "classes": ["instructor (Mr. Hi)", "administrator (Officer)"],
        "labels": labels,
    }
    out = pathlib.Path(__file__).resolve().parent.parent / "examples" / "data" / "karate-club.json"
    text = json.dumps(data, indent=1)
    out.write_text(text + "\n")
    print(f"wrote {out}: 34 nodes, {len(edges)} edges")


if __name__ == "__main__":
    main()
