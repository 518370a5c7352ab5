return await Sweep.Hosting.SweepApp.RunAsync(args);
