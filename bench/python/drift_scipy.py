#!/usr/bin/env python3
"""Benchmark helper for bench/drift-vs-scipy.sh (the project itself never needs Python).

  drift_scipy.py generate DIR ROWS   -> DIR/reference.csv, DIR/current.csv (20 numeric columns, seeded) and .npy copies
  drift_scipy.py time DIR REPEATS    -> wall time of ks_2samp and of wasserstein_distance over the 20 columns, cold
                                        (first pass) and warm (best of REPEATS after it), as JSON

Columns c00..c19 ~ N(i, 1 + i/10); in the current data every fourth column is shifted by 0.1 sd, so some drift.
"""
import json
import sys
import time

import numpy as np
from scipy import stats

COLUMNS = 20


def generate(out, rows):
    rng = np.random.default_rng(42)
    names = [f"c{i:02d}" for i in range(COLUMNS)]
    for side, drifted in (("reference", False), ("current", True)):
        data = np.empty((rows, COLUMNS))
        for i in range(COLUMNS):
            sd = 1 + i / 10
            data[:, i] = rng.normal(i, sd, rows) + (0.1 * sd if drifted and i % 4 == 0 else 0)
        data = np.round(data, 6)
        np.save(f"{out}/{side}.npy", data)
        np.savetxt(f"{out}/{side}.csv", data, fmt="%.6f", delimiter=",", header=",".join(names), comments="")


def timed(out, repeats):
    """Per function: the first pass over the 20 columns in this process (cold) and the best of REPEATS after it
    (warm), with column 0's statistic and score to check the Java side against. Columns are handed over as numpy
    slices of the rows x 20 array, as a DataFrame's columns would be."""
    ref = np.load(f"{out}/reference.npy")
    cur = np.load(f"{out}/current.npy")
    result = {"scipy": __import__("scipy").__version__, "numpy": np.__version__}
    for name, fn in (("ks_2samp", lambda a, b: stats.ks_2samp(a, b)),
                     ("wasserstein_distance", stats.wasserstein_distance)):
        times = []
        for _ in range(repeats + 1):
            start = time.perf_counter()
            for i in range(COLUMNS):
                r = fn(ref[:, i], cur[:, i])
                if i == 0:
                    first = r
            times.append(time.perf_counter() - start)
        result[name] = min(times[1:]) if repeats else times[0]
        result[name + "_cold"] = times[0]
        if name == "ks_2samp":
            result[name + "_c00"] = [float(first.statistic), float(first.pvalue)]
        else:
            result[name + "_c00"] = float(first) / float(np.std(ref[:, 0]))  # normed as Evidently
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        timed(sys.argv[2], int(sys.argv[3]))
