using Sweep.Hosting;

// Every [Study] in this program registers itself; SweepApp gives it the whole command line.
return await SweepApp.RunAsync(args);
