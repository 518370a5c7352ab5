// The sweep tool: every command that needs no study code, over result stores and CSV files.
return await Sweep.Hosting.SweepApp.RunAsync(args, new Sweep.Hosting.SweepAppOptions { Tool = true });
