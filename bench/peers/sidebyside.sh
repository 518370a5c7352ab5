#!/bin/bash
# sidebyside.sh [ROUNDS] [RUNS] [PARTS]: Sweep and PyTorch, interleaved, ROUNDS times; every line it prints is also in
# sidebyside.log. PARTS is a comma list of gemm, mlp and seeds (all three by default; the peak probe always runs), so a
# comparison the VM's noise blurs can be interleaved over more rounds on its own: sidebyside.sh 8 3 seeds.
# Then: python3 summarize.py sidebyside.log   (medians over rounds and the ratios docs/performance.md quotes)
# Needs: apt-get install -y python3-torch python3-numpy libopenblas0-openmp libopenblas0-pthread, and a .NET 10 SDK.
# Run it on a quiet machine: check `uptime` first, and compare ratios within one log only.
# Vector256 path on an AVX-512 machine: DOTNET_EnableAVX512=0; for OpenBLAS on its AVX2 kernels too, OPENBLAS_CORETYPE=Haswell.
set -e
cd "$(dirname "$0")"
rounds=${1:-3}; runs=${2:-5}; parts=,${3:-gemm,mlp,seeds},
IFS=, read -ra wanted <<< "${parts:1:-1}"
for p in "${wanted[@]}"; do
  case "$p" in gemm|mlp|seeds) ;; *) echo "sidebyside.sh: unknown part '$p' in PARTS (a comma list of gemm, mlp, seeds)" >&2; exit 2;; esac
done
part() { [[ $parts == *,$1,* ]]; }
repo=$(cd ../.. && pwd)
dotnet build -c Release "$repo/bench/Sweep.SideBySide" -v q -nologo > /dev/null
dll=$(find "${SWEEP_ARTIFACTS:-$repo/artifacts}/bin/Sweep.SideBySide" -path '*release*' -name Sweep.SideBySide.dll | head -1)
sweep() { dotnet "$dll" "$@"; }
if [ "${DOTNET_EnableAVX512F-}" = 0 ] && [ -z "${DOTNET_EnableAVX512-}" ]; then
  # .NET 10 no longer reads DOTNET_EnableAVX512F; DOTNET_EnableAVX512 is the switch that selects the Vector256 path.
  echo "# DOTNET_EnableAVX512F=0 is ignored by .NET 10; setting DOTNET_EnableAVX512=0 for the Vector256 path" >&2
  export DOTNET_EnableAVX512=0
fi
if grep -q avx512f /proc/cpuinfo && [ "${DOTNET_EnableAVX512-1}" != 0 ]; then
  case "${OPENBLAS_CORETYPE-}" in
    Haswell|Zen|Sandybridge|Prescott|Nehalem)
      # An environment can carry a core type (some machines here export OPENBLAS_CORETYPE=Haswell): that would race
      # OpenBLAS's AVX2 kernels against Sweep's Vector512 path.
      echo "# warning: OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE runs OpenBLAS on pre-AVX-512 kernels against Sweep's Vector512 path; for OpenBLAS at its best here set OPENBLAS_CORETYPE=SkylakeX (or Cooperlake)" >&2 ;;
  esac
fi
log=sidebyside.log
{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC') $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2) nproc=$(nproc) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null) DOTNET_EnableAVX512=${DOTNET_EnableAVX512-unset} OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-unset}"
  for r in $(seq "$rounds"); do
    echo "# round $r load: $(cut -d' ' -f1-3 /proc/loadavg)"
    sweep peak 1 "$runs"
    sweep peak 2 "$runs"
    if part gemm; then
      ./run_py.sh openblas 2 gemm_bench.py torch 2 "$runs"
      sweep gemm 2 "$runs"
      ./run_py.sh openblas 1 gemm_bench.py torch 1 "$runs"
      sweep gemm 1 "$runs"
    fi
    if part mlp; then
      ./run_py.sh openblas-omp 2 mlp_torch.py 2 "$runs" 64 256 1024
      ./run_py.sh openblas 1 mlp_torch.py 1 "$runs" 64 256 1024
      sweep mlp 2 "$runs" 64 256 1024
      sweep mlp 1 "$runs" 64 256 1024
    fi
    part seeds || continue
    ./run_py.sh openblas 1 mlp_torch_seeds.py 1 "$runs" 16 64
    # PyTorch's best use of two cores for a sweep: two one-thread processes, 8 seeds each, at the same time.
    ./run_py.sh openblas 1 mlp_torch_seeds.py 1 "$runs" 8 64 & ./run_py.sh openblas 1 mlp_torch_seeds.py 1 "$runs" 8 64; wait
    # PyTorch's best configuration for a seeds axis: the 16 models as one bmm ensemble, one Adam over stacked weights.
    ./run_py.sh openblas 1 mlp_torch_ensemble.py 1 "$runs" 16 64
    ./run_py.sh openblas-omp 2 mlp_torch_ensemble.py 2 "$runs" 16 64
    sweep batched 2 "$runs" 16 64
    sweep batched 1 "$runs" 16 64
  done
} 2>&1 | tee "$log"
python3 summarize.py "$log"
