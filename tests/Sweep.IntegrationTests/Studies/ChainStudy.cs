namespace Sweep.IntegrationTests.Studies;

/// <summary>
/// A Gaussian collapse chain whose generation count and last checkpoint are axes, so some grid points are malformed
/// chains the compiler cannot see (no generations; a checkpoint past the last generation), and whose fresh fraction is
/// an axis, so the report compares fractions.
/// </summary>
[Study("chains", Seeds = 3)]
public partial class ChainStudy
{
    [Axis, Values(0, 4)]
    public int Generations { get; init; }

    [Axis, Values(2, 9)]
    public int LastCheckpoint { get; init; }

    [Axis, Values(0.0, 0.5)]
    public double Fresh { get; init; }

    public DataSpec Data => DataSpec.Gaussian(train: 8);

    public ModelSpec Model => ModelSpec.Gaussian();

    public TrainSpec Train => TrainSpec.Moments();

    public CollapseSpec Chain => CollapseSpec.Chain(Generations, DataPolicy.FreshMix(Fresh), [0, 1, LastCheckpoint]);
}
