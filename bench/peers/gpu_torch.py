"""PyTorch on CUDA, the peer of `Sweep.SideBySide --backend cuda`: the same three tasks, timed with CUDA events.
  gemm RUNS            SGEMM GFLOP/s, n = 64…4096, C = A·B, fp32 (TF32 off: the FP32 units, as ILGPU's kernels use;
                       a second line per size with TF32 on, PyTorch's fastest float32 product, for reference)
  mlp RUNS [h …]       32→h→1 ReLU MLP, MSE, Adam, batch 256: eager with fused Adam, and the whole step captured in a
                       CUDA graph (capturable Adam), PyTorch's best configuration for many tiny steps
  ensemble RUNS S h    S such models as one batched ensemble (stacked weights, torch.baddbmm, one fused Adam), eager
                       and as a CUDA graph: PyTorch's best configuration for a seeds axis
Every line of interest reads `RESULT <name> <median> <min> <max> <runs> <unit>`, as the CPU peers print."""
import statistics
import sys

import torch

mode, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
dev = torch.device("cuda")
D, B, NB = 32, 256, 64
print(f"# torch {torch.__version__} on {torch.cuda.get_device_name(0)}", file=sys.stderr)


def report(name, values, unit, fmt=".2f"):
    print(f"RESULT\t{name}\t{statistics.median(values):{fmt}}\t{min(values):{fmt}}\t{max(values):{fmt}}\t{len(values)}\t{unit}")
    sys.stdout.flush()


def timed(fn, seconds, runs, units_per_call):
    """Calibrates repetitions to about `seconds` per run, warms up, then returns units per second for each run."""
    fn(); torch.cuda.synchronize()
    start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record(); probe = 0
    while True:
        fn(); probe += 1
        stop.record(); stop.synchronize()
        if probe >= 3 and start.elapsed_time(stop) > 50:
            break
    per_call = start.elapsed_time(stop) / 1e3 / probe
    reps = max(10, int(seconds / per_call))
    for _ in range(reps):
        fn()
    rates = []
    for _ in range(runs):
        start.record()
        for _ in range(reps):
            fn()
        stop.record(); stop.synchronize()
        rates.append(reps * units_per_call / (start.elapsed_time(stop) / 1e3))
    return rates


def teacher_data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(NB * B, D, generator=g)
    w1 = torch.randn(D, 16, generator=g) / D ** 0.5
    w2 = torch.randn(16, 1, generator=g) / 4
    return x, torch.tanh(x @ w1) @ w2


def graphed(step, warmup=3):
    """Captures one call of `step` (which must read and write only static tensors) and returns its replay."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(warmup):
            step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step()
    return graph.replay


def guarded(what, fn, *args):
    """Runs one variant; a failure (a capture this torch refuses, say) is one line, and the next variant still runs."""
    try:
        fn(*args)
    except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"# {what} failed: {error!r}")


def train_timed(body, graph, xs, ys, X, Y, samples_per_step):
    """Times training steps: batch i % NB of X and Y copied into the static inputs xs and ys, then `body` (one step
    that reads only those), eager or replayed as a captured CUDA graph. Returns samples per second for each run."""
    replay = graphed(body) if graph else body
    batch = [0]

    def step():
        i = batch[0] % NB; batch[0] += 1
        xs.copy_(X[i]); ys.copy_(Y[i])
        replay()

    return timed(step, 1.5, runs, samples_per_step)


def gemm():
    for n in [64, 128, 256, 512, 1024, 2048, 4096]:
        a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
        c = torch.empty(n, n, device=dev)
        for tf32 in (False, True):
            torch.backends.cuda.matmul.allow_tf32 = tf32
            rates = timed(lambda: torch.mm(a, b, out=c), 0.3, runs, 2.0 * n ** 3 / 1e9)
            report(f"sgemm_torch_cuda{'_tf32' if tf32 else ''}_n{n}", rates, "GFLOP/s")
    torch.backends.cuda.matmul.allow_tf32 = False


def mlp(hs):
    x, y = teacher_data(0)
    xb, yb = x.view(NB, B, D).to(dev), y.view(NB, B, 1).to(dev)
    for h in hs:
        for graph in (False, True):
            guarded(f"mlp h={h} graph={graph}", mlp_variant, xb, yb, h, graph)


def mlp_variant(xb, yb, h, graph):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(D, h), torch.nn.ReLU(), torch.nn.Linear(h, 1)).to(dev)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, fused=True, capturable=graph)
    xs, ys = torch.empty(B, D, device=dev), torch.empty(B, 1, device=dev)
    state = {"loss": None}

    def body():
        opt.zero_grad(set_to_none=False)
        loss = torch.nn.functional.mse_loss(model(xs), ys)
        loss.backward()
        opt.step()
        state["loss"] = loss

    rates = train_timed(body, graph, xs, ys, xb, yb, B)
    name = f"mlp_torch_cuda{'_graph' if graph else ''}_h{h}"
    report(f"{name}_samples_per_s", rates, "samples/s", ".0f")
    report(f"{name}_gflops_6N", [r * 6 * params / 1e9 for r in rates], "GFLOP/s")
    print(f"# h={h} params={params} us/step={B / statistics.median(rates) * 1e6:.1f} last loss {state['loss'].item():.5f}")


def ensemble(seeds, h):
    data = [teacher_data(1000 + s) for s in range(seeds)]
    X = torch.stack([x.view(NB, B, D) for x, _ in data], 1).contiguous().to(dev)  # [NB, S, B, D]
    Y = torch.stack([y.view(NB, B, 1) for _, y in data], 1).contiguous().to(dev)
    for graph in (False, True):
        guarded(f"ensemble graph={graph}", ensemble_variant, X, Y, seeds, h, graph)


def ensemble_variant(X, Y, seeds, h, graph):
    torch.manual_seed(0)
    k1, k2 = 1 / D ** 0.5, 1 / h ** 0.5
    w1 = ((torch.rand(seeds, D, h) * 2 - 1) * k1).to(dev).requires_grad_()
    b1 = ((torch.rand(seeds, 1, h) * 2 - 1) * k1).to(dev).requires_grad_()
    w2 = ((torch.rand(seeds, h, 1) * 2 - 1) * k2).to(dev).requires_grad_()
    b2 = ((torch.rand(seeds, 1, 1) * 2 - 1) * k2).to(dev).requires_grad_()
    opt = torch.optim.Adam([w1, b1, w2, b2], lr=1e-3, fused=True, capturable=graph)
    xs, ys = torch.empty(seeds, B, D, device=dev), torch.empty(seeds, B, 1, device=dev)
    state = {"loss": None}

    def body():
        opt.zero_grad(set_to_none=False)
        hidden = torch.baddbmm(b1, xs, w1).relu_()
        out = torch.baddbmm(b2, hidden, w2)
        loss = ((out - ys) ** 2).mean(dim=(1, 2)).sum()
        loss.backward()
        opt.step()
        state["loss"] = loss

    rates = train_timed(body, graph, xs, ys, X, Y, seeds * B)
    report(f"mlp_torch_cuda{'_graph' if graph else ''}_seeds{seeds}_ensemble_h{h}_samples_per_s", rates, "samples/s", ".0f")
    print(f"# {seeds} models as one bmm ensemble{' (graph)' if graph else ''}, mean last loss {state['loss'].item() / seeds:.5f}")


if mode == "gemm":
    gemm()
elif mode == "mlp":
    mlp([int(h) for h in sys.argv[3:]] or [64, 256, 1024])
elif mode == "ensemble":
    ensemble(int(sys.argv[3]), int(sys.argv[4]))
else:
    sys.exit(f"unknown mode {mode}")
