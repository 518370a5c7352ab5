#!/bin/bash
# One call on a lent GPU machine (no .NET SDK, no network): the CUDA tests, then Sweep's CUDA backend side by side
# with PyTorch on CUDA, then a whole study and a fit on `cuda` against `cpu`. Prepare here with bench/gpu/pack.sh;
# run there with the device tool: carry [".device"], command: bash bench/gpu/device-run.sh [PART ...]
# PARTs: tests (the CUDA/OpenCL kernel suites and the runtime tests), integration (every example study, on cuda through
# auto), bench (Sweep's cuda backend against PyTorch on CUDA; RUNS=3 timed runs each), study (a whole study and a fit
# on cuda and on cpu), fitbench (BenchmarkDotNet's GpuFitBenchmarks); none: tests bench study.
# Every log goes to $OUT (at most 8 files, the most a device call brings back); the last lines printed are a summary.
set -u
parts=" ${*:-tests bench study} "; runs=${RUNS:-3}
has() { [[ "$parts" == *" $1 "* ]]; }
out=${OUT:-/tmp/sweep-gpu-out}; mkdir -p "$out"
here=$(cd "$(dirname "$0")/../.." && pwd)
apps=/tmp/sweep-apps
mkdir -p "$apps" /tmp/dotnet
[ -x /tmp/dotnet/dotnet ] || tar -C /tmp/dotnet -xJf "$here/.device/runtime.tar.xz"
tar -C "$apps" -xJf "$here/.device/apps.tar.xz"
export DOTNET_ROOT=/tmp/dotnet PATH=/tmp/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PYTHONUNBUFFERED=1
# For an image with only libcuda.so.1 (the H200 image here has libcuda.so as well), give the loader the plain name too.
if ! ldconfig -p | grep -q 'libcuda\.so '; then
  one=$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')
  [ -n "$one" ] || one=$(find / -name 'libcuda.so.1' 2>/dev/null | head -1)
  if [ -n "$one" ]; then mkdir -p /tmp/cudalib && ln -sf "$one" /tmp/cudalib/libcuda.so && export LD_LIBRARY_PATH=/tmp/cudalib:${LD_LIBRARY_PATH-}; fi
fi
app() { local name=$1; shift; dotnet "$apps/$name/$name.dll" "$@"; }
{ date -u; nvidia-smi; nproc; grep -m1 'model name' /proc/cpuinfo; ldconfig -p | grep -i libcuda; echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH-}"; } > "$out/machine.txt" 2>&1
head -20 "$out/machine.txt"
app ScalingLaws devices 2>&1 | tee -a "$out/machine.txt"

# 1. Correctness: the CUDA and OpenCL kernel parity suites and the fit objective's device-vs-host sums, and every
#    runtime test with a GPU present (auto now picks cuda), side by side.
if has tests; then
  (cd /tmp && timeout 200 dotnet "$apps/Sweep.Kernels.Tests/Sweep.Kernels.Tests.dll" -noColor \
    -class Sweep.Kernels.Tests.CudaKernelTests -class Sweep.Kernels.Tests.OpenClKernelTests -class Sweep.Kernels.Tests.FitObjectiveKernelTests \
    -class Sweep.Kernels.Tests.BackendTests -class Sweep.Kernels.Tests.GpuCodeGenerationTests > "$out/kernels-tests.log" 2>&1; echo "rc=$?" >> "$out/kernels-tests.log") &
  (cd /tmp && timeout 200 dotnet "$apps/Sweep.Runtime.Tests/Sweep.Runtime.Tests.dll" -noColor -reporter verbose > "$out/runtime-tests.log" 2>&1; echo "rc=$?" >> "$out/runtime-tests.log") &
  wait
  if grep -q '^rc=139' "$out/runtime-tests.log"; then
    # Isolate the OpenCL runtime: the same run with no OpenCL driver visible.
    (cd /tmp && OCL_ICD_VENDORS=/nonexistent timeout 150 dotnet "$apps/Sweep.Runtime.Tests/Sweep.Runtime.Tests.dll" -noColor > "$out/runtime-tests-no-opencl.log" 2>&1; echo "rc=$?" >> "$out/runtime-tests-no-opencl.log")
  fi
  grep -hE "\[FAIL\]|Total:|^rc=" "$out"/*tests*.log | head -40
  grep -hB1 -A3 "\[FAIL\]" "$out"/*tests*.log | grep -vE "^\s+at |Stack Trace" | head -60
fi

if has integration; then
  (cd /tmp && timeout 150 dotnet "$apps/Sweep.IntegrationTests/Sweep.IntegrationTests.dll" -noColor -reporter verbose > "$out/integration-tests.log" 2>&1; echo "rc=$?" >> "$out/integration-tests.log")
  grep -hE "\[FAIL\]|Total:|^rc=" "$out/integration-tests.log" | head -20
  grep -hA3 "\[FAIL\]" "$out/integration-tests.log" | grep -vE "^\s+at |Stack Trace" | head -40
fi

if has fitbench; then
  (cd /tmp && timeout 130 dotnet "$apps/Sweep.Benchmarks/Sweep.Benchmarks.dll" --filter '*GpuFit*' > "$out/gpufit-benchmarks.log" 2>&1; echo "rc=$?" >> "$out/gpufit-benchmarks.log")
  grep -hE "^\||objective|no CUDA|^rc=" "$out/gpufit-benchmarks.log" | tail -20
fi

# 2. Speed, interleaved: Sweep's cuda backend, then PyTorch on CUDA, each task.
has bench && {
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader) host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) nproc=$(nproc)"
  timeout 100 dotnet "$apps/Sweep.SideBySide/Sweep.SideBySide.dll" --backend cuda gemm 1 "$runs"
  timeout 60 python3 "$here/bench/peers/gpu_torch.py" gemm "$runs"
  timeout 60 dotnet "$apps/Sweep.SideBySide/Sweep.SideBySide.dll" --backend cuda mlp 1 "$runs" 64 256 1024
  timeout 80 python3 "$here/bench/peers/gpu_torch.py" mlp "$runs" 64 256 1024
  timeout 40 dotnet "$apps/Sweep.SideBySide/Sweep.SideBySide.dll" --backend cuda batched 1 "$runs" 16 64
  timeout 40 python3 "$here/bench/peers/gpu_torch.py" ensemble "$runs" 16 64
} > "$out/sidebyside-gpu.log" 2>&1
has bench && grep -hE "^RESULT|# h=|failed" "$out/sidebyside-gpu.log"

# 3. A whole study on cuda and on cpu (all of this machine's cores), and the 4,500-start Chinchilla fit on each.
has study || exit 0
python3 - > /tmp/chinchilla300.csv <<'PY'
import math
p = [1.8172, 482.01, 2085.43, 0.3478, 0.3658]; k = 0
print("params,tokens,loss")
for i in range(20):
    for j in range(15):
        n = 10 ** (7.5 + 3.0 * i / 19); d = 10 ** (9 + 3.0 * j / 14)
        loss = p[0] + p[1] / n ** p[3] + p[2] / d ** p[4]
        k += 1; u = k * 0.6180339887498949 % 1.0
        print(f"{n!r},{d!r},{loss * math.exp(0.02 * math.sqrt(12) * (u - 0.5))!r}")
PY
{
  for b in cuda cpu; do
    s=$(date +%s%N); timeout 120 dotnet "$apps/ScalingLaws/ScalingLaws.dll" run scaling-laws --backend $b --out /tmp/sl-$b --no-report > /tmp/scaling-laws-$b.log 2>&1
    echo "scaling-laws --backend $b: rc=$? $(( ($(date +%s%N) - s) / 1000000 )) ms"
  done
  for b in cuda cpu; do
    s=$(date +%s%N); timeout 60 dotnet "$apps/ScalingLaws/ScalingLaws.dll" fit --data /tmp/chinchilla300.csv --law chinchilla --n params --d tokens --loss loss --backend $b > /tmp/fit-$b.log 2>&1
    echo "fit chinchilla-300 --backend $b: rc=$? $(( ($(date +%s%N) - s) / 1000000 )) ms"
  done
} 2>&1 | tee "$out/study.log"
for f in /tmp/scaling-laws-cuda.log /tmp/scaling-laws-cpu.log /tmp/fit-cuda.log /tmp/fit-cpu.log; do echo "=== $f"; cat "$f"; done >> "$out/study.log"
diff /tmp/fit-cpu.log /tmp/fit-cuda.log
tail -3 /tmp/scaling-laws-cuda.log
