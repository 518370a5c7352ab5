"""Summarises a sidebyside.sh log: medians over rounds of every RESULT line, and the ratios docs/performance.md
quotes, each computed within a round (Sweep and PyTorch measured minutes apart) and then summarised over rounds.
Usage: python3 summarize.py sidebyside.log [--rounds 1,3] [--peak GFLOPS]
--rounds keeps only the listed rounds (1-based), e.g. to drop a round another process disturbed. Shares of peak use
the FP32 FMA peak measured in the same round (the peak_fma_* lines of `sidebyside peak`, widest vector path the run
used); --peak (per core, GFLOP/s) is only the fallback for a log without them."""
import sys, statistics, collections, argparse
ap = argparse.ArgumentParser(); ap.add_argument("log"); ap.add_argument("--rounds"); ap.add_argument("--peak", type=float)
a = ap.parse_args(); path = a.log; peak = a.peak
rounds = [collections.defaultdict(list)]
for line in open(path):
    if line.startswith("# round"):
        if any(rounds[-1].values()):
            rounds.append(collections.defaultdict(list))
    elif line.startswith("RESULT"):
        _, name, median, *_ = line.rstrip("\n").split("\t")
        rounds[-1][name].append(float(median))
rounds = [r for r in rounds if r]
if a.rounds:
    keep = {int(x) for x in a.rounds.split(",")}
    rounds = [r for i, r in enumerate(rounds, 1) if i in keep]
names = sorted({k for r in rounds for k in r})
print(f"{len(rounds)} rounds\n\n| metric | median over rounds | min–max over rounds |\n|---|---|---|")
for k in names:
    v = [x for r in rounds for x in r.get(k, [])]
    print(f"| {k} | {statistics.median(v):.6g} | {min(v):.6g}–{max(v):.6g} |")

def get(r, k, agg=statistics.median):
    v = r.get(k)
    return agg(v) if v else float("nan")

def measured_peak(r, threads):
    v = [x for k, xs in r.items() if k.startswith("peak_fma_") and k.endswith(f"_{threads}t_gflops") for x in xs]
    if v:
        return statistics.median(v)
    return threads * peak if peak else float("nan")

def peak1(r):
    return measured_peak(r, 1)

def peak2(r):
    return measured_peak(r, 2)

comparisons = []
for t in (1, 2):
    comparisons.append((f"SGEMM 512³, {t} thread{'s' if t > 1 else ''}: Sweep / measured FMA peak", "–",
                        lambda r, t=t: get(r, f"sgemm_sweep_{t}t_n512") / measured_peak(r, t), "%"))
    comparisons.append((f"SGEMM 512³, {t} thread{'s' if t > 1 else ''}: torch-OpenBLAS / measured FMA peak", "–",
                        lambda r, t=t: get(r, f"sgemm_torch_openblas_{t}t_n512") / measured_peak(r, t), "%"))
    for n in (64, 128, 256, 512, 1024):
        comparisons.append((f"SGEMM {n}³, {t} thread{'s' if t > 1 else ''}: Sweep / torch-OpenBLAS", "≥ 1.0× (AVX2), ≥ 0.95× (AVX-512)",
                            lambda r, t=t, n=n: get(r, f"sgemm_sweep_{t}t_n{n}") / get(r, f"sgemm_torch_openblas_{t}t_n{n}"), "×"))
for h, target in {64: 8, 256: 4, 1024: 3}.items():
    def best_torch(r, h=h):
        return max(get(r, f"mlp_torch_openblas_1t_h{h}_samples_per_s"), get(r, f"mlp_torch_openblas-omp_2t_h{h}_samples_per_s"))
    comparisons.append((f"MLP h={h}: Sweep (2 threads) / PyTorch at its best", f"≥ {target}×",
                        lambda r, h=h, b=best_torch: get(r, f"mlp_sweep_2t_h{h}_samples_per_s") / b(r), "×"))
    comparisons.append((f"MLP h={h}: Sweep (2 threads) 6N GFLOP/s / measured 2-thread FMA peak", "≥ 60%" if h >= 256 else "–",
                        lambda r, h=h: get(r, f"mlp_sweep_2t_h{h}_gflops_6N") / peak2(r), "%"))
    comparisons.append((f"MLP h={h}: Sweep (1 thread) 6N GFLOP/s / measured 1-thread FMA peak", "–",
                        lambda r, h=h: get(r, f"mlp_sweep_1t_h{h}_gflops_6N") / peak1(r), "%"))
comparisons.append(("16 seeds, h=64: Sweep batched (2 threads) / 16 sequential PyTorch runs", "≥ 10×",
                    lambda r: get(r, "mlp_sweep_batched16_2t_h64_samples_per_s") / get(r, "mlp_torch_openblas_seeds16_sequential_1t_h64_samples_per_s"), "×"))
comparisons.append(("16 seeds, h=64: Sweep batched / two 1-thread PyTorch processes × 8 runs", "–",
                    lambda r: get(r, "mlp_sweep_batched16_2t_h64_samples_per_s") / get(r, "mlp_torch_openblas_seeds8_sequential_1t_h64_samples_per_s", sum), "×"))
comparisons.append(("16 seeds, h=64: Sweep batched (2 threads) / PyTorch's best ensemble (bmm, 1 or 2 threads)", "≥ 4×",
                    lambda r: get(r, "mlp_sweep_batched16_2t_h64_samples_per_s") / max(get(r, "mlp_torch_openblas_seeds16_ensemble_1t_h64_samples_per_s"),
                                                                                    get(r, "mlp_torch_openblas-omp_seeds16_ensemble_2t_h64_samples_per_s")), "×"))
comparisons.append(("16 seeds, h=64: Sweep batched (1 thread) / PyTorch ensemble (1 thread)", "–",
                    lambda r: get(r, "mlp_sweep_batched16_1t_h64_samples_per_s") / get(r, "mlp_torch_openblas_seeds16_ensemble_1t_h64_samples_per_s"), "×"))
comparisons.append(("16 seeds, h=64: Sweep batched (2 threads) 6N GFLOP/s / measured 2-thread FMA peak", "–",
                    lambda r: get(r, "mlp_sweep_batched16_2t_h64_gflops_6N") / peak2(r), "%"))
comparisons.append(("16 seeds, h=64: Sweep batched per sample / one Sweep model alone (2 threads)", "≥ 1×",
                    lambda r: get(r, "mlp_sweep_batched16_2t_h64_samples_per_s") / get(r, "mlp_sweep_2t_h64_samples_per_s"), "×"))
print("\n| comparison (ratio within each round) | median | min–max over rounds | target |\n|---|---|---|---|")
for label, target, f, unit in comparisons:
    v = [f(r) for r in rounds]
    v = [x for x in v if x == x]
    if not v:
        continue
    fmt = (lambda x: f"{x:.0%}") if unit == "%" else (lambda x: f"{x:.2f}×")
    print(f"| {label} | {fmt(statistics.median(v))} | {fmt(min(v))}–{fmt(max(v))} | {target} |")
