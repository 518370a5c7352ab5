using System.Reflection;
using Sweep.Generators.Constants;
using Sweep.Generators.Models;
using Members = Sweep.Generators.Constants.DslMemberNames;
using P = Sweep.Generators.Constants.DslMemberNames.StudyDescriptor.Parameters;

namespace Sweep.Dsl.Tests.Contract;

/// <summary>
/// The generator ↔ Sweep.Dsl contract. The generator cannot reference Sweep.Dsl, so it names Dsl types and members
/// as text (<see cref="WellKnownTypeNames"/>, <see cref="DslMemberNames"/>) and mirrors a few enums and lists by hand.
/// A rename or reshaping in Sweep.Dsl that the generator does not follow would break every generated study, or worse,
/// silently switch a check off (an attribute no longer found, <c>Steps</c> read as its default, law columns unchecked);
/// these tests fail instead.
/// </summary>
public sealed class GeneratorContractTests
{
    private static readonly Assembly s_dsl = typeof(StudyAttribute).Assembly;

    /// <summary>Every metadata name in <see cref="WellKnownTypeNames"/>.</summary>
    public static TheoryData<string> TypeNames => [.. Constants(typeof(WellKnownTypeNames))];

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void WellKnownTypeName_IsAPublicDslType(string metadataName)
    {
        Type? type = s_dsl.GetType(metadataName);

        Assert.True(type is { IsPublic: true }, $"'{metadataName}' is not a public type of Sweep.Dsl");
    }

    [Fact]
    public void StudyDefinition_HasWhatGeneratedDefinitionsOverrideAndCall()
    {
        Type definition = Dsl(WellKnownTypeNames.StudyDefinitionOfT);

        Assert.Contains("protected .ctor(StudyDescriptor)", Shape.Constructors(definition));
        AssertMethod(definition, "protected abstract TrialGrid<TStudy>", Members.StudyDefinition.BuildGrid, "(GridOptions, IReadOnlyList<Int32>)");
        AssertMethod(definition, "protected abstract TStudy", Members.StudyDefinition.CreateDefault, "()");
        AssertMethod(definition, "protected virtual TrialSpec", Members.StudyDefinition.DescribeTrial, "(TStudy)");
        AssertMethod(definition, "protected virtual Void", Members.StudyDefinition.RunTrial, "(TStudy, TrialContext)");
        AssertMethod(definition, "protected virtual IReadOnlyList<NamedLaw>", Members.StudyDefinition.DescribeLaws, "(TStudy)");
        AssertMethod(definition, "protected T[]", Members.StudyDefinition.Resolve, "<T>(GridOptions, Int32, T[], AxisParser<T>)");
        Assert.Equal($"public StudyDescriptor {Members.StudyDefinition.Descriptor} {{ get; }}", Shape.Property(definition, Members.StudyDefinition.Descriptor));
    }

    [Fact]
    public void TrialGrid_HasWhatGeneratedGridsOverrideAndCall()
    {
        Type grid = Dsl(WellKnownTypeNames.TrialGridOfT);

        Assert.Contains("protected .ctor(StudyDefinition<TStudy>, IReadOnlyList<Int32>, params GridAxis[])", Shape.Constructors(grid));
        AssertMethod(grid, "protected abstract TStudy", Members.TrialGrid.CreateStudy, "(ReadOnlySpan<Int32>)");
        AssertMethod(grid, "protected virtual Boolean", Members.TrialGrid.Admits, "(TStudy)");
        AssertMethod(grid, "protected virtual Void", Members.TrialGrid.ReadDerived, "(TStudy, Span<Double>)");
        AssertMethod(Dsl(WellKnownTypeNames.GridAxis), "public static GridAxis", Members.GridAxisOf, "<T>(AxisDescriptor, IReadOnlyList<T>)");
    }

    [Fact]
    public void StudyDescriptor_TakesTheNamedArgumentsGeneratedCodePassesAndHasASourceHash()
    {
        Type descriptor = Dsl(WellKnownTypeNames.StudyDescriptor);

        ConstructorInfo constructor = Assert.Single(descriptor.GetConstructors());
        Assert.Equal(
            [P.Name, P.TypeName, P.Description, P.Axes, P.Seeds, P.Derived, P.Evaluations, P.Laws, P.HasConstraint, P.RunMode],
            constructor.GetParameters().Select(p => p.Name));
        Assert.Equal(
            "public .ctor(String, String, String, IReadOnlyList<AxisDescriptor>, IReadOnlyList<Int32>, IReadOnlyList<DerivedDescriptor>, IReadOnlyList<String>, IReadOnlyList<String>, Boolean, StudyRunMode)",
            Shape.Of(constructor));
        Assert.Equal($"public String {Members.StudyDescriptor.SourceHash} {{ get; init; }}", Shape.Property(descriptor, Members.StudyDescriptor.SourceHash));
        Assert.Equal($"public IReadOnlyList<AxisDescriptor> {Members.StudyDescriptor.Axes} {{ get; }}", Shape.Property(descriptor, Members.StudyDescriptor.Axes));
    }

    [Fact]
    public void DescriptorsAndSpecs_HaveTheConstructorsGeneratedCodeCalls()
    {
        Assert.Contains("public .ctor(String, AxisKind, String, IReadOnlyList<String>, String)", Shape.Constructors(Dsl(WellKnownTypeNames.AxisDescriptor)));
        Assert.Contains("public .ctor(String, Quantity)", Shape.Constructors(Dsl(WellKnownTypeNames.DerivedDescriptor)));
        Assert.Contains("public .ctor(DataSpec, ModelSpec, TrainSpec, IReadOnlyList<NamedEvaluation>)", Shape.Constructors(Dsl(WellKnownTypeNames.TrialSpec)));
        Assert.Contains("public .ctor(String, ShiftSpec)", Shape.Constructors(Dsl(WellKnownTypeNames.NamedEvaluation)));
        Assert.Contains("public .ctor(String, LawSpec)", Shape.Constructors(Dsl(WellKnownTypeNames.NamedLaw)));
        AssertMethod(Dsl(WellKnownTypeNames.StudyCatalog), "public static Void", Members.StudyCatalogRegister, "(StudyDefinition)");
    }

    [Fact]
    public void DefaultEvaluation_IsTheTrialContextConstantAndShiftSpecNoneIsAShift()
    {
        FieldInfo? evaluation = Dsl(WellKnownTypeNames.TrialContext).GetField(Members.TrialContext.DefaultEvaluation, BindingFlags.Public | BindingFlags.Static);
        Assert.True(evaluation is { IsLiteral: true } && evaluation.FieldType == typeof(string), "TrialContext.DefaultEvaluation is not a public const string");

        PropertyInfo? none = Dsl(WellKnownTypeNames.ShiftSpec).GetProperty(Members.ShiftSpecNone, BindingFlags.Public | BindingFlags.Static);
        Assert.NotNull(none);
        Assert.True(typeof(ShiftSpec).IsAssignableFrom(none.PropertyType));
    }

    [Fact]
    public void AxisParsers_HaveOneParserPerAxisKindThatFitsAxisParser()
    {
        Type parsers = Dsl(WellKnownTypeNames.AxisParsers);
        foreach (AxisValueKind kind in Enum.GetValues<AxisValueKind>().Where(k => k != AxisValueKind.Enum))
        {
            // Generated code passes AxisParsers.{kind} as an AxisParser<T> of the axis's CLR type, which kind names.
            Type value = typeof(int).Assembly.GetType("System." + kind, throwOnError: true)!;
            MethodInfo? parser = parsers.GetMethod(kind.ToString(), BindingFlags.Public | BindingFlags.Static, [typeof(string), value.MakeByRefType()]);
            Assert.True(parser is not null, $"AxisParsers has no {kind}(string, out {value.Name})");
            _ = Delegate.CreateDelegate(typeof(AxisParser<>).MakeGenericType(value), parser);
        }

        AssertMethod(parsers, "public static Boolean", Members.AxisParsersEnum, "<TEnum>(String, out TEnum)");
        _ = Delegate.CreateDelegate(typeof(AxisParser<Optimizer>), parsers.GetMethod(Members.AxisParsersEnum)!.MakeGenericMethod(typeof(Optimizer)));
    }

    [Fact]
    public void AxisValueKind_MirrorsAxisKindByNameAndValue()
        => Assert.Equal(NamesAndValues(typeof(AxisKind)), NamesAndValues(typeof(AxisValueKind)));

    [Fact]
    public void EnumMembersGeneratedCodeNames_Exist()
    {
        Assert.True(Enum.TryParse(Members.RunModeSpecs, out StudyRunMode specs) && Enum.IsDefined(specs));
        Assert.True(Enum.TryParse(Members.RunModeTrialMethod, out StudyRunMode trial) && Enum.IsDefined(trial));
        Assert.NotEqual(specs, trial);

        // [Derived] without an argument is emitted as Quantity.None, which is what the attribute defaults to.
        Assert.True(Enum.TryParse(Members.QuantityNone, out Quantity none) && Enum.IsDefined(none));
        Assert.Equal(none, new DerivedAttribute().Quantity);
    }

    [Fact]
    public void Attributes_HaveTheArgumentsTheGeneratorReads()
    {
        // The reader takes the name, the zip group, the range bounds and the seeds by position, and these by name;
        // a renamed named argument would otherwise be read as its default without a word.
        Assert.Contains("public .ctor(String)", Shape.Constructors(typeof(StudyAttribute)));
        Assert.Equal($"public Int32 {Members.StudyAttribute.Seeds} {{ get; set; }}", Shape.Property(typeof(StudyAttribute), Members.StudyAttribute.Seeds));
        Assert.Equal($"public String {Members.StudyAttribute.Description} {{ get; set; }}", Shape.Property(typeof(StudyAttribute), Members.StudyAttribute.Description));
        Assert.Contains("public .ctor(params Int32[])", Shape.Constructors(typeof(SeedsAttribute)));
        Assert.Contains("public .ctor(String)", Shape.Constructors(typeof(ZipAttribute)));
        Assert.Contains("public .ctor(Quantity)", Shape.Constructors(typeof(DerivedAttribute)));
        foreach (Type range in (Type[])[typeof(GeometricAttribute), typeof(LinearAttribute)])
        {
            Assert.Contains("public .ctor(Double, Double)", Shape.Constructors(range));
            Assert.Equal($"public Int32 {Members.RangeSteps} {{ get; set; }}", Shape.Property(range, Members.RangeSteps));
        }
    }

    [Fact]
    public void TrialContextRecord_TakesTheMetricNameTheLawCheckReads()
    {
        IReadOnlyList<string> overloads = Shape.Methods(typeof(TrialContext), Members.TrialContext.Record);

        string record = Members.TrialContext.Record;
        Assert.Equal([$"public Void {record}(String, Double)", $"public abstract Void {record}(String, String, Double)"], overloads.Order(StringComparer.Ordinal));
        Assert.All(
            typeof(TrialContext).GetMethods().Where(m => m.Name == Members.TrialContext.Record),
            m => Assert.Contains(m.GetParameters(), p => p.Name == Members.TrialContext.RecordMetricParameter && p.ParameterType == typeof(string)));
    }

    [Fact]
    public void TrialContextRecord_NamesItsEvaluationWithTheParameterTheEvaluationCheckReads()
    {
        MethodInfo[] overloads = [.. typeof(TrialContext).GetMethods().Where(m => m.Name == Members.TrialContext.Record)];

        // The three-argument overload names its evaluation; the two-argument one records under DefaultEvaluation.
        Assert.Single(overloads, m => m.GetParameters().Any(p => p.Name == Members.TrialContext.RecordEvaluationParameter && p.ParameterType == typeof(string)));
        Assert.Single(overloads, m => m.GetParameters().Length == 2 && m.GetParameters().All(p => p.Name != Members.TrialContext.RecordEvaluationParameter));
    }

    [Fact]
    public void LawSpecs_NameEvaluationsWithThePropertiesAndPlaceholderTheEvaluationCheckReads()
    {
        Assert.Equal(LawSpec.FirstEvaluation, Members.LawSpec.FirstEvaluation);

        // Every string init property of a LawSpec record that holds an evaluation is listed: Evaluation, Ood, Shifted.
        Type[] specs = [.. typeof(LawSpec).Assembly.GetTypes().Where(t => typeof(LawSpec).IsAssignableFrom(t))];
        Assert.All(Members.LawSpec.EvaluationProperties, name => Assert.Contains(specs, t => t.GetProperty(name) is { CanWrite: true } p && p.PropertyType == typeof(string)));
        Assert.Equal("Ood", Members.LawSpec.EvaluationProperties.Single(n => typeof(OnTheLineSpec).GetProperty(n)?.DeclaringType == typeof(OnTheLineSpec)));
        Assert.Equal("Shifted", Members.LawSpec.EvaluationProperties.Single(n => typeof(RobustnessGapSpec).GetProperty(n)?.DeclaringType == typeof(RobustnessGapSpec)));
        Assert.False(typeof(OnTheLineSpec).GetProperty(nameof(OnTheLineSpec.Id))!.CanWrite, "Id reads Evaluation; a settable Id would need its own entry");
        Assert.False(typeof(RobustnessGapSpec).GetProperty(nameof(RobustnessGapSpec.Clean))!.CanWrite, "Clean reads Evaluation; a settable Clean would need its own entry");
    }

    [Fact]
    public void LawSpecFactories_NameColumnsWithExactlyTheParametersTheLawCheckReads()
    {
        MethodInfo[] factories = typeof(LawSpec).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => typeof(LawSpec).IsAssignableFrom(m.ReturnType))
            .ToArray();
        Assert.NotEmpty(factories);

        // Every string parameter but the evaluations, the reference filter and a baseline value names a column, and the check knows each of them.
        string[] columns = [.. factories.SelectMany(f => f.GetParameters())
            .Where(p => p.ParameterType == typeof(string) && p.Name != Members.LawSpec.EvaluationParameter
                && p.Name != Members.LawSpec.ReferenceParameter && p.Name != Members.LawSpec.BaselineParameter
                && !Members.LawSpec.ComparedEvaluationParameters.Contains(p.Name!))
            .Select(p => p.Name!)
            .Distinct()
            .Order(StringComparer.Ordinal)];
        Assert.Equal(Members.LawSpec.ColumnParameters.Order(StringComparer.Ordinal), columns);
        Assert.All(factories, f => Assert.Contains(f.GetParameters(), p => (p.Name == Members.LawSpec.EvaluationParameter || Members.LawSpec.ComparedEvaluationParameters.Contains(p.Name!)) && p.ParameterType == typeof(string)));

        // The robustness factories name exactly the compared evaluations the list holds.
        string[] compared = [.. factories.Where(f => f.ReturnType == typeof(OnTheLineSpec) || f.ReturnType == typeof(RobustnessGapSpec))
            .SelectMany(f => f.GetParameters()).Select(p => p.Name!).Where(Members.LawSpec.ComparedEvaluationParameters.Contains).Order(StringComparer.Ordinal)];
        Assert.Equal(Members.LawSpec.ComparedEvaluationParameters.Order(StringComparer.Ordinal), compared);
    }

    [Fact]
    public void CollapseChains_HaveTheFactoryTheGeneratedCodeCallsAndTheArgumentsTheChainCheckReads()
    {
        AssertMethod(Dsl(WellKnownTypeNames.TrialSpec), "public static TrialSpec", Members.TrialSpecForChain, "(DataSpec, ModelSpec, TrainSpec, CollapseSpec)");

        // The spec properties the reader finds by name are the TrialSpec's, of the same types.
        foreach ((string name, Type type) in (ReadOnlySpan<(string, Type)>)[
            (Members.SpecProperties.Data, typeof(DataSpec)), (Members.SpecProperties.Model, typeof(ModelSpec)),
            (Members.SpecProperties.Train, typeof(TrainSpec)), (Members.SpecProperties.Chain, Dsl(WellKnownTypeNames.CollapseSpec))])
        {
            Assert.Equal(type, typeof(TrialSpec).GetProperty(name)?.PropertyType);
        }

        // CollapseSpec.Chain(generations, policy, checkpoints) and the init-only settings a 'with' may set.
        Type collapse = Dsl(WellKnownTypeNames.CollapseSpec);
        AssertMethod(collapse, "public static CollapseSpec", Members.CollapseSpec.Chain, "(Int32, DataPolicy, IReadOnlyList<Int32>)");
        Assert.Equal(
            [Members.CollapseSpec.GenerationsParameter, "policy", Members.CollapseSpec.CheckpointsParameter],
            collapse.GetMethod(Members.CollapseSpec.Chain)!.GetParameters().Select(p => p.Name));
        Assert.Equal($"public Int32 {Members.CollapseSpec.Generations} {{ get; init; }}", Shape.Property(collapse, Members.CollapseSpec.Generations));
        Assert.Equal($"public Double {Members.CollapseSpec.Temperature} {{ get; init; }}", Shape.Property(collapse, Members.CollapseSpec.Temperature));

        // Every number a DataPolicy factory takes is a fresh fraction, and the check knows each parameter.
        Type policy = Dsl(WellKnownTypeNames.DataPolicy);
        MethodInfo[] factories = [.. policy.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == policy && !m.IsSpecialName)];
        Assert.Equal([Members.DataPolicy.FreshMix, Members.DataPolicy.Of], factories.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            Members.DataPolicy.FractionParameters.Order(StringComparer.Ordinal),
            factories.SelectMany(f => f.GetParameters()).Where(p => p.ParameterType == typeof(double)).Select(p => p.Name!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MirroredColumnLists_EqualTheDslOnes()
    {
        Assert.Equal(Metric.Engine, ColumnNames.EngineMetrics);
        Assert.Equal(ResultColumns.Reserved, ColumnNames.Reserved);
        Assert.Equal(ResultColumns.Seed, ColumnNames.Seed);
        Assert.Equal(GridOptions.SeedAxis, ColumnNames.Seed);
    }

    private static Type Dsl(string metadataName)
        => s_dsl.GetType(metadataName) ?? throw new InvalidOperationException($"Sweep.Dsl has no type '{metadataName}'");

    /// <summary>Asserts that a type has a method <c>{modifiers and return type} {name}{rest}</c>.</summary>
    private static void AssertMethod(Type type, string head, string name, string rest)
        => Assert.Contains($"{head} {name}{rest}", Shape.Methods(type, name));

    private static IEnumerable<(string Name, long Value)> NamesAndValues(Type enumType)
        => Enum.GetValues(enumType).Cast<object>().Select(v => (Enum.GetName(enumType, v)!, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));

    private static IEnumerable<string> Constants(Type type)
        => type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
