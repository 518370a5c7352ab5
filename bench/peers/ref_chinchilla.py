#!/usr/bin/env python3
"""Reference numbers for tests/Sweep.Runtime.Tests/Analysis/HoffmannFitTests.cs.

Run: /usr/bin/python3 bench/peers/ref_chinchilla.py   (Debian: apt-get install python3-numpy python3-scipy)

Builds the same deterministic data as Synthetic.Chinchilla(Synthetic.Epoch, 12, 10, 0.01) in the tests (golden-ratio
"noise", pure IEEE arithmetic), then minimises Hoffmann et al.'s objective (Huber, delta = 1e-3, on log-loss residuals,
summed; log-space parameters e, a, b, alpha, beta) with scipy's L-BFGS-B at its default tolerances, starting exactly at
Hoffmann's published parameters. It prints how many iterations scipy takes and where it stops.
"""
import math

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp

EPOCH = (1.8172, 482.01, 2085.43, 0.3478, 0.3658)
HOFFMANN = (1.69, 406.4, 410.7, 0.34, 0.28)
DELTA = 1e-3


def quasi_noise(k):
    u = (k * 0.6180339887498949) % 1.0
    return math.sqrt(12) * (u - 0.5)


def chinchilla_data(p, n_count, d_count, sigma):
    n, d, l = [], [], []
    k = 0
    for i in range(n_count):
        for j in range(d_count):
            nn = 10 ** (7.5 + 3.0 * i / (n_count - 1))
            dd = 10 ** (9 + 3.0 * j / (d_count - 1))
            loss = p[0] + p[1] / nn ** p[3] + p[2] / dd ** p[4]
            k += 1
            n.append(nn)
            d.append(dd)
            l.append(loss * math.exp(sigma * quasi_noise(k)))
    return np.log(n), np.log(d), np.log(l)


def objective(theta, ln, ld, ll):
    e, a, b, alpha, beta = theta
    t = np.stack([a - alpha * ln, b - beta * ld, np.full_like(ln, e)])
    pred = logsumexp(t, axis=0)
    r = pred - ll
    psi = np.clip(r, -DELTA, DELTA)
    f = np.sum(psi * (r - 0.5 * psi))
    w = np.exp(t - pred)  # softmax weights
    g = np.array([
        np.sum(psi * w[2]),
        np.sum(psi * w[0]),
        np.sum(psi * w[1]),
        -np.sum(psi * w[0] * ln),
        -np.sum(psi * w[1] * ld),
    ])
    return f, g


def main():
    ln, ld, ll = chinchilla_data(EPOCH, 12, 10, 0.01)
    h = HOFFMANN
    x0 = np.array([math.log(h[0]), math.log(h[1]), math.log(h[2]), h[3], h[4]])
    f0, g0 = objective(x0, ln, ld, ll)
    res = minimize(objective, x0, args=(ln, ld, ll), jac=True, method="L-BFGS-B")
    x = res.x
    print(f"start objective {f0:.10g}, max|grad| {np.max(np.abs(g0)):.4g}")
    print(f"scipy L-BFGS-B (defaults): nit={res.nit} nfev={res.nfev} status={res.status} message={res.message}")
    print(f"  final objective {res.fun:.10g}")
    print(f"  E={math.exp(x[0]):.5g} A={math.exp(x[1]):.5g} B={math.exp(x[2]):.5g} alpha={x[3]:.5g} beta={x[4]:.5g}")

    # The data optimum, for comparison: start at the generating parameters with tolerances tightened to the limit.
    p = EPOCH
    x1 = np.array([math.log(p[0]), math.log(p[1]), math.log(p[2]), p[3], p[4]])
    opt = minimize(objective, x1, args=(ln, ld, ll), jac=True, method="L-BFGS-B",
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000, "maxcor": 10})
    x = opt.x
    print(f"scipy L-BFGS-B (tight) from the generating parameters: nit={opt.nit} objective {opt.fun:.12g}")
    print(f"  E={math.exp(x[0]):.6g} A={math.exp(x[1]):.6g} B={math.exp(x[2]):.6g} alpha={x[3]:.6g} beta={x[4]:.6g}")


if __name__ == "__main__":
    main()
