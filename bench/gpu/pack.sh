#!/bin/bash
# Builds what bench/gpu/device-run.sh runs on a GPU machine that has no .NET SDK: the kernel, runtime and integration
# tests, the side-by-side driver, the BenchmarkDotNet project and an example (for a whole study and a fit), with the
# .NET runtime, into .device/ (git-ignored). The published folders share most of their files, so identical files are
# hard-linked and they go as one tarball (about 45 MB with the runtime; a device call carries at most 64 MiB).
set -euo pipefail
cd "$(dirname "$0")/../.."
apps=(tests/Sweep.Kernels.Tests tests/Sweep.Runtime.Tests tests/Sweep.IntegrationTests bench/Sweep.SideBySide bench/Sweep.Benchmarks examples/ScalingLaws)
bash ../shared/device/pack.sh "${apps[@]}"
cd .device
python3 - <<'PY'
import hashlib, os
first = {}
for root, _, files in os.walk("."):
    for name in files:
        path = os.path.join(root, name)
        if path.endswith(".tar.xz") or os.path.islink(path):
            continue
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        if digest in first:
            os.remove(path); os.link(first[digest], path)
        else:
            first[digest] = path
PY
names=("${apps[@]##*/}")
tar -cf - "${names[@]}" | xz -T0 -6 > apps.tar.xz
rm -rf "${names[@]}"
du -sh apps.tar.xz runtime.tar.xz
