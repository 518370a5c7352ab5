"""Medians over rounds of every RESULT line in a sidebyside.sh log, and the ratios docs/performance.md quotes.
Usage: python3 summarize.py sidebyside.log [PEAK_GFLOPS_PER_CORE=117]"""
import sys, statistics, collections
path = sys.argv[1]; peak = float(sys.argv[2]) if len(sys.argv) > 2 else 117.0
values = collections.defaultdict(list)
for line in open(path):
    if line.startswith("RESULT"):
        _, name, median, *_ = line.rstrip("\n").split("\t")
        values[name].append(float(median))
m = {k: statistics.median(v) for k, v in values.items()}
print("| metric | rounds | median of medians | spread (min–max over rounds) |\n|---|---|---|---|")
for k in sorted(m):
    print(f"| {k} | {len(values[k])} | {m[k]:.6g} | {min(values[k]):.6g}–{max(values[k]):.6g} |")
def ratio(a, b): return m[a] / m[b] if a in m and b in m and m[b] else float("nan")
print("\n| comparison | ratio | target |\n|---|---|---|")
for t in (1, 2):
    print(f"| SGEMM 512³ {t} thread(s): Sweep / torch-OpenBLAS | {ratio(f'sgemm_sweep_{t}t_n512', f'sgemm_torch_openblas_{t}t_n512'):.2f}× | {'≥ 0.95×' if t == 2 else '–'} |")
targets = {64: 8, 256: 4, 1024: 3}
for h, target in targets.items():
    torch_best = max(m.get(f"mlp_torch_openblas_1t_h{h}_samples_per_s", 0), m.get(f"mlp_torch_openblas-omp_2t_h{h}_samples_per_s", 0))
    sweep = m.get(f"mlp_sweep_2t_h{h}_samples_per_s", float("nan"))
    print(f"| MLP h={h}: Sweep 2 threads / PyTorch at its best | {sweep / torch_best:.2f}× | ≥ {target}× |")
    g = m.get(f"mlp_sweep_2t_h{h}_gflops_6N", float("nan"))
    print(f"| MLP h={h}: Sweep 2 threads, 6N GFLOP/s as a share of the 2-core FMA peak ({2 * peak:.0f}) | {g / (2 * peak):.0%} | {'≥ 60%' if h >= 256 else '–'} |")
seq = m.get("mlp_torch_openblas_seeds16_sequential_1t_h64_samples_per_s", float("nan"))
batched = m.get("mlp_sweep_batched16_2t_h64_samples_per_s", float("nan"))
single = m.get("mlp_sweep_2t_h64_samples_per_s", float("nan"))
print(f"| 16 seeds h=64: Sweep batched (2 threads) / 16 sequential PyTorch runs | {batched / seq:.2f}× | ≥ 10× |")
pair = 2 * m.get("mlp_torch_openblas_seeds8_sequential_1t_h64_samples_per_s", float("nan"))
print(f"| 16 seeds h=64: Sweep batched / two 1-thread PyTorch processes of 8 sequential runs each | {batched / pair:.2f}× | – |")
print(f"| 16 seeds h=64: Sweep batched per sample / one Sweep model alone (2 threads) | {batched / single:.2f}× | ≥ 1× |")
