"""Multinomial logistic regression on soft targets (a teacher's probabilities), the objective scikit-learn uses.

scikit-learn's LogisticRegression takes one label per row; spreading a soft target over rows per class
would multiply a 100k-row problem sixfold. Minimises C * sum_i sum_c w_ic * -log p_ic + |W|^2 / 2 (the
intercept not penalised), with w = target * class weight, by L-BFGS on the sparse matrix directly.
"""

from __future__ import annotations

import numpy as np
import scipy.optimize
import scipy.sparse as sp


def fit_soft(x: sp.csr_matrix, weights: np.ndarray, *, c: float, max_iter: int = 3000, tol: float = 1e-6,
             start: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (classes x features) and intercepts for rows x with per-class target weights (rows x classes).

    start, the same shapes as the result, warm-starts the search (a refit on fewer features converges fast).
    """
    n_features, n_classes = x.shape[1], weights.shape[1]
    xt = x.T.tocsr()
    row_total = weights.sum(axis=1)

    def loss_and_grad(flat: np.ndarray) -> tuple[float, np.ndarray]:
        coef = flat[: n_features * n_classes].reshape(n_features, n_classes)
        bias = flat[n_features * n_classes:]
        z = x @ coef + bias
        z -= z.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(z).sum(axis=1, keepdims=True))
        log_p = z - log_norm
        loss = -c * float((weights * log_p).sum()) + 0.5 * float((coef * coef).sum())
        residual = c * (np.exp(log_p) * row_total[:, None] - weights)
        grad = np.concatenate([(xt @ residual + coef).ravel(), residual.sum(axis=0)])
        return loss, grad

    first = np.zeros(n_features * n_classes + n_classes) if start is None else \
        np.concatenate([start[0].T.ravel(), start[1]])
    result = scipy.optimize.minimize(loss_and_grad, first, jac=True, method="L-BFGS-B",
                                     options={"maxiter": max_iter, "gtol": tol})
    coef = result.x[: n_features * n_classes].reshape(n_features, n_classes).T
    return coef, result.x[n_features * n_classes:]
