using Spectre.Console;
using Sweep.Hosting;
using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Cli;

/// <summary>What every command needs: the writers, a console for tables and progress, the studies and engines.</summary>
internal sealed class CliEnvironment
{
    public CliEnvironment(SweepAppOptions options)
    {
        Options = options;
        Interactive = options.Interactive ?? (!System.Console.IsOutputRedirected && ReferenceEquals(options.Output, System.Console.Out));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(options.Output),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            Console.Profile.Width = 160;
        }
    }

    public SweepAppOptions Options { get; }

    public IAnsiConsole Console { get; }

    public bool Interactive { get; }

    public TextWriter Out => Options.Output;

    public TextWriter Error => Options.Error;

    public IReadOnlyList<StudyDefinition> Studies => Options.Studies ?? StudyCatalog.All;

    public StudyDefinition FindStudy(string name)
    {
        StudyDefinition[] matches = Studies.Where(s => s.Descriptor.Name == name).ToArray();
        if (matches.Length == 0)
        {
            matches = Studies.Where(s => string.Equals(s.Descriptor.Name, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        }

        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new CliException(Studies.Count == 0
                ? $"no study named '{name}': this program declares no [Study] classes."
                : $"no study named '{name}'; known studies: {string.Join(", ", Studies.Select(s => s.Descriptor.Name))}."),
            _ => throw new CliException($"{matches.Length} studies are named '{name}' ({string.Join(", ", matches.Select(m => m.Descriptor.TypeName))}); rename one."),
        };
    }

    /// <summary>
    /// The engine for a <c>--backend</c> name: the kernels engine on that backend (<c>auto</c> resolves to CUDA, then
    /// an OpenCL GPU, then <c>cpu</c>). An unknown name, or a backend with no device here, is a usage error that names
    /// what is available.
    /// </summary>
    public ITrialEngine CreateEngine(string backend)
    {
        if (Options.EngineFactory is not null)
        {
            return Options.EngineFactory(backend);
        }

        BackendKind kind;
        try
        {
            kind = ComputeBackends.Parse(backend);
        }
        catch (ArgumentException)
        {
            throw new CliException($"--backend: '{backend}' is not one of {string.Join(", ", ComputeBackends.Names)}.");
        }

        try
        {
            return new KernelsEngine(kind);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            string available = string.Join(", ", ComputeBackends.ListDevices().Select(d => ComputeBackends.NameOf(d.Kind)).Distinct(StringComparer.Ordinal));
            throw new CliException($"--backend {backend}: {e.Message.TrimEnd('.')}; this machine has {available} (see the 'devices' command).", e);
        }
    }
}
