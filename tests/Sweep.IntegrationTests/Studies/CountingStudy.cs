namespace Sweep.IntegrationTests.Studies;

/// <summary>How loss falls with width: a closed-form "training" so tests can check every stored number.</summary>
[Study("counting", Seeds = 2, Description = "closed-form loss, for end-to-end checks")]
public partial class CountingStudy
{
    [Axis, Geometric(2, 32, Steps = 3)]
    public int Width { get; init; }

    [Axis]
    public bool Wide { get; init; }

    [Derived(Quantity.Parameters)]
    public long Parameters => 3L * Width;

    [Derived(Quantity.Flops)]
    public double Flops => 6.0 * Parameters * 100;

    [Trial]
    public void Run(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Width == 32 && Wide && context.Seed == 1)
        {
            throw new InvalidOperationException("diverged at width 32");
        }

        context.Record(Metric.TestLoss, Expected(Width, Wide, context.Seed));
    }

    public static double Expected(int width, bool wide, int seed) => (wide ? 2.0 : 1.0) / width + 0.001 * seed;
}
