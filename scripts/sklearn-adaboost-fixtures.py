"""Writes the AdaBoost SAMME fixtures the runtime's boosting tests read (no Python in the test run).

Takes nothing; writes packages/runtime/test/boost/fixtures/adaboost-samme.json: per case the labels,
every weak learner's predictions on the training set (recorded by a wrapper estimator, the refused
ones included), and scikit-learn's AdaBoostClassifier(algorithm='SAMME') bookkeeping (estimator
errors, weights, fitted count, final predictions), checked here against an independent numpy SAMME.
Run: /usr/bin/python3 scripts/sklearn-adaboost-fixtures.py, then
`corepack pnpm exec prettier --write packages/runtime/test/boost/fixtures/` (the repository's style check).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_blobs, make_moons
from sklearn.ensemble import AdaBoostClassifier
from sklearn.linear_model import Perceptron
from sklearn.tree import DecisionTreeClassifier

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'packages', 'runtime', 'test',
                   'boost', 'fixtures', 'adaboost-samme.json')
FITS = []  # every weak learner's predictions on the training set, in fit order


class Recording(BaseEstimator, ClassifierMixin):
    """Fits `inner` with the sample weights AdaBoost gives, and records its training predictions."""

    def __init__(self, inner=None):
        self.inner = inner

    def fit(self, X, y, sample_weight=None):
        self.model_ = clone(self.inner).fit(X, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        FITS.append({'predictions': self.model_.predict(X).tolist(),
                     'weights': (sample_weight / sample_weight.sum()).tolist()})
        return self

    def predict(self, X):
        return self.model_.predict(X)


def samme(labels, fits, classes, rounds, learning_rate=1.0):
    """Independent SAMME from the formulas: ε, α, weights; stops where SAMME must."""
    w = np.full(len(labels), 1 / len(labels))
    errors, alphas, kept = [], [], []
    for t, fit in enumerate(fits[:rounds]):
        h = np.asarray(fit['predictions'])
        eps = float(w[h != labels].sum() / w.sum())
        errors.append(eps)
        if eps <= 0:
            alphas.append(1.0)  # scikit-learn's weight for a perfect learner
            kept.append(h)
            break
        if eps >= 1 - 1 / classes:
            break
        alpha = float(learning_rate * (np.log((1 - eps) / eps) + np.log(classes - 1)))
        alphas.append(alpha)
        kept.append(h)
        w = w * np.exp(alpha * (h != labels))
        w = w / w.sum()
    scores = np.zeros((len(labels), classes))
    for h, a in zip(kept, alphas):
        scores[np.arange(len(labels)), h] += a
    final = scores.argmax(axis=1)  # ties to the lower class, like sklearn's binary decision
    return errors, alphas, final


def case(name, X, y, inner, rounds, stops_early, learning_rate=1.0):
    FITS.clear()
    booster = AdaBoostClassifier(Recording(inner), n_estimators=rounds, algorithm='SAMME',
                                 learning_rate=learning_rate, random_state=0).fit(X, y)
    classes = len(np.unique(y))
    fitted = len(booster.estimators_)
    errors, alphas, final = samme(y, FITS, classes, rounds, learning_rate)
    assert (fitted < rounds) == stops_early, (name, fitted)
    np.testing.assert_allclose(alphas, booster.estimator_weights_[:len(alphas)], rtol=1e-10)
    np.testing.assert_allclose(errors[:fitted], booster.estimator_errors_[:fitted], rtol=1e-10)
    assert (booster.estimator_weights_[len(alphas):] == 0).all()  # sklearn pads with zeros
    assert (final == booster.predict(X)).all(), name
    # The weights each learner was trained on (sklearn's, clipped at float64 eps) against ours.
    w = np.full(len(y), 1 / len(y))
    for fit, alpha in zip(FITS, alphas):
        np.testing.assert_allclose(fit['weights'], w, rtol=1e-9, atol=1e-15)
        h = np.asarray(fit['predictions'])
        w = w * np.exp(alpha * (h != y))
        w = w / w.sum()
    return {
        'name': name,
        'classes': classes,
        'rounds': rounds,
        'learning_rate': learning_rate,
        'labels': y.tolist(),
        'fits': FITS.copy(),
        'sklearn': {
            'version': sklearn.__version__,
            'fitted': fitted,
            'estimator_errors': booster.estimator_errors_.tolist(),
            'estimator_weights': booster.estimator_weights_.tolist(),
            'predict': booster.predict(X).tolist(),
            'staged_predict': [p.tolist() for p in booster.staged_predict(X)],
        },
    }


def main():
    stump = DecisionTreeClassifier(max_depth=1, random_state=0)
    X3, y3 = make_blobs(n_samples=90, centers=3, cluster_std=2.5, random_state=3)
    Xm, ym = make_moons(n_samples=100, noise=0.2, random_state=1)
    cases = [
        case('stumps, three blobs', X3, y3, stump, 12, False),
        case('stumps, two moons', Xm, ym, stump, 10, False),
        case('stumps, three blobs, learning_rate 0.5', X3, y3, stump, 8, False, 0.5),
        case('perceptrons, two moons (sklearn stops early)', Xm, ym,
             Perceptron(max_iter=5, tol=None, random_state=0), 50, True),
    ]
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/sklearn-adaboost-fixtures.py', 'cases': cases}, f)
    for c in cases:
        print(c['name'], 'fitted', c['sklearn']['fitted'], 'of', c['rounds'])


main()
