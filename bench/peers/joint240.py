"""Writes the 240-point joint data set of the --compare timing in docs/performance.md (12 N x 20 D, Epoch AI's refit,
2% golden-ratio "noise" as bench/Sweep.Benchmarks/Fitting/FittingData.cs): python3 joint240.py > joint240.csv"""
import math

p = [1.8172, 482.01, 2085.43, 0.3478, 0.3658]
print("params,tokens,loss")
k = 0
for i in range(12):
    for j in range(20):
        nn = 10 ** (7.5 + 3.0 * i / 11)
        dd = 10 ** (9 + 3.0 * j / 19)
        loss = p[0] + p[1] / nn ** p[3] + p[2] / dd ** p[4]
        k += 1
        u = k * 0.6180339887498949 % 1.0
        print(f"{nn!r},{dd!r},{loss * math.exp(0.02 * math.sqrt(12) * (u - 0.5))!r}")
