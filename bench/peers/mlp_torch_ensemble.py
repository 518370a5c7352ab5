"""SEEDS models (32 -> h -> 1 ReLU MLP, MSE, Adam, batch 256, fp32) trained together as one batched ensemble with
PyTorch CPU: stacked weights [S, in, out], torch.baddbmm for every layer, and one Adam over the stacked tensors (Adam
is elementwise, and the loss is the sum of the models' own mean losses, so every model follows exactly the updates it
would get alone). What a PyTorch user who cares about speed runs for a seeds axis, instead of looping over seeds.
Each model has its own data drawn from its seed, as in mlp_torch_seeds.py. Prints the total throughput (samples/s
over all models).
Usage: python3 mlp_torch_ensemble.py THREADS [RUNS] [SEEDS] [h]   (set BLAS via run_py.sh)"""
import sys, time, statistics, os
import torch
threads = int(sys.argv[1]); runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 16
h = int(sys.argv[4]) if len(sys.argv) > 4 else 64
torch.set_num_threads(threads)
tag = os.environ.get("BLAS_TAG", "openblas" if "openblas" in open("/proc/self/maps").read() else "netlib")
D, B, NB = 32, 256, 64
xs, ys = [], []
for s in range(seeds):
    g = torch.Generator().manual_seed(1000 + s)
    X = torch.randn(NB * B, D, generator=g)
    with torch.no_grad():
        tw1 = torch.randn(D, 16, generator=g) / D ** 0.5; tw2 = torch.randn(16, 1, generator=g) / 4
        Y = torch.tanh(X @ tw1) @ tw2
    xs.append(X.view(NB, B, D)); ys.append(Y.view(NB, B, 1))
X = torch.stack(xs, 1).contiguous()  # [NB, S, B, D]: batch i of every model is one contiguous block
Y = torch.stack(ys, 1).contiguous()  # [NB, S, B, 1]

def init():
    torch.manual_seed(0)
    k1, k2 = 1 / D ** 0.5, 1 / h ** 0.5  # nn.Linear's default uniform(-1/sqrt(fan_in), 1/sqrt(fan_in))
    w1 = (torch.rand(seeds, D, h) * 2 - 1) * k1; b1 = (torch.rand(seeds, 1, h) * 2 - 1) * k1
    w2 = (torch.rand(seeds, h, 1) * 2 - 1) * k2; b2 = (torch.rand(seeds, 1, 1) * 2 - 1) * k2
    return [p.requires_grad_() for p in (w1, b1, w2, b2)]

def train(steps):
    w1, b1, w2, b2 = params = init()
    opt = torch.optim.Adam(params, lr=1e-3)
    for i in range(steps):
        xb, yb = X[i % NB], Y[i % NB]
        opt.zero_grad(set_to_none=True)
        hidden = torch.baddbmm(b1, xb, w1).relu_()
        out = torch.baddbmm(b2, hidden, w2)
        loss = ((out - yb) ** 2).mean(dim=(1, 2)).sum()
        loss.backward()
        opt.step()
    return loss.item() / seeds

train(20)
t0 = time.perf_counter(); train(50); dt = (time.perf_counter() - t0) / 50
steps = max(50, int(2.0 / dt))
rates = []
for r in range(runs):
    t0 = time.perf_counter(); last = train(steps); el = time.perf_counter() - t0
    rates.append(seeds * steps * B / el)
print(f"RESULT\tmlp_torch_{tag}_seeds{seeds}_ensemble_{threads}t_h{h}_samples_per_s\t{statistics.median(rates):.0f}\t{min(rates):.0f}\t{max(rates):.0f}\t{runs}\tsamples/s")
print(f"# {seeds} models x {steps} steps per run as one bmm ensemble, mean last loss {last:.5f}")
sys.stdout.flush()
