using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is selectable: dotnet run -c Release --project bench/Sweep.Benchmarks -- --filter '*Gemm*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
