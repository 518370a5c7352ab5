using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>The value computations the generator bakes into literals, checked through the generated descriptor.</summary>
public sealed class AxisValuesTests
{
    [Theory]
    [InlineData("int", "Geometric(1, 8, Steps = 6)", "1, 2, 3, 5, 8")]
    [InlineData("int", "Geometric(16, 1024, Steps = 7)", "16, 32, 64, 128, 256, 512, 1024")]
    [InlineData("long", "Geometric(1, 4, Steps = 9)", "1, 2, 3, 4")]
    [InlineData("double", "Geometric(1e-4, 1e-1, Steps = 4)", "0.0001, 0.001, 0.01, 0.1")]
    [InlineData("double", "Geometric(3, 3, Steps = 3)", "3")]
    [InlineData("double", "Linear(0.0, 0.5, Steps = 6)", "0, 0.1, 0.2, 0.3, 0.4, 0.5")]
    [InlineData("int", "Linear(0, 1, Steps = 5)", "0, 1")]
    [InlineData("int", "Linear(-2.5, 2.5, Steps = 3)", "-3, 0, 3")]
    [InlineData("float", "Linear(0, 1, Steps = 4)", "0, 0.33333334, 0.6666667, 1")]
    [InlineData("double", "Values(1, 2.5, -0.0)", "1, 2.5, -0")]
    [InlineData("long", "Values(1, 2, 3)", "1, 2, 3")]
    [InlineData("bool", "Values(true)", "true")]
    public void DeclaredValues_BecomeTheDescriptorValues(string type, string source, string expected)
    {
        string study = $$"""
            using Sweep;
            [Study("values")]
            public partial class ValuesStudy
            {
                [Axis, {{source}}] public {{type}} X { get; init; }
                [Trial] public void Run(TrialContext context) { }
            }
            """;

        GeneratorRun run = GeneratorDriverHelper.RunValid(study);

        string generated = Assert.Single(run.Result.GeneratedTrees).ToString();
        string texts = string.Join(", ", expected.Split(", ").Select(t => $"\"{t}\""));
        Assert.Contains($"new string[] {{ {texts} }}", generated, StringComparison.Ordinal);
    }
}
