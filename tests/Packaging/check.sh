#!/usr/bin/env bash
# A researcher's own project, end to end, outside the repository: pack every package into a local folder feed,
# install the template from it, create a study project, build it against that feed and the machine's package cache
# only (no network, a fresh NuGet cache), run its study and its tests, check that a broken study reports its SWP
# diagnostic, and install the `sweep` tool from the feed and read the study's results with it.
# Prints one "ok NAME" or "FAIL NAME" line per check (.ci/run counts them); exits 1 if any failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sweep-packaging.XXXXXX")
trap 'rm -rf "$work"' EXIT
cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
feed="$work/feed"
failed=0
listing() { unzip -l "$1" 2>/dev/null || python3 -m zipfile -l "$1"; }
export -f listing
check() { # check NAME COMMAND...
  if "${@:2}" >"$work/last.log" 2>&1; then echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; sed 's/^/     /' "$work/last.log" | tail -25; fi
}

# Keep the template registry and the NuGet cache of this check apart from the user's.
export DOTNET_CLI_HOME="$work/cli" NUGET_PACKAGES="$work/packages" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)

check "the template references the packages' version ($version)" grep -q "\"defaultValue\": \"$version\"" "$repo/templates/content/sweep-study/.template.config/template.json"
check "dotnet pack writes the Dsl, Kernels, Runtime, Tool and Templates packages ($version)" \
  bash -c "dotnet pack '$repo/Sweep.sln' -c Release -o '$feed' -p:SWEEP_ARTIFACTS='$work/artifacts' -p:ArtifactsPath='$work/artifacts' \
    && for p in Dsl Kernels Runtime Tool Templates; do test -s '$feed/Sweep.'\$p'.$version.nupkg' || exit 1; done"
check "Sweep.Runtime's package carries the generator under analyzers/dotnet/cs and the README" \
  bash -c "listing '$feed/Sweep.Runtime.$version.nupkg' | grep -q 'analyzers/dotnet/cs/Sweep.Generators.dll' && listing '$feed/Sweep.Runtime.$version.nupkg' | grep -q 'README.md'"
check "dotnet new install takes the template package" dotnet new install "$feed/Sweep.Templates.$version.nupkg"
check "dotnet new sweep-study -n ScalingProbe creates the study project" bash -c "cd '$work' && dotnet new sweep-study -n ScalingProbe"
project="$work/ScalingProbe"
cat > "$project/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="sweep" value="$feed" />
    <add key="machine-cache" value="$cache" />
  </packageSources>
</configuration>
XML
check "the new project builds against the local feed only, with one PackageReference" \
  bash -c "cd '$project' && test \$(grep -c '<PackageReference' ScalingProbe.csproj) -eq 1 && dotnet build"
check "its first 'dotnet run -- run scaling-probe' runs the study and writes the store and the report" \
  bash -c "cd '$project' && dotnet run -- run scaling-probe && test -s sweep-results/sweep.db && test -s sweep-results/report-scaling-probe.md"
check "its test project passes (grid snapshot, one cell end to end)" bash -c "cd '$project' && dotnet test ScalingProbe.Tests"
check "a study that is not partial fails to build with SWP1001 at its declaration" \
  bash -c "cd '$project' && sed -i 's/public partial class ScalingProbeStudy/public class ScalingProbeStudy/' ScalingProbeStudy.cs \
    && ! dotnet build >build.log 2>&1 && grep -q 'ScalingProbeStudy.cs(12,14): error SWP1001' build.log \
    && sed -i 's/public class ScalingProbeStudy/public partial class ScalingProbeStudy/' ScalingProbeStudy.cs"
check "dotnet tool install puts 'sweep' on a path from the feed" dotnet tool install --tool-path "$work/tools" --add-source "$feed" Sweep.Tool --version "$version"
check "sweep status reads the study's store without its code" \
  bash -c "cd '$project' && '$work/tools/sweep' status | grep -q 'scaling-probe'"
check "sweep fit fits the study's results, and sweep run says to run studies from their program" \
  bash -c "cd '$project' && '$work/tools/sweep' fit --data sweep-results/sweep.db --study scaling-probe --law power --x Features --y test_loss --by TrainSize --bootstrap 0 | grep -q 'alpha' \
    && ! '$work/tools/sweep' run scaling-probe 2>err.txt && grep -q 'holds no study code' err.txt"
exit $((failed > 0))
