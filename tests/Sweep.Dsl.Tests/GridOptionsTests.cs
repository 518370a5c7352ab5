namespace Sweep.Dsl.Tests;

/// <summary><see cref="GridOptions"/> is immutable: each <c>With…</c> returns a copy and keeps no caller array.</summary>
public sealed class GridOptionsTests
{
    [Fact]
    public void Default_OverridesNothing()
    {
        Assert.Empty(GridOptions.Default.Overrides);
        Assert.Null(GridOptions.Default.Seeds);
        Assert.Equal("seed", GridOptions.SeedAxis);
    }

    [Fact]
    public void WithOverride_ReturnsACopyKeyedIgnoringCase()
    {
        string[] values = ["16", "64"];
        GridOptions options = GridOptions.Default.WithOverride("Width", values);
        values[0] = "changed";

        Assert.Empty(GridOptions.Default.Overrides);
        Assert.Equal(["16", "64"], options.Overrides["WIDTH"]);
        Assert.Equal(["8"], options.WithOverride("width", "8").Overrides["Width"]);
        Assert.Equal(["16", "64"], options.Overrides["width"]);
    }

    [Fact]
    public void WithSeeds_CopiesTheSeedsAndKeepsOverrides()
    {
        int[] seeds = [3, 1];
        GridOptions options = GridOptions.Default.WithOverride("Width", "8").WithSeeds(seeds);
        seeds[0] = 99;

        Assert.Equal([3, 1], options.Seeds);
        Assert.Equal(["8"], options.Overrides["Width"]);
        Assert.Equal([0, 1, 2], GridOptions.Default.WithSeedCount(3).Seeds);
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => GridOptions.Default.WithOverride(string.Empty, "1"));
        Assert.Throws<ArgumentNullException>(() => GridOptions.Default.WithOverride("Width", null!));
        Assert.Throws<ArgumentNullException>(() => GridOptions.Default.WithSeeds(null!));
        GridException error = Assert.Throws<GridException>(() => GridOptions.Default.WithSeedCount(0));
        Assert.Equal((GridOptions.SeedAxis, "0 is not a positive seed count."), (error.Axis, error.Message));
    }
}
