// Every [Study] in this program registers itself; SweepApp gives it list, plan, run, status, export, report, fit,
// merge, slurm and devices. Try: dotnet run -- run my-study
return await Sweep.Hosting.SweepApp.RunAsync(args);
