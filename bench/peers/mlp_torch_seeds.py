"""A sweep of SEEDS models (32 -> 64 -> 1 ReLU MLP, MSE, Adam, batch 256, fp32), trained one after another with
PyTorch CPU, each on its own data drawn from its seed: what a researcher would otherwise run for the seeds axis.
Prints the total throughput (samples/s over all models, model construction included).
Usage: python3 mlp_torch_seeds.py THREADS [RUNS] [SEEDS] [h]   (set BLAS via run_py.sh)"""
import sys, time, statistics, os
import torch
threads = int(sys.argv[1]); runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 16
h = int(sys.argv[4]) if len(sys.argv) > 4 else 64
torch.set_num_threads(threads)
tag = os.environ.get("BLAS_TAG", "openblas" if "openblas" in open("/proc/self/maps").read() else "netlib")
D, B, NB = 32, 256, 64
data = []
for s in range(seeds):
    g = torch.Generator().manual_seed(1000 + s)
    X = torch.randn(NB * B, D, generator=g)
    with torch.no_grad():
        tw1 = torch.randn(D, 16, generator=g) / D ** 0.5; tw2 = torch.randn(16, 1, generator=g) / 4
        Y = torch.tanh(X @ tw1) @ tw2
    data.append(([X[i * B:(i + 1) * B].contiguous() for i in range(NB)], [Y[i * B:(i + 1) * B].contiguous() for i in range(NB)]))
lossf = torch.nn.MSELoss()

def sweep(steps):
    for s in range(seeds):
        torch.manual_seed(s)
        model = torch.nn.Sequential(torch.nn.Linear(D, h), torch.nn.ReLU(), torch.nn.Linear(h, 1))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        xb, yb = data[s]
        for i in range(steps):
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xb[i % NB]), yb[i % NB])
            loss.backward()
            opt.step()
    return loss.item()

sweep(20)
t0 = time.perf_counter(); sweep(50); dt = (time.perf_counter() - t0) / (50 * seeds)
steps = max(50, int(2.0 / (dt * seeds)))
rates = []
for r in range(runs):
    t0 = time.perf_counter(); last = sweep(steps); el = time.perf_counter() - t0
    rates.append(seeds * steps * B / el)
print(f"RESULT\tmlp_torch_{tag}_seeds{seeds}_sequential_{threads}t_h{h}_samples_per_s\t{statistics.median(rates):.0f}\t{min(rates):.0f}\t{max(rates):.0f}\t{runs}\tsamples/s")
print(f"# {seeds} models x {steps} steps each per run, last loss {last:.5f}")
sys.stdout.flush()
