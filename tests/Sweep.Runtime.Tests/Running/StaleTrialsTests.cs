using Sweep.Running;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Running;

/// <summary>
/// A study edited between runs: every kind of spec change makes exactly the affected trials stale, with the difference
/// named; a run re-runs them and keeps the old rows as history that no reader mixes in; derived-only changes refresh in
/// place; <c>--keep-stale</c> keeps results; reverting an edit makes the old results current again; a [Trial] study's
/// code edit (its source hash) counts too.
/// </summary>
[Collection(ToyStudyCollection.Name)]
public sealed class StaleTrialsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ScriptedEngine _engine = new((spec, context) =>
    {
        context.Record("Clean", Metric.TestLoss, 1.0 / ((RandomFeaturesModel)spec.Model).Features + context.Seed);
        context.Record("Wider", Metric.TestLoss, 2.0 / ((RandomFeaturesModel)spec.Model).Features);
    });

    public StaleTrialsTests()
    {
        EditableStudy.Current = new EditableStudy.Declaration();
        ToyStudy.Reset();
    }

    public void Dispose()
    {
        EditableStudy.Current = new EditableStudy.Declaration();
        ToyStudy.Reset();
        _engine.Dispose();
        _folder.Dispose();
    }

    public static TheoryData<string, string> Edits => new()
    {
        { "noise", "Data.Noise 0.1 → 0.2" },
        { "features", "2: Model.Features 16 → 24; 2: Model.Features 8 → 12" },
        { "ridge", "Train.Ridge 0.001 → 0.01" },
        { "training", "Train: LeastSquaresTrain → GradientTrain" },
        { "shift", "Evaluations[Wider].Shift.Scale 2 → 3" },
    };

    [Fact]
    public async Task Rerun_OfAnUnchangedStudy_RunsNothing()
    {
        using ResultStore store = Open();
        await Run(store);

        SweepOutcome again = await Run(store);

        Assert.Equal((4, 0, 0), (again.AlreadyDone, again.Succeeded, again.Stale));
        Assert.Equal(4, _engine.Started);
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task AnEditedSpec_MakesItsTrialsStale_SaysWhatChanged_ReRunsThem_AndKeepsTheOldRowsAsHistory(string edit, string change)
    {
        using ResultStore store = Open();
        await Run(store);
        IReadOnlyList<StoredTrial> before = store.ReadTrials("editable");
        Edit(edit);

        SweepPlan plan = new SweepRunner(store, _engine).Plan(EditableStudy.Definition.CreateGrid(), new RunOptions());
        SweepOutcome outcome = await Run(store);

        // Every edit touches all four trials (the features edit differently per width, so in two groups).
        const int affected = 4;
        Assert.Equal(affected, plan.Stale.Count);
        Assert.Equal($"4 trials are stale, the study changed since they ran ({change})", StaleGroup.Summarize(plan.StaleGroups));
        Assert.Equal((affected, 4 - affected), (outcome.Succeeded, outcome.AlreadyDone));
        Assert.Equal(4 + affected, _engine.Started);
        IReadOnlyList<StoredTrial> after = store.ReadTrials("editable");
        Assert.Equal(4, after.Count);
        Assert.Equal(affected, after.Count(a => before.Single(b => b.Key == a.Key).Identity != a.Identity));
        Assert.Equal(affected, History(store));
        Assert.Equal(4L, Scalar(store, "SELECT COUNT(*) FROM \"results:editable\" WHERE evaluation = 'Clean'"));
    }

    [Fact]
    public async Task AChangedDerivedFormula_RefreshesTheStoredValues_WithoutReRunningAnything()
    {
        using ResultStore store = Open();
        await Run(store);
        EditableStudy.Current = EditableStudy.Current with { FlopsPerWidth = 1_000 };

        SweepOutcome outcome = await Run(store);

        Assert.Equal((4, 0, 0), (outcome.AlreadyDone, outcome.Succeeded, outcome.Stale));
        Assert.Equal(4, _engine.Started);
        Assert.All(store.ReadTrials("editable"), t => Assert.Equal(1_000 * t.Axis("Width")!.Value.Number, t.Derived.Single().Value.Number));
        Assert.Equal(0, History(store));
    }

    [Fact]
    public async Task KeepStale_KeepsTheStoredResultsAsCurrent_AndRemembersWhatTheyRanWith()
    {
        using ResultStore store = Open();
        await Run(store);
        StoredTrial first = store.ReadTrials("editable")[0];
        string ranWith = first.DescriptionJson!;
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        SweepOutcome kept = await Run(store, new RunOptions { KeepStale = true });
        SweepOutcome later = await Run(store);

        Assert.Equal((4, 0, 4), (kept.AlreadyDone, kept.Succeeded, kept.Stale));
        Assert.Equal((4, 0, 0), (later.AlreadyDone, later.Succeeded, later.Stale));
        Assert.Equal(4, _engine.Started);
        Assert.Contains("\"Noise\":0.2", store.ReadTrials("editable")[0].DescriptionJson, StringComparison.Ordinal);
        Assert.Equal(ranWith, Scalar<string>(store, $"SELECT kept_from_json FROM trials WHERE key = '{first.Key}'"));
    }

    [Fact]
    public async Task StaleTrialsLeaveTheResults_UntilReRun_AndComeBackWhenTheEditIsReverted()
    {
        using ResultStore store = Open();
        await Run(store);
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        SweepOutcome marked = await Run(store, new RunOptions { MaxTrials = 0 });

        Assert.Equal((0, 4), (marked.Succeeded, marked.Stale));
        Assert.Empty(store.ReadTrials("editable"));
        Assert.Equal(4, store.ReadTrials("editable", includeStale: true).Count);
        Assert.Equal(0L, Scalar(store, "SELECT COUNT(*) FROM results WHERE study = 'editable'"));
        Assert.Equal(0L, Scalar(store, "SELECT COUNT(*) FROM \"results:editable\""));
        Assert.Equal(4, Assert.Single(store.Studies()).Stale);

        EditableStudy.Current = EditableStudy.Current with { Noise = 0.1 };
        SweepOutcome reverted = await Run(store);

        Assert.Equal((4, 0, 0), (reverted.AlreadyDone, reverted.Succeeded, reverted.Stale));
        Assert.Equal(4, store.ReadTrials("editable").Count);
        Assert.Equal(4, _engine.Started);
    }

    [Fact]
    public async Task AStaleTrialOutsideTheRunsGrid_IsMarkedToo_SoNoReaderMixesItWithTheNewResults()
    {
        using ResultStore store = Open();
        await Run(store);
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        SweepOutcome outcome = await new SweepRunner(store, _engine).RunAsync(
            EditableStudy.Definition.CreateGrid(GridOptions.Default.WithOverride("Width", "4")), new RunOptions(), TestContext.Current.CancellationToken);

        Assert.Equal((2, 2, 2), (outcome.Succeeded, outcome.Stale, outcome.StaleOutsidePlan));
        Assert.All(store.ReadTrials("editable"), t => Assert.Equal("4", t.Axis("Width")!.Value.Text));
    }

    [Fact]
    public async Task ATrialStudysSourceHash_IsPartOfItsDescription_SoACodeEditMakesItsResultsStale()
    {
        using ResultStore store = Open();
        await new SweepRunner(store, _engine).RunAsync(ToyStudy.WithSource("aaaa1111").CreateGrid(), new RunOptions(), TestContext.Current.CancellationToken);

        SweepRunner edited = new(store, _engine);
        SweepPlan plan = edited.Plan(ToyStudy.WithSource("bbbb2222").CreateGrid(), new RunOptions());
        SweepOutcome outcome = await edited.RunAsync(ToyStudy.WithSource("bbbb2222").CreateGrid(), new RunOptions(), TestContext.Current.CancellationToken);

        Assert.Equal("the study's code (source hash aaaa1111 → bbbb2222)", Assert.Single(plan.StaleGroups).Change);
        Assert.Equal((12, 12), (outcome.Stale, outcome.Succeeded));
        Assert.Equal(24, ToyStudy.Calls);
        Assert.Contains("\"Source\":\"bbbb2222\"", store.ReadTrials("toy")[0].DescriptionJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_RefusesStoresThatHoldDifferentDescriptionsUnderOneKey_NamingTheKeyAndTheField()
    {
        string before = _folder.File("before.db"), after = _folder.File("after.db"), output = _folder.File("merged.db");
        using (ResultStore store = ResultStore.Open(before))
        {
            await Run(store);
        }

        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };
        using (ResultStore store = ResultStore.Open(after))
        {
            await Run(store);
        }

        StoreException error = Assert.Throws<StoreException>(() => StoreMerger.Merge([before, after], output));

        Assert.StartsWith($"study 'editable', trial Width=", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{before} and {after} hold different descriptions of it (Data.Noise 0.1 → 0.2)", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "a refused merge leaves no output");
    }

    [Fact]
    public async Task Merge_CopiesHistoryOnce_BesideTheCurrentRows()
    {
        string source = _folder.File("source.db"), output = _folder.File("merged.db");
        using (ResultStore store = ResultStore.Open(source))
        {
            await Run(store);
            EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };
            await Run(store);
        }

        StoreMerger.Merge([source], output);
        MergeResult again = StoreMerger.Merge([source], output);

        using ResultStore merged = ResultStore.Open(output);
        Assert.Equal(4, merged.ReadTrials("editable").Count);
        Assert.All(merged.ReadTrials("editable"), t => Assert.Contains("\"Noise\":0.2", t.DescriptionJson, StringComparison.Ordinal));
        Assert.Equal(4L, Scalar(merged, "SELECT COUNT(*) FROM trials WHERE superseded_utc IS NOT NULL"));
        Assert.Equal((0, 8), (again.TrialsAdded, again.DuplicatesSkipped));
    }

    [Fact]
    public void Descriptions_AreCanonical_AndTheIdentityLeavesOutOnlyTheDerivedValues()
    {
        Trial trial = EditableStudy.Definition.CreateGrid().First();

        TrialDescription description = TrialDescription.Describe(trial);
        EditableStudy.Current = EditableStudy.Current with { FlopsPerWidth = 7 };
        TrialDescription derivedChanged = TrialDescription.Describe(EditableStudy.Definition.CreateGrid().First());

        Assert.Equal(
            """{"Study":"editable","Key":"Width=4;seed=0","Seed":0,"Axes":{"Width":4},"Derived":{"Flops":400},"Chain":null,"Data":{"$kind":"TeacherStudentData","Classes":0,"Inputs":4,"Noise":0.1,"TeacherSeed":12345,"TeacherWidth":8,"Test":32,"Train":64},"Evaluations":[{"$kind":"NamedEvaluation","Name":"Clean","Shift":{"$kind":"NoShift"}},{"$kind":"NamedEvaluation","Name":"Wider","Shift":{"$kind":"CovariateShift","Scale":2}}],"Model":{"$kind":"RandomFeaturesModel","Features":8,"Map":"Relu"},"Train":{"$kind":"LeastSquaresTrain","Ridge":0.001}}""",
            description.Json);
        Assert.Matches("^[0-9a-f]{32}$", description.Identity);
        Assert.Equal(description.Identity, derivedChanged.Identity);
        Assert.NotEqual(description.Json, derivedChanged.Json);
        Assert.Equal(string.Empty, derivedChanged.DifferenceFrom(description.Json));
        Assert.Equal("stored without a description (by an older Sweep)", description.DifferenceFrom(null));
    }

    [Fact]
    public void ADescriptionOfAnMlp_ListsItsWidths_AndEveryGradientSetting()
    {
        EditableStudy.Current = EditableStudy.Current with { LearningRate = 3e-3 };

        TrialDescription description = TrialDescription.Describe(EditableStudy.Definition.CreateGrid().First());

        Assert.Contains(
            """Train":{"$kind":"GradientTrain","Batch":16,"Beta1":0.9,"Beta2":0.999,"ClipNorm":0,"Epsilon":1E-08,"LearningRate":0.003,"Momentum":0,"Optimizer":"Adam","Schedule":"Constant","Steps":20,"WarmupSteps":0,"WeightDecay":0}""",
            description.Json,
            StringComparison.Ordinal);
        Assert.Equal(
            "Model.Hidden [16, 16] → [16, 32]",
            DescriptionJson.Difference(
                """{"Model":{"$kind":"MlpModel","Activation":"Relu","Hidden":[16,16]}}""",
                """{"Model":{"$kind":"MlpModel","Activation":"Relu","Hidden":[16,32]}}"""));
        Assert.Equal(
            "Evaluations[Noisy]: added, Evaluations[Wider]: removed",
            DescriptionJson.Difference(
                """{"Evaluations":[{"Name":"Wider","Shift":{"$kind":"CovariateShift","Scale":2}}]}""",
                """{"Evaluations":[{"Name":"Noisy","Shift":{"$kind":"InputNoiseShift","Sigma":0.5}}]}"""));
    }

    [Fact]
    public void EverySpecPropertyLeftOutOfADescription_IsComputedFromTheOthers()
    {
        // [JsonIgnore] may only hide a property with no storage of its own; a stored one hidden would go unnoticed when it changed.
        Type[] specs = [.. typeof(DataSpec).Assembly.GetTypes().Where(t => t.IsSealed && (typeof(DataSpec).IsAssignableFrom(t) || typeof(ModelSpec).IsAssignableFrom(t)
            || typeof(TrainSpec).IsAssignableFrom(t) || typeof(ShiftSpec).IsAssignableFrom(t)))];
        Assert.True(specs.Length >= 10, $"found {specs.Length} spec records");
        foreach (Type spec in specs)
        {
            string[] described = [.. DescriptionJson.DescribedProperties(spec).Select(p => p.Name)];
            foreach (System.Reflection.PropertyInfo property in spec.GetProperties().Where(p => !described.Contains(p.Name)))
            {
                bool stored = spec.GetField($"<{property.Name}>k__BackingField", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic) is not null
                    || spec.BaseType?.GetField($"<{property.Name}>k__BackingField", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic) is not null;
                Assert.False(stored, $"{spec.Name}.{property.Name} is stored but left out of descriptions");
            }
        }
    }

    private ResultStore Open() => ResultStore.Open(_folder.File("sweep.db"));

    private Task<SweepOutcome> Run(ResultStore store, RunOptions? options = null)
        => new SweepRunner(store, _engine).RunAsync(EditableStudy.Definition.CreateGrid(), options ?? new RunOptions(), TestContext.Current.CancellationToken);

    private static void Edit(string edit) => EditableStudy.Current = edit switch
    {
        "noise" => EditableStudy.Current with { Noise = 0.2 },
        "features" => EditableStudy.Current with { FeaturesPerWidth = 3 },
        "ridge" => EditableStudy.Current with { Ridge = 1e-2 },
        "training" => EditableStudy.Current with { LearningRate = 1e-2 },
        "shift" => EditableStudy.Current with { ShiftScale = 3.0 },
        _ => throw new ArgumentOutOfRangeException(nameof(edit), edit, null),
    };

    private static long History(ResultStore store) => Scalar(store, "SELECT COUNT(*) FROM trials WHERE superseded_utc IS NOT NULL AND superseded_by IS NOT NULL");

    private static long Scalar(ResultStore store, string sql) => StoreQuery.Scalar<long>(store.Path, sql);

    private static T Scalar<T>(ResultStore store, string sql) => StoreQuery.Scalar<T>(store.Path, sql);
}
