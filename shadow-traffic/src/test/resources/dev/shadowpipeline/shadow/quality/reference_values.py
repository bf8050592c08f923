"""Reference values for the tests of dev.shadowpipeline.shadow.quality.

Run:  python3 reference_values.py
Made with Python 3.11, numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1; the tests quote its output.

Two kinds of reference:
* the metrics, McNemar's p, the Wilson bounds and the noise test's p-value from scikit-learn / scipy themselves;
* the bootstrap intervals from a transcription of PairedBootstrap (SplitMix64 draws, count-weighted metrics summed
  in index order, ROC AUC counted in integers, np.quantile), which the Java must equal; each replicate of the
  transcription is also checked here against scikit-learn on the explicitly resampled inputs.
"""
import math
import sys
import warnings

import numpy as np
import scipy
import scipy.stats as st
import sklearn
from sklearn import metrics as skm

warnings.simplefilter("ignore")  # UndefinedMetricWarning for the NaN cases, on purpose
M = 2**64


class SplitMix64:
    def __init__(self, seed):
        self.state = seed % M

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) % M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % M
        return z ^ (z >> 31)

    def next_index(self, n):
        while True:
            r = self.next_long() >> 1
            v = r % n
            if r - v + n - 1 < 2**63:
                return v

    def uniform(self):  # Java: (nextLong() >>> 11) * 0x1.0p-53
        return (self.next_long() >> 11) * 2.0**-53


# ---- datasets (TestData.java builds the same from the same generator) ----
def classification(seed, n):
    g = SplitMix64(seed)
    truth, ps, ss = [], [], []
    for _ in range(n):
        y = g.uniform() < 0.4
        p = math.floor((0.35 * y + 0.65 * g.uniform()) * 20) / 20  # a 0.05 grid: many ties
        s = math.floor((0.45 * y + 0.55 * g.uniform()) * 100) / 100
        truth.append(y); ps.append(p); ss.append(s)
    return truth, [p >= 0.5 for p in ps], ps, [s >= 0.5 for s in ss], ss


def regression(seed, n):
    g = SplitMix64(seed)
    truth, p, s = [], [], []
    for _ in range(n):
        y = 10 * g.uniform()
        truth.append(y)
        p.append(y + (g.uniform() - 0.5) * 2)
        s.append(y + (g.uniform() - 0.5) * 1.5 + 0.1)
    return truth, p, s


# ---- transcription of the count-weighted metrics ----
EPS = np.finfo(np.float64).eps


def clip(x):
    return min(max(x, EPS), 1 - EPS)


def ratio(a, b):
    return float("nan") if b == 0 else float(a) / float(b)


def wmean(terms, w):
    total, acc = 0, 0.0
    for t, k in zip(terms, w):
        acc += k * t
        total += k
    return acc / float(total)


def cls_metric(name, y, pred, score, w):
    if name in ("accuracy", "precision", "recall", "f1"):
        tp = fp = fn = total = 0
        for yi, pi, k in zip(y, pred, w):
            total += k
            if yi and pi: tp += k
            elif pi: fp += k
            elif yi: fn += k
        return {"accuracy": lambda: ratio(total - fp - fn, total), "precision": lambda: ratio(tp, tp + fp),
                "recall": lambda: ratio(tp, tp + fn), "f1": lambda: ratio(2 * tp, 2 * tp + fp + fn)}[name]()
    if name == "roc_auc":
        order = sorted(range(len(y)), key=lambda i: score[i])  # stable, as Java's sort of boxed indices
        pos = neg = twice_u = 0
        i = 0
        while i < len(order):
            s0 = score[order[i]]; gp = gn = 0
            while i < len(order) and score[order[i]] == s0:
                k = order[i]
                if y[k]: gp += w[k]
                else: gn += w[k]
                i += 1
            twice_u += 2 * gp * neg + gp * gn
            pos += gp; neg += gn
        return float("nan") if pos == 0 or neg == 0 else float(twice_u) / float(2 * pos * neg)
    if name == "brier":
        return wmean([(p - (1.0 if yi else 0.0)) * (p - (1.0 if yi else 0.0)) for yi, p in zip(y, score)], w)
    if name == "log_loss":
        return wmean([-math.log(clip(p)) if yi else -math.log(clip(1 - p)) for yi, p in zip(y, score)], w)
    raise ValueError(name)


def reg_metric(name, y, pred, w):
    err = [yi - pi for yi, pi in zip(y, pred)]
    if name == "mae":
        return wmean([abs(e) for e in err], w)
    if name == "rmse":
        return math.sqrt(wmean([e * e for e in err], w))
    if name == "r2":
        if len(y) < 2: return float("nan")
        drawn = [yi for yi, k in zip(y, w) if k > 0]
        swt, total = 0.0, 0
        for yi, k in zip(y, w):
            if k == 0: continue
            swt += k * yi; total += k
        num = 0.0
        for e, k in zip(err, w): num += k * (e * e)
        if num == 0: return 1.0
        if all(v == drawn[0] for v in drawn): return 0.0
        mean = swt / float(total)
        den = 0.0
        for yi, k in zip(y, w):
            d = yi - mean; den += k * (d * d)
        return 1 - num / den
    raise ValueError(name)


def sk_cls(name, y, pred, score):
    y = np.array(y); pred = np.array(pred); score = np.array(score)
    return {"accuracy": lambda: skm.accuracy_score(y, pred),
            "precision": lambda: skm.precision_score(y, pred, zero_division=np.nan),
            "recall": lambda: skm.recall_score(y, pred, zero_division=np.nan),
            "f1": lambda: skm.f1_score(y, pred, zero_division=np.nan),
            "roc_auc": lambda: skm.roc_auc_score(y, score),
            "brier": lambda: skm.brier_score_loss(y, score, pos_label=True),
            "log_loss": lambda: skm.log_loss(y, score, labels=[False, True])}[name]()


def sk_reg(name, y, pred):
    return {"mae": lambda: skm.mean_absolute_error(y, pred),
            "rmse": lambda: skm.root_mean_squared_error(y, pred),
            "r2": lambda: skm.r2_score(y, pred)}[name]()


def close(a, b, tol=1e-12):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tol * max(1.0, abs(b))


def bootstrap(n, names, primary, shadow, higher, reps=2000, seed=0, alpha=0.05, check=None):
    """primary/shadow: name, weights -> value. Returns {name: (lower, upper, improvement_lower, used)}."""
    g = SplitMix64(seed)
    diffs = {m: [] for m in names}
    for b in range(reps):
        w = [0] * n
        idx = []
        for _ in range(n):
            i = g.next_index(n); w[i] += 1; idx.append(i)
        for m in names:
            d = shadow(m, w) - primary(m, w)
            if check is not None and b < 40:  # the weighted metric is the metric of the resample
                ref = check(m, idx)
                assert close(d, ref, 1e-10), (m, b, d, ref)
            if not math.isnan(d):
                diffs[m].append(d)
    out = {}
    for m in names:
        d = np.array(diffs[m])
        imp = d if higher[m] else 0.0 - d
        out[m] = (float(np.quantile(d, alpha / 2)), float(np.quantile(d, 1 - alpha / 2)),
                  float(np.quantile(imp, alpha)), len(d))
    return out


def main():
    print("versions: python", sys.version.split()[0], "numpy", np.__version__, "scipy", scipy.__version__,
          "scikit-learn", sklearn.__version__)
    g = SplitMix64(0)
    print("splitmix64(0) first 3:", [hex(g.next_long()) for _ in range(3)])
    g = SplitMix64(0)
    print("splitmix64(0) next_index(7) x 10:", [g.next_index(7) for _ in range(10)])
    g = SplitMix64(0)
    print("splitmix64(0) next_index(3*2**29+1) x 5:", [g.next_index(3 * 2**29 + 1) for _ in range(5)])

    names = ["accuracy", "precision", "recall", "f1", "roc_auc", "brier", "log_loss"]
    higher = {"accuracy": True, "precision": True, "recall": True, "f1": True, "roc_auc": True, "brier": False,
              "log_loss": False, "mae": False, "rmse": False, "r2": True}
    y, pp, ps, sp, ss = classification(1, 200)
    print("\n# classification(1, 200): sklearn per model")
    for side, pred, score in (("primary", pp, ps), ("shadow", sp, ss)):
        print(side, {m: repr(float(sk_cls(m, y, pred, score))) for m in names})
        for m in names:  # the transcription equals scikit-learn on unit weights
            assert close(cls_metric(m, y, pred, score, [1] * len(y)), sk_cls(m, y, pred, score)), m
    b = sum(1 for yi, p, s in zip(y, pp, sp) if p == yi and s != yi)
    c = sum(1 for yi, p, s in zip(y, pp, sp) if p != yi and s == yi)
    both = sum(1 for yi, p, s in zip(y, pp, sp) if p == yi and s == yi)
    print("discordance: both right", both, "only primary", b, "only shadow", c, "mcnemar p",
          repr(st.binomtest(b, b + c, 0.5).pvalue))

    def check(m, idx):
        yy = [y[i] for i in idx]
        return (sk_cls(m, yy, [sp[i] for i in idx], [ss[i] for i in idx])
                - sk_cls(m, yy, [pp[i] for i in idx], [ps[i] for i in idx]))

    res = bootstrap(len(y), names, lambda m, w: cls_metric(m, y, pp, ps, w),
                    lambda m, w: cls_metric(m, y, sp, ss, w), higher, check=check)
    print("bootstrap B=2000 seed=0 alpha=0.05: metric -> (lower, upper, improvement lower bound, used)")
    for m in names:
        print(" ", m, tuple(repr(v) for v in res[m]))
    res = bootstrap(len(y), ["accuracy", "roc_auc"], lambda m, w: cls_metric(m, y, pp, ps, w),
                    lambda m, w: cls_metric(m, y, sp, ss, w), higher, reps=500, seed=7, alpha=0.1)
    print("bootstrap B=500 seed=7 alpha=0.1:", {m: tuple(repr(v) for v in r) for m, r in res.items()})

    # a small data set where many resamples have one class: replicates are left out
    ty = [True, False, False, False, False, False, False, False]
    tp_ = [0.9, 0.2, 0.1, 0.3, 0.6, 0.2, 0.1, 0.4]
    ts_ = [0.7, 0.3, 0.2, 0.8, 0.1, 0.1, 0.3, 0.2]
    res = bootstrap(8, ["roc_auc"], lambda m, w: cls_metric(m, ty, [p >= 0.5 for p in tp_], tp_, w),
                    lambda m, w: cls_metric(m, ty, [p >= 0.5 for p in ts_], ts_, w), higher)
    print("rare positive, roc_auc B=2000 seed 0:", tuple(repr(v) for v in res["roc_auc"]))

    ry, rp, rs = regression(2, 150)
    print("\n# regression(2, 150): sklearn per model")
    for side, pred in (("primary", rp), ("shadow", rs)):
        print(side, {m: repr(float(sk_reg(m, ry, pred))) for m in ("mae", "rmse", "r2")})
        for m in ("mae", "rmse", "r2"):
            assert close(reg_metric(m, ry, pred, [1] * len(ry)), sk_reg(m, ry, pred)), m

    def rcheck(m, idx):
        yy = [ry[i] for i in idx]
        return sk_reg(m, yy, [rs[i] for i in idx]) - sk_reg(m, yy, [rp[i] for i in idx])

    res = bootstrap(len(ry), ["mae", "rmse", "r2"], lambda m, w: reg_metric(m, ry, rp, w),
                    lambda m, w: reg_metric(m, ry, rs, w), higher, check=rcheck)
    print("bootstrap B=2000 seed=0 alpha=0.05:")
    for m in ("mae", "rmse", "r2"):
        print(" ", m, tuple(repr(v) for v in res[m]))

    print("\n# hand-made classification cases (sklearn)")
    cases = {
        "ties": ([0, 0, 1, 1, 0, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.8, 0.1]),
        "all_tied": ([0, 1, 0, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5]),
        "perfect": ([0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9]),
        "inverted": ([0, 0, 1, 1, 1], [0.9, 0.8, 0.3, 0.2, 0.1]),
        "certain": ([0, 1, 1, 0], [0.0, 1.0, 0.0, 1.0]),
    }
    for name, (t, s) in cases.items():
        t = [bool(v) for v in t]
        pred = [v >= 0.5 for v in s]
        print(name, {m: repr(float(sk_cls(m, t, pred, s))) for m in names})
    t = [True, True, True]; s = [0.9, 0.2, 0.6]
    print("one_class", {m: repr(float(sk_cls(m, t, [v >= 0.5 for v in s], s))) for m in names})
    print("no_predicted_positive", {m: repr(float(sk_cls(m, [True, False, False], [False] * 3, [0.1, 0.2, 0.3])))
                                    for m in ("precision", "recall", "f1")})
    print("all_negative", {m: repr(float(sk_cls(m, [False] * 3, [False] * 3, [0.1, 0.2, 0.3])))
                           for m in ("accuracy", "precision", "recall", "f1")})

    print("\n# regression cases (sklearn)")
    for name, (t, p) in {"constant_truth_exact_mean": ([3.0, 3.0, 3.0], [2.0, 3.0, 3.0]),
                         "constant_truth_perfect": ([3.0, 3.0, 3.0], [3.0, 3.0, 3.0]),
                         "constant_truth_0.1": ([0.1, 0.1, 0.1], [0.2, 0.1, 0.1]),
                         "single": ([1.0], [2.0]),
                         "small": ([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0])}.items():
        print(name, {m: repr(float(sk_reg(m, t, p))) for m in ("mae", "rmse", "r2")})

    print("\n# McNemar: scipy.stats.binomtest(b, b + c, 0.5).pvalue")
    for b, c in [(1, 0), (5, 0), (3, 10), (10, 3), (7, 7), (6, 7), (20, 35), (480, 520), (4800, 5200),
                 (49000, 51000), (100, 1000), (0, 2000), (0, 1100), (10000, 10400)]:
        print(b, c, repr(st.binomtest(b, b + c, 0.5).pvalue))

    print("\n# Wilson: scipy.stats.binomtest(k, n).proportion_ci(method='wilson')")
    for k, n in [(3, 3), (1, 7), (150, 200), (0, 1), (123456, 1000000)]:
        ci = st.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        print(k, n, repr(ci.low), repr(ci.high))

    print("\n# noise: pooled two-proportion z, p = scipy.stats.norm.sf(z)")
    for x0, n0, x1, n1 in [(20, 1000, 35, 1000), (20, 1000, 45, 1000), (50, 1000, 50, 1000), (5, 200, 2, 300),
                           (300, 1000, 320, 1000), (300, 10000, 390, 10000), (0, 500, 3, 500),
                           (1000, 100000, 1300, 100000), (1, 10, 9, 10), (10, 1000, 200, 1000)]:
        p0, p1, p = x0 / n0, x1 / n1, (x0 + x1) / (n0 + n1)
        z = (p1 - p0) / math.sqrt(p * (1 - p) * (1 / n0 + 1 / n1))
        print(x0, n0, x1, n1, "z", repr(z), "p", repr(float(st.norm.sf(z))))


if __name__ == "__main__":
    main()
