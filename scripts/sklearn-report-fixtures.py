# Writes tests/fixtures/sklearn-report.json: reference values from scikit-learn and scipy for the
# evaluation report (packages/runtime/src/report/). Run by hand with Debian's Python:
#   apt-get install -y python3-sklearn python3-scipy && /usr/bin/python3 scripts/sklearn-report-fixtures.py
# Scores are float32 values (stored exactly as JSON doubles), so ties are the same on both sides.

import json
import math
import os

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    hamming_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_recall_curve,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    roc_curve,
)

rng = np.random.default_rng(20261206)


def as_list(values):
    """JSON-ready floats; +inf (the first ROC threshold) becomes None, as JSON.stringify does."""
    return [None if math.isinf(v) else float(v) for v in np.asarray(values, dtype=np.float64)]


def float32(values):
    return np.asarray(values, dtype=np.float32).astype(np.float64)


def binary_case(name, scores, labels):
    scores = float32(scores)
    labels = np.asarray(labels, dtype=np.int64)
    fpr, tpr, thresholds = roc_curve(labels, scores)
    full_fpr, full_tpr, full_thresholds = roc_curve(labels, scores, drop_intermediate=False)
    # scikit-learn 1.2 starts with max + 1, 1.3 and later with +inf; the runtime follows 1.3.
    thresholds = np.r_[np.inf, thresholds[1:]]
    full_thresholds = np.r_[np.inf, full_thresholds[1:]]
    precision, recall, pr_thresholds = precision_recall_curve(labels, scores)
    efficiencies = []
    for background in [0.01, 0.1, 0.3]:
        # Independent of the runtime's loop: the last point at or below, then linear interpolation.
        below = int(np.searchsorted(full_fpr, background, side="right")) - 1
        signal = full_tpr[below]
        if below + 1 < len(full_fpr) and full_fpr[below + 1] > full_fpr[below]:
            fraction = (background - full_fpr[below]) / (full_fpr[below + 1] - full_fpr[below])
            signal = full_tpr[below] + fraction * (full_tpr[below + 1] - full_tpr[below])
        efficiencies.append(
            {
                "background": background,
                "signal": float(signal),
                "threshold": None if math.isinf(full_thresholds[below]) else float(full_thresholds[below]),
            }
        )
    return {
        "name": name,
        "scores": as_list(scores),
        "labels": labels.tolist(),
        "roc": {"fpr": as_list(fpr), "tpr": as_list(tpr), "thresholds": as_list(thresholds)},
        "rocFull": {
            "fpr": as_list(full_fpr),
            "tpr": as_list(full_tpr),
            "thresholds": as_list(full_thresholds),
        },
        "auc": float(roc_auc_score(labels, scores)),
        "precisionRecall": {
            "precision": as_list(precision),
            "recall": as_list(recall),
            "thresholds": as_list(pr_thresholds),
        },
        "averagePrecision": float(average_precision_score(labels, scores)),
        "efficiencies": efficiencies,
    }


def binary_cases():
    cases = []
    labels = rng.integers(0, 2, 40)
    cases.append(binary_case("ties in steps of 0.1", np.round(rng.random(40) * 10) / 10, labels))
    labels = rng.integers(0, 2, 500)
    scores = 1 / (1 + np.exp(-(rng.normal(size=500) + 1.2 * labels)))
    cases.append(binary_case("500 overlapping sigmoid scores", scores, labels))
    labels = np.array([0, 0, 0, 1, 1, 1, 0, 1])
    cases.append(binary_case("perfect separation", [0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 0.35, 0.65], labels))
    cases.append(binary_case("all scores tied", [0.5] * 6, [0, 1, 0, 1, 1, 0]))
    labels = rng.integers(0, 2, 300)
    scores = rng.normal(size=300) + 0.4 * labels
    cases.append(binary_case("logits with repeated values", np.round(scores, 1), labels))
    return cases


def ks_case(name, first, second, method):
    if method == "exact":
        first, second = float32(first), float32(second)
    result = scipy.stats.ks_2samp(first, second, method=method)
    case = {
        "name": name,
        "first": as_list(first),
        "second": as_list(second),
        "statistic": float(result.statistic),
        "pValue": float(result.pvalue),
        "method": method,
    }
    if method == "asymp":
        # The runtime uses Kolmogorov's limit (as ROOT's KolmogorovTest); scipy's asymp uses kstwo.
        m, n = len(first), len(second)
        case["kolmogorovLimit"] = float(
            scipy.stats.kstwobign.sf(math.sqrt(m * n / (m + n)) * result.statistic)
        )
    return case


def ks_cases():
    return [
        ks_case("unequal sizes, one distribution", rng.normal(size=15), rng.normal(size=22), "exact"),
        ks_case("equal sizes, shifted", rng.normal(size=30), rng.normal(0.5, 1, size=30), "exact"),
        ks_case("300 against 200", rng.normal(size=300), rng.normal(0.1, 1, size=200), "exact"),
        ks_case("tiny probability", rng.normal(size=200), rng.normal(1.0, 1, size=150), "exact"),
        ks_case("sizes with a common divisor", rng.random(60), rng.random(84) ** 1.3, "exact"),
        ks_case(
            "large samples",
            np.round(rng.normal(size=6000), 3),
            np.round(rng.normal(0.02, 1, size=5000), 3),
            "asymp",
        ),
    ]


def multiclass_case():
    count, classes = 120, 4
    truth = rng.integers(0, classes, count)
    logits = rng.normal(size=(count, classes))
    logits[np.arange(count), truth] += 1.0
    logits[:, 3] -= 3.0  # class 3 is almost never predicted: zero_division matters
    outputs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    outputs = outputs.astype(np.float32).astype(np.float64)
    predicted = outputs.argmax(axis=1)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=list(range(classes)), zero_division=0
    )
    averages = {}
    for average in ["macro", "weighted"]:
        p, r, f, _ = precision_recall_fscore_support(
            truth, predicted, labels=list(range(classes)), average=average, zero_division=0
        )
        averages[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}
    return {
        "classes": classes,
        "outputs": as_list(outputs.ravel()),
        "truth": truth.tolist(),
        "accuracy": float(accuracy_score(truth, predicted)),
        "confusion": confusion_matrix(truth, predicted, labels=list(range(classes))).tolist(),
        "precision": as_list(precision),
        "recall": as_list(recall),
        "f1": as_list(f1),
        "support": support.tolist(),
        "averages": averages,
        "oneVsRestAuc": [
            float(roc_auc_score((truth == k).astype(int), outputs[:, k])) for k in range(classes)
        ],
    }


def multilabel_case():
    count, labels = 50, 3
    truth = (rng.random((count, labels)) < [0.3, 0.5, 0.7]).astype(np.int64)
    outputs = 1 / (1 + np.exp(-(rng.normal(size=(count, labels)) + 1.5 * (truth - 0.5))))
    outputs = outputs.astype(np.float32).astype(np.float64)
    predicted = (outputs > 0.5).astype(np.int64)
    return {
        "labels": labels,
        "outputs": as_list(outputs.ravel()),
        "truth": truth.ravel().tolist(),
        "subsetAccuracy": float(accuracy_score(truth, predicted)),
        "labelAccuracy": float(1 - hamming_loss(truth, predicted)),
        "perLabelAccuracy": [float(accuracy_score(truth[:, k], predicted[:, k])) for k in range(labels)],
        "perLabelAuc": [float(roc_auc_score(truth[:, k], outputs[:, k])) for k in range(labels)],
    }


def regression_case():
    actual = float32(rng.normal(size=80))
    predicted = float32(actual + 0.3 * rng.normal(size=80))
    return {
        "actual": as_list(actual),
        "predicted": as_list(predicted),
        "mse": float(mean_squared_error(actual, predicted)),
        "mae": float(mean_absolute_error(actual, predicted)),
        "r2": float(r2_score(actual, predicted)),
    }


fixtures = {
    "generator": f"scripts/sklearn-report-fixtures.py (scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, numpy {np.__version__})",
    "binary": binary_cases(),
    "kolmogorovSmirnov": ks_cases(),
    "multiclass": multiclass_case(),
    "multilabel": multilabel_case(),
    "regression": regression_case(),
}

out = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "sklearn-report.json")
with open(out, "w") as f:
    json.dump(fixtures, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {os.path.normpath(out)}")
