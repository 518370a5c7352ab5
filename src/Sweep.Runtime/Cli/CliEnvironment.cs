using Spectre.Console;
using Sweep.Hosting;
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

    public ITrialEngine CreateEngine(string backend)
    {
        if (Options.EngineFactory is not null)
        {
            return Options.EngineFactory(backend);
        }

        return backend switch
        {
            "auto" or "cpu" => new ManagedEngine(),
            "ilgpu-cpu" or "cuda" or "opencl" => throw new CliException(
                $"--backend {backend}: this build has no kernels engine yet; use --backend cpu."),
            _ => throw new CliException($"--backend: '{backend}' is not one of auto, cpu, ilgpu-cpu, cuda, opencl."),
        };
    }
}
