using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Kernels;

namespace Sweep.Cli;

/// <summary><c>devices</c>: every backend this machine can run trials on, each device, and what <c>--backend auto</c> picks.</summary>
internal static class DevicesCommand
{
    public static Command Create(CliEnvironment env)
    {
        Command command = new("devices", "List the backends and devices trials can run on here, and which one --backend auto picks.");
        command.SetAction(_ =>
        {
            IReadOnlyList<DeviceInfo> devices = ComputeBackends.ListDevices();
            (BackendKind auto, string reason) = ComputeBackends.ResolveAuto();
            Table table = new Table().Border(TableBorder.Rounded).AddColumns("backend", "device", "memory", "auto");
            foreach (DeviceInfo device in devices)
            {
                string name = ComputeBackends.NameOf(device.Kind);
                bool isGpu = device.Kind is BackendKind.Cuda or BackendKind.OpenCL;
                table.AddRow(
                    Markup.Escape(isGpu ? string.Create(CultureInfo.InvariantCulture, $"{name} [{device.Index}]") : name),
                    Markup.Escape(device.Description),
                    Markup.Escape(Gibibytes(device.MemoryBytes)),
                    device.Kind == auto && (device.IsDefault || !isGpu) ? "picked" : string.Empty);
            }

            env.Console.Write(table);
            env.Console.MarkupLine(Markup.Escape($"--backend auto picks {ComputeBackends.NameOf(auto)} ({reason.Replace("auto: ", string.Empty, StringComparison.Ordinal)})."));
            env.Console.MarkupLine("On cpu, run trains one trial (or one batch of trials) per core, each on one thread; on a GPU, one batch at a time.");
            if (!devices.Any(d => d.Kind is BackendKind.Cuda or BackendKind.OpenCL))
            {
                env.Console.MarkupLine(Markup.Escape("No CUDA or OpenCL device was found (no driver, or no GPU); cuda and opencl are not available."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Gibibytes(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
