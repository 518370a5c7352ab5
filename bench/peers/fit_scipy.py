#!/usr/bin/env python3
"""The scipy peer of bench/Sweep.Benchmarks/Fitting/ChinchillaFitBenchmarks.cs.

Same data (FittingData.Chinchilla300: 300 points built by pure IEEE arithmetic), same objective (Huber, delta = 1e-3,
on log-loss residuals, summed; parameters e, a, b, alpha, beta in log space; analytic gradient), same 4,500-start
grid in the same order, scipy.optimize.minimize(method="L-BFGS-B") from every start, the best final objective wins.

Run: /usr/bin/python3 bench/peers/fit_scipy.py [--repeats R] [--tight]
  default tolerances: scipy's own (what Hoffmann et al.'s and Epoch AI's scripts use)
  --tight: ftol=1e-16, gtol=1e-10, maxiter=1000, comparable to Sweep's LbfgsOptions.Default
Prints one JSON object per repeat: wall seconds, best objective, parameters, iterations.
(Debian: apt-get install python3-numpy python3-scipy; single-threaded by nature: 300-element numpy ops do not fan out.)
"""
import argparse
import json
import math
import time

import numpy as np
from scipy.optimize import minimize

DELTA = 1e-3
EPOCH = (1.8172, 482.01, 2085.43, 0.3478, 0.3658)


def chinchilla300():
    p = EPOCH
    n, d, l = [], [], []
    k = 0
    for i in range(20):
        for j in range(15):
            nn = 10 ** (7.5 + 3.0 * i / 19)
            dd = 10 ** (9 + 3.0 * j / 14)
            loss = p[0] + p[1] / nn ** p[3] + p[2] / dd ** p[4]
            k += 1
            u = (k * 0.6180339887498949) % 1.0
            n.append(nn)
            d.append(dd)
            l.append(loss * math.exp(0.02 * math.sqrt(12) * (u - 0.5)))
    return np.log(n), np.log(d), np.log(l)


def hoffmann_grid():
    # Order (e, a, b, alpha, beta), last axis fastest: StartGrid.Hoffmann.
    es = np.arange(-1, 1.0001, 0.5)
    ab = np.arange(0, 25.0001, 5)
    al = np.arange(0, 2.0001, 0.5)
    return [np.array([e, a, b, x, y]) for e in es for a in ab for b in ab for x in al for y in al]


def objective(theta, ln, ld, ll):
    e, a, b, alpha, beta = theta
    t1 = a - alpha * ln
    t2 = b - beta * ld
    m = np.maximum(np.maximum(t1, t2), e)
    e1 = np.exp(t1 - m)
    e2 = np.exp(t2 - m)
    e0 = np.exp(e - m)
    s = e0 + e1 + e2
    r = m + np.log(s) - ll
    psi = np.clip(r, -DELTA, DELTA)
    f = np.sum(psi * (r - 0.5 * psi))
    q = psi / s
    g = np.array([
        np.dot(q, e0),
        np.dot(q, e1),
        np.dot(q, e2),
        -np.dot(q * e1, ln),
        -np.dot(q * e2, ld),
    ])
    return f, g


def fit(ln, ld, ll, tight):
    options = {"ftol": 1e-16, "gtol": 1e-10, "maxiter": 1000} if tight else {}
    best = None
    iterations = []
    for x0 in hoffmann_grid():
        res = minimize(objective, x0, args=(ln, ld, ll), jac=True, method="L-BFGS-B", options=options)
        iterations.append(res.nit)
        if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
            best = res
    return best, iterations


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--tight", action="store_true")
    args = parser.parse_args()
    ln, ld, ll = chinchilla300()
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        best, iterations = fit(ln, ld, ll, args.tight)
        seconds = time.perf_counter() - t0
        x = best.x
        print(json.dumps({
            "peer": "scipy-lbfgsb" + ("-tight" if args.tight else "-defaults"),
            "seconds": seconds,
            "best_objective": best.fun,
            "params": {"E": math.exp(x[0]), "A": math.exp(x[1]), "B": math.exp(x[2]), "alpha": x[3], "beta": x[4]},
            "median_iterations": float(np.median(iterations)),
            "starts": len(iterations),
        }), flush=True)


if __name__ == "__main__":
    main()
