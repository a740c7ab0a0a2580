"""The build's soft-target logistic regression: scikit-learn's objective on hard labels, the teacher's shares on soft."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from tools.soft_logistic import fit_soft

sklearn = pytest.importorskip("sklearn.linear_model", reason="scikit-learn comes with the bench extra")


def _problem(seed: int = 0) -> tuple[sp.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = sp.csr_matrix((rng.random((300, 12)) < 0.3).astype(float))
    truth = rng.normal(size=(12, 3))
    labels = np.asarray((x @ truth + rng.normal(scale=0.5, size=(300, 3))).argmax(axis=1)).ravel()
    return x, labels


def test_hard_labels_match_scikit_learn() -> None:
    x, labels = _problem()
    ours, our_bias = fit_soft(x, np.eye(3)[labels], c=0.5)
    theirs = sklearn.LogisticRegression(C=0.5, max_iter=5000, tol=1e-10).fit(x, labels)
    np.testing.assert_allclose(_centred(x @ ours.T + our_bias), _centred(theirs.decision_function(x)), atol=1e-3)


def _centred(logits: np.ndarray) -> np.ndarray:
    """Softmax logits are defined up to a shared shift per row, so compare them centred."""
    return logits - logits.mean(axis=1, keepdims=True)


def test_soft_targets_are_learned_as_shares() -> None:
    # With no features to tell rows apart, the best model predicts the average target share.
    x = sp.csr_matrix((400, 1))
    shares = np.array([0.6, 0.3, 0.1])
    _, bias = fit_soft(x, np.tile(shares, (400, 1)), c=10.0)
    predicted = np.exp(bias) / np.exp(bias).sum()
    np.testing.assert_allclose(predicted, shares, atol=1e-4)


def test_warm_start_lands_on_the_same_model() -> None:
    x, labels = _problem(1)
    target = np.eye(3)[labels] * 0.8 + 0.2 / 3
    cold = fit_soft(x, target, c=0.3)
    warm = fit_soft(x, target, c=0.3, start=(cold[0] + 0.1, cold[1] - 0.1))
    np.testing.assert_allclose(warm[0], cold[0], atol=1e-3)
