#!/usr/bin/env python3
"""Runs the Chinchilla full-grid fit in Sweep (BenchmarkDotNet) and in scipy (fit_scipy.py) side by side, interleaved.

Run when the machine is quiet (check `uptime`), from the repository root:
  export SWEEP_ARTIFACTS=/tmp/art-bench && dotnet build -c Release bench/Sweep.Benchmarks
  /usr/bin/python3 bench/peers/fit_compare.py --rounds 3 --exe $SWEEP_ARTIFACTS/bin/Sweep.Benchmarks/release/Sweep.Benchmarks

Each round: one BenchmarkDotNet run of ChinchillaFitBenchmarks (its own job: in-process, 1 warm-up + 5 measured
iterations per case), then one scipy fit with default tolerances, then one with tight tolerances. Prints the 1-minute load before
each run, every measurement, and per-case medians with the ratios to Sweep's single-threaded median.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load():
    return os.getloadavg()[0]


def run_bdn(exe, artifacts):
    cmd = [exe, "--filter", "*ChinchillaFit*", "--exporters", "json", "--artifacts", artifacts]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    objectives = [line.strip() for line in out.splitlines() if line.startswith("// best objective")]
    [report] = glob.glob(os.path.join(artifacts, "results", "*ChinchillaFit*-report-full*.json"))
    with open(report) as f:
        data = json.load(f)
    results = {}
    for b in data["Benchmarks"]:
        key = f"sweep {b['Method']} {b['Parameters']}"
        results[key] = [v / 1e9 for v in b["Statistics"]["OriginalValues"]]
    return results, objectives


def run_scipy(tight):
    cmd = [sys.executable, os.path.join(HERE, "fit_scipy.py")] + (["--tight"] if tight else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--exe", required=True)
    args = parser.parse_args()
    times = {}
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory() as artifacts:
            print(f"round {r + 1}: load {load():.2f} -> sweep", flush=True)
            results, objectives = run_bdn(args.exe, artifacts)
            for key, values in results.items():
                times.setdefault(key, []).extend(values)
                print(f"  {key}: " + ", ".join(f"{v:.3f}s" for v in values), flush=True)
            for line in objectives:
                print(f"  {line}", flush=True)
        for tight in (False, True):
            print(f"round {r + 1}: load {load():.2f} -> scipy{' tight' if tight else ''}", flush=True)
            res = run_scipy(tight)
            key = res["peer"]
            times.setdefault(key, []).append(res["seconds"])
            print(f"  {key}: {res['seconds']:.2f}s best {res['best_objective']:.12g} "
                  f"median iterations {res['median_iterations']} params {res['params']}", flush=True)
    base = statistics.median(times["sweep FullGrid Threads=1"])
    print("\nmedians (seconds) and ratio to Sweep FullGrid, 1 thread:")
    for key, values in sorted(times.items()):
        med = statistics.median(values)
        print(f"  {key:40s} {med:9.3f}  x{med / base:7.2f}  (n={len(values)})")


if __name__ == "__main__":
    main()
