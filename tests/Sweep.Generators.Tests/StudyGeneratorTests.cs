using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>Snapshots of the generated source for representative studies; each output must compile without errors.</summary>
public sealed class StudyGeneratorTests
{
    [Fact]
    public void Minimal_GeneratesDefinition() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.Minimal));

    [Fact]
    public void MlpWidth_GeneratesSpecsEvaluationsLawsConstraintAndDerived() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.MlpWidth));

    [Fact]
    public void Ranges_GeneratesRoundedDeduplicatedValues() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.Ranges));

    [Fact]
    public void KitchenSink_GeneratesEveryAxisKindAndZipGroup() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.KitchenSink));

    [Fact]
    public void ExplicitSeeds_WinOverSeedCount() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.ExplicitSeeds));

    [Fact]
    public void Nested_RedeclaresContainingTypes() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.Nested));

    [Fact]
    public void GlobalNamespace_GeneratesWithoutNamespace() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.GlobalNamespace));

    [Fact]
    public void Chain_DescribesItsTrialsWithTrialSpecForChain() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.Chain));

    [Fact]
    public void TwoStudies_GenerateOneFileEach() => GeneratorSnapshot.Verify(GeneratorDriverHelper.RunValid(TestStudies.TwoStudies));
}
