"""Reference values for the tests of dev.shadowpipeline.shadow.labels and of the per-model intervals.

Run:  python3 labels_reference.py
Made with Python 3.11.7, numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1; the tests quote its output.

It reuses ../quality/reference_values.py: its data sets (the Java tests build the same from the same SplitMix64
generator) and its transcription of PairedBootstrap. A model's own bootstrap interval is the transcription's
interval of (model - 0): the same draws, the same quantiles.
"""
import os
import sys

import numpy as np
import scipy
import scipy.stats as st
import sklearn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "quality"))
from reference_values import (bootstrap, classification, cls_metric, regression, reg_metric,  # noqa: E402
                              sk_cls, sk_reg)

HIGHER = {"accuracy": True, "precision": True, "recall": True, "f1": True, "roc_auc": True, "brier": False,
          "log_loss": False, "mae": False, "rmse": False, "r2": True}
CLS = ["accuracy", "precision", "recall", "f1", "roc_auc", "brier", "log_loss"]


def wilson(k, n):
    ci = st.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return repr(float(ci.low)), repr(float(ci.high))


def classification_report(title, y, pp, ps, sp, ss):
    print("\n#", title, "n =", len(y))
    for side, pred, score in (("primary", pp, ps), ("shadow", sp, ss)):
        print(side, "sklearn", {m: repr(float(sk_cls(m, y, pred, score))) for m in CLS})
        tp = sum(1 for a, b in zip(y, pred) if a and b)
        fp = sum(1 for a, b in zip(y, pred) if not a and b)
        fn = sum(1 for a, b in zip(y, pred) if a and not b)
        correct = sum(1 for a, b in zip(y, pred) if a == b)
        print(side, "wilson accuracy", wilson(correct, len(y)), "precision", wilson(tp, tp + fp),
              "recall", wilson(tp, tp + fn))
        res = bootstrap(len(y), ["f1", "roc_auc", "brier", "log_loss"], lambda m, w: 0.0,
                        lambda m, w, pred=pred, score=score: cls_metric(m, y, pred, score, w), HIGHER)
        print(side, "bootstrap interval", {m: (repr(r[0]), repr(r[1]), r[3]) for m, r in res.items()})
    b = sum(1 for yi, p, s in zip(y, pp, sp) if p == yi and s != yi)
    c = sum(1 for yi, p, s in zip(y, pp, sp) if p != yi and s == yi)
    both = sum(1 for yi, p, s in zip(y, pp, sp) if p == yi and s == yi)
    print("discordance: both right", both, "only primary", b, "only shadow", c, "both wrong", len(y) - both - b - c,
          "mcnemar p", repr(float(st.binomtest(b, b + c, 0.5).pvalue)))
    res = bootstrap(len(y), CLS, lambda m, w: cls_metric(m, y, pp, ps, w),
                    lambda m, w: cls_metric(m, y, sp, ss, w), HIGHER)
    print("differences (lower, upper, improvement lower, used):",
          {m: tuple(repr(v) for v in res[m]) for m in ("accuracy", "roc_auc", "log_loss")})


def main():
    print("versions: python", sys.version.split()[0], "numpy", np.__version__, "scipy", scipy.__version__,
          "scikit-learn", sklearn.__version__)
    y, pp, ps, sp, ss = classification(1, 200)
    classification_report("classification(1, 200)", y, pp, ps, sp, ss)
    k = 150
    classification_report("classification(1, 200), first 150", y[:k], pp[:k], ps[:k], sp[:k], ss[:k])

    ry, rp, rs = regression(2, 150)
    print("\n# regression(2, 150)")
    for side, pred in (("primary", rp), ("shadow", rs)):
        print(side, "sklearn", {m: repr(float(sk_reg(m, ry, pred))) for m in ("mae", "rmse", "r2")})
        res = bootstrap(len(ry), ["mae", "rmse", "r2"], lambda m, w: 0.0,
                        lambda m, w, pred=pred: reg_metric(m, ry, pred, w), HIGHER)
        print(side, "bootstrap interval", {m: (repr(r[0]), repr(r[1]), r[3]) for m, r in res.items()})
    closer_s = sum(1 for t, p, s in zip(ry, rp, rs) if abs(t - p) > abs(t - s))
    closer_p = sum(1 for t, p, s in zip(ry, rp, rs) if abs(t - p) < abs(t - s))
    print("closer: primary", closer_p, "shadow", closer_s)


if __name__ == "__main__":
    main()
