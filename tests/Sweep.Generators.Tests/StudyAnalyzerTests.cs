using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>
/// One test per diagnostic: the ID, the exact span (marked <c>{|SWPnnnn:text|}</c> in the source) and the message
/// text. Sources with an error must also generate nothing (the generator skips what the analyzer reports).
/// </summary>
public sealed class StudyAnalyzerTests
{
    [Theory]
    [MemberData(nameof(TestStudies.Names), MemberType = typeof(TestStudies))]
    public async Task ValidStudy_ReportsNoDiagnostic(string name)
    {
        ImmutableArray<Diagnostic> diagnostics = await GeneratorDriverHelper.AnalyzeAsync(TestStudies.All[name]);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task StudyNotPartial_ReportsSWP1001() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public class {|SWP1001:NotPartial|}
        {
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Type 'NotPartial' must be partial so the generator can add the Definition of study 's'; add the 'partial' modifier to its declaration");

    [Fact]
    public async Task ContainingTypeNotPartial_ReportsSWP1001() => await VerifyAsync("""
        using Sweep;
        public class {|SWP1001:Outer|}
        {
            [Study("s")]
            public partial class Inner
            {
                [Trial] public void Run(TrialContext context) { }
            }
        }
        """,
        "Type 'Outer' must be partial so the generator can add the Definition of study 's'; add the 'partial' modifier to its declaration");

    [Fact]
    public async Task GenericStudy_ReportsSWP1002() => await VerifyAsync("""
        using Sweep;
        public partial class Outer<T>
        {
            [Study("s")]
            public partial class {|SWP1002:Inner|}
            {
                [Trial] public void Run(TrialContext context) { }
            }
        }
        """,
        "Study class 'Inner' must not be generic or nested in a generic type ('Outer' has type parameters); remove the type parameters or move the study out of 'Outer'");

    [Fact]
    public async Task DuplicateStudyName_ReportsSWP1003AtSecondName() => await VerifyAsync("""
        using Sweep;
        [Study("same")]
        public partial class First
        {
            [Trial] public void Run(TrialContext context) { }
        }

        [Study({|SWP1003:"SAME"|})]
        public partial class Second
        {
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Study name 'SAME' is already used by 'First' in this assembly; study names must be unique (ignoring case): rename one of them");

    [Fact]
    public async Task ConstraintWithWrongSignature_ReportsSWP1004() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Constraint] public bool Fine() => true;
            [Constraint] public int {|SWP1004:Budget|}() => 1;
            [Constraint] public bool {|SWP1004:WithArgument|}(int limit) => true;
            [Constraint] public static bool {|SWP1004:Static|}() => true;
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Constraint method 'Budget' must be an instance method 'bool Budget()' with no parameters and no type parameters; change its signature",
        "Constraint method 'WithArgument' must be an instance method 'bool WithArgument()' with no parameters and no type parameters; change its signature",
        "Constraint method 'Static' must be an instance method 'bool Static()' with no parameters and no type parameters; change its signature");

    [Fact]
    public async Task NoSeeds_ReportsSWP1005() => await VerifyAsync("""
        using Sweep;
        [Study("s", {|SWP1005:Seeds = 0|})]
        public partial class S
        {
            [Trial] public void Run(TrialContext context) { }
        }

        [Study("t"), {|SWP1005:Seeds()|}]
        public partial class T
        {
            [Trial] public void Run(TrialContext context) { }
        }

        [Study("u"), Seeds(1, 2, {|SWP1005:1|})]
        public partial class U
        {
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Seeds of study 's' are invalid: 'Seeds = 0' gives no seed; every grid point needs at least one seed, and seeds must be distinct",
        "Seeds of study 't' are invalid: [Seeds] lists no seed; every grid point needs at least one seed, and seeds must be distinct",
        "Seeds of study 'u' are invalid: seed 1 is listed twice; every grid point needs at least one seed, and seeds must be distinct");

    [Fact]
    public async Task InvalidStudyName_ReportsSWP1006() => await VerifyAsync("""
        using Sweep;
        [Study({|SWP1006:"mlp width!"|})]
        public partial class S
        {
            [Trial] public void Run(TrialContext context) { }
        }

        [Study({|SWP1006:""|})]
        public partial class T
        {
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Study name 'mlp width!' is invalid; use a non-empty name made of letters, digits, '-', '_' and '.' (for example 'mlp-width')",
        "Study name '' is invalid; use a non-empty name made of letters, digits, '-', '_' and '.' (for example 'mlp-width')");

    [Fact]
    public async Task NoParameterlessConstructor_ReportsSWP1007() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class {|SWP1007:S|}
        {
            public S(int width) { }
            [Trial] public void Run(TrialContext context) { }
        }

        [Study("t")]
        public abstract partial class {|SWP1007:T|}
        {
            [Trial] public void Run(TrialContext context) { }
        }

        [Study("u")]
        public partial class {|SWP1007:U|}
        {
            public required string Label { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Study class 'S' must be creatable with 'new S()' by its grid: it has no parameterless constructor; add one, e.g. 'public S() { }'",
        "Study class 'T' must be creatable with 'new T()' by its grid: it is abstract; remove the 'abstract' modifier",
        "Study class 'U' must be creatable with 'new U()' by its grid: its required member 'Label' is not an axis, so the grid cannot set it; make it an axis or remove 'required'");

    [Fact]
    public async Task NothingToRun_ReportsSWP1008() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class {|SWP1008:S|}
        {
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public string Model => "mlp";
        }
        """,
        "Study 's' has nothing to run (no [Trial] method; missing Model (ModelSpec), Train (TrainSpec)); add a '[Trial] void Run(TrialContext context)' method, or Data, Model and Train properties of DataSpec, ModelSpec and TrainSpec types");

    [Fact]
    public async Task TrialWithWrongSignature_ReportsSWP1009() => await VerifyAsync("""
        using System.Threading.Tasks;
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Trial] public Task {|SWP1009:RunAsync|}(TrialContext context) => Task.CompletedTask;
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
        }
        """,
        "Trial method 'RunAsync' must be an instance method 'void RunAsync(TrialContext context)' with no type parameters; change its signature");

    [Fact]
    public async Task PrivateNestedStudy_ReportsSWP1010() => await VerifyAsync("""
        using Sweep;
        public partial class Outer
        {
            [Study("s")]
            private partial class {|SWP1010:Hidden|}
            {
                [Trial] public void Run(TrialContext context) { }
            }
        }
        """,
        "Study class 'Hidden' cannot get its generated Definition: 'Hidden' is private, so the generated module initializer cannot reach it to register the study; make it internal or public");

    [Fact]
    public async Task MemberNamedDefinition_ReportsSWP1010() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            public static string {|SWP1010:Definition|} => "mine";
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Study class 'S' cannot get its generated Definition: it already declares a member named 'Definition', which the generator adds; rename that member");

    [Fact]
    public async Task TwoTrialMethods_ReportsSWP1011AtSecond() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Trial] public void Run(TrialContext context) { }
            [Trial] public void {|SWP1011:RunAgain|}(TrialContext context) { }
        }
        """,
        "Study 's' already has the [Trial] method 'Run'; keep one [Trial] method and remove the attribute from 'RunAgain'");

    [Fact]
    public async Task AxisWithoutValues_ReportsSWP2001() => await VerifyAsync("""
        using Sweep;
        public enum Empty { }
        [Study("s")]
        public partial class S
        {
            [Axis] public int {|SWP2001:Width|} { get; init; }
            [Axis, {|SWP2001:Values(new int[0])|}] public int Depth { get; init; }
            [Axis] public Empty {|SWP2001:Nothing|} { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis 'Width' has no values; add [Values(...)], [Geometric(...)] or [Linear(...)]",
        "Axis 'Depth' has no values; [Values] lists none; list at least one value",
        "Axis 'Nothing' has no values; enum 'Empty' has no members; add members to it");

    [Fact]
    public async Task InvalidGeometricRange_ReportsSWP2002() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Geometric({|SWP2002:0|}, 8)] public int Width { get; init; }
            [Axis, Geometric(1, {|SWP2002:-8|})] public double Rate { get; init; }
            [Axis, Geometric(1, 8, {|SWP2002:Steps = 1|})] public int Depth { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Geometric range of axis 'Width' is invalid: 'from' is 0, not positive; use positive bounds and Steps from 2 to 10000",
        "Geometric range of axis 'Rate' is invalid: 'to' is -8, not positive; use positive bounds and Steps from 2 to 10000",
        "Geometric range of axis 'Depth' is invalid: Steps is 1; use positive bounds and Steps from 2 to 10000");

    [Fact]
    public async Task InvalidLinearRange_ReportsSWP2003() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Linear(0, 1, {|SWP2003:Steps = 1|})] public double Noise { get; init; }
            [Axis, Linear(0, {|SWP2003:double.PositiveInfinity|})] public double Rate { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Linear range of axis 'Noise' is invalid: Steps is 1; use finite bounds and Steps from 2 to 10000",
        "Linear range of axis 'Rate' is invalid: 'to' is Infinity, not a finite number; use finite bounds and Steps from 2 to 10000");

    [Fact]
    public async Task UnsupportedAxisType_ReportsSWP2004() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1, 2)] public decimal {|SWP2004:Rate|} { get; init; }
            [Axis, Values(1, 2)] public int? {|SWP2004:Maybe|} { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis 'Rate' has type 'decimal', which cannot be an axis; use int, long, float, double, bool, string or an enum",
        "Axis 'Maybe' has type 'int?', which cannot be an axis; use int, long, float, double, bool, string or an enum");

    [Fact]
    public async Task ZippedAxesOfUnequalLength_ReportsSWP2005() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(64, 128, 256), Zip("shape")] public int Width { get; init; }
            [Axis, Values(2, 3), Zip("shape")] public int {|SWP2005:Depth|} { get; init; }
            [Axis, Values(1, 2, 3, 4), Zip("shape")] public int {|SWP2005:Heads|} { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis 'Depth' has 2 values but axis 'Width' of zip group 'shape' has 3; zipped axes need the same number of values: add or remove values",
        "Axis 'Heads' has 4 values but axis 'Width' of zip group 'shape' has 3; zipped axes need the same number of values: add or remove values");

    [Fact]
    public async Task ValueOfAnotherType_ReportsSWP2006() => await VerifyAsync("""
        using Sweep;
        public enum Color { Red, Green }
        public enum Shape { Round }
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1, {|SWP2006:1.5|})] public int Width { get; init; }
            [Axis, Values({|SWP2006:3_000_000_000L|})] public int Big { get; init; }
            [Axis, Values({|SWP2006:"wide"|})] public int Named { get; init; }
            [Axis, Values(Color.Red, {|SWP2006:Shape.Round|})] public Color Color { get; init; }
            [Axis, Values({|SWP2006:1|})] public bool Flag { get; init; }
            [Axis, {|SWP2006:Geometric(1, 8)|}] public string Label { get; init; } = "";
            [Axis, Geometric(1, {|SWP2006:1e12|})] public int Huge { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "1.5 does not convert to axis 'Width' of type 'int' (it is not a whole number); write values of type 'int'",
        "3000000000 does not convert to axis 'Big' of type 'int' (it is outside the int range); write values of type 'int'",
        "\"wide\" does not convert to axis 'Named' of type 'int' (it is of type 'string'); write values of type 'int'",
        "Shape.Round does not convert to axis 'Color' of type 'Color' (it is of type 'Shape'); write values of type 'Color'",
        "1 does not convert to axis 'Flag' of type 'bool' (it is of type 'int'); write values of type 'bool'",
        "[Geometric(1, 8)] does not convert to axis 'Label' of type 'string' (a range gives numbers); write values of type 'string'",
        "1000000000000 does not convert to axis 'Huge' of type 'int' (it is outside the int range); write values of type 'int'");

    [Fact]
    public async Task DuplicateValue_ReportsSWP2007() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(16, 32, {|SWP2007:16|})] public int Width { get; init; }
            [Axis, Values(2, {|SWP2007:2.0|})] public long Depth { get; init; }
            [Axis, Values("a", {|SWP2007:"a"|})] public string Label { get; init; } = "";
            [Axis, Values(0.1, {|SWP2007:0.1000000001|})] public float Rate { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis 'Width' lists 16 more than once; remove the duplicate",
        "Axis 'Depth' lists 2 more than once; remove the duplicate",
        "Axis 'Label' lists \"a\" more than once; remove the duplicate",
        "Axis 'Rate' lists 0.1000000001 more than once; remove the duplicate");

    [Fact]
    public async Task AxisWithoutSetter_ReportsSWP2008() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1, 2)] public int {|SWP2008:Width|} { get; }
            [Axis, Values(1, 2)] public static int {|SWP2008:Depth|} { get; set; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis property 'Width' must be a non-static property with an 'init' or 'set' accessor so the grid can set it; declare it as 'public int Width { get; init; }'",
        "Axis property 'Depth' must be a non-static property with an 'init' or 'set' accessor so the grid can set it; declare it as 'public int Depth { get; init; }'");

    [Fact]
    public async Task IgnoredValueSource_WarnsSWP2009AndStillGenerates() => await VerifyWarningsAsync("""
            using Sweep;
            [Study("s")]
            public partial class S
            {
                [{|SWP2009:Values(1, 2)|}] public int NotAnAxis { get; init; }
                [Axis, Values(1, 2), {|SWP2009:Geometric(1, 8)|}] public int Width { get; init; }
                [{|SWP2009:Zip("g")|}] public int Loose { get; init; }
                [Trial] public void Run(TrialContext context) { }
            }
            """,
            "[Values] on property 'NotAnAxis' is ignored: the property has no [Axis]; add [Axis] or remove [Values]",
            "[Geometric] on property 'Width' is ignored: the axis already takes its values from [Values]; keep one value source",
            "[Zip] on property 'Loose' is ignored: the property has no [Axis]; add [Axis] or remove [Zip]");

    [Fact]
    public async Task ColumnNamedLikeAResultColumnOrAnotherColumn_ReportsSWP2010() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1, 2)] public int {|SWP2010:Seed|} { get; init; }
            [Axis, Values(1, 2)] public int Width { get; init; }
            [Axis, Values(1, 2)] public int {|SWP2010:width|} { get; init; }
            [Derived] public double {|SWP2010:WIDTH|} => 1;
            [Derived] public double {|SWP2010:Wall_Seconds|} => 1;
            [Derived] public double Train_Flops => 1;
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Axis 'Seed' clashes with the result column 'seed': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property",
        "Axis 'width' clashes with axis 'Width': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property",
        "Derived property 'WIDTH' clashes with axis 'Width': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property",
        "Derived property 'Wall_Seconds' clashes with the result column 'wall_seconds': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property");

    [Fact]
    public async Task ColumnNamedLikeAnEngineMetric_ReportsSWP2010OnlyForASpecsStudy() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1, 2)] public int {|SWP2010:ECE|} { get; init; }
            [Derived(Quantity.Flops)] public double {|SWP2010:Train_Flops|} => 6.0 * ECE;
            [Derived(Quantity.Flops)] public double Flops => 6.0 * ECE;
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
        }
        """,
        "Axis 'ECE' clashes with the engine's metric 'ece': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property",
        "Derived property 'Train_Flops' clashes with the engine's metric 'train_flops': a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property");

    [Fact]
    public async Task DescendingRange_ReportsSWP2011() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, {|SWP2011:Geometric(1024, 8)|}] public int Width { get; init; }
            [Axis, {|SWP2011:Linear(1, 0, Steps = 3)|}] public double Noise { get; init; }
            [Axis, {|SWP2011:Geometric(1e-1, 1e-4, Steps = 4)|}] public double Rate { get; init; }
            [Axis, Linear(-1, -0.5)] public double Shift { get; init; }
            [Axis, Geometric(3, 3, Steps = 3)] public double Same { get; init; }
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "[Geometric(1024, 8)] on axis 'Width' runs from 1024 down to 8; write the bounds in ascending order, [Geometric(8, 1024)]: the runner orders trials itself",
        "[Linear(1, 0, Steps = 3)] on axis 'Noise' runs from 1 down to 0; write the bounds in ascending order, [Linear(0, 1, Steps = 3)]: the runner orders trials itself",
        "[Geometric(1e-1, 1e-4, Steps = 4)] on axis 'Rate' runs from 0.1 down to 0.0001; write the bounds in ascending order, [Geometric(0.0001, 0.1, Steps = 4)]: the runner orders trials itself");

    [Fact]
    public async Task NonNumericDerived_ReportsSWP3001() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Derived] public string {|SWP3001:Label|} => "x";
            [Derived] public static long {|SWP3001:Total|} => 1;
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "[Derived] property 'Label' must be a readable, non-static property of a numeric type such as long or double; it is of type 'string'",
        "[Derived] property 'Total' must be a readable, non-static property of a numeric type such as long or double; it is static");

    [Fact]
    public async Task EvaluateNotShiftSpec_ReportsSWP3002() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Evaluate] public double {|SWP3002:Wider|} => 2.0;
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "[Evaluate] property 'Wider' must be a readable, non-static property of type ShiftSpec or a type derived from it; it is of type 'double'");

    [Fact]
    public async Task LawNotLawSpec_ReportsSWP3003() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Law] public string {|SWP3003:Fit|} => "power";
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "[Law] property 'Fit' must be a readable, non-static property of type LawSpec or a type derived from it; it is of type 'string'");

    [Fact]
    public async Task UnknownRobustnessColumn_ReportsSWP3004_ButEvaluationNamesAndFiltersAreNotColumns() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Derived(Quantity.Parameters)] public long Parameters => Width;
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
            [Evaluate] public ShiftSpec Clean => ShiftSpec.None;
            [Evaluate] public ShiftSpec Wider => ShiftSpec.Covariate(2.0);

            [Law] public LawSpec Line => LawSpec.OnTheLine(id: nameof(Clean), ood: nameof(Wider), {|SWP3004:metric: "accuracy"|}, {|SWP3004:scale: "Widht"|}, reference: "Width = 8");
            [Law] public LawSpec Gap => LawSpec.RobustnessGap(clean: nameof(Clean), shifted: nameof(Wider), {|SWP3004:x: "size"|});
            [Law] public LawSpec Fine => LawSpec.OnTheLine(id: "Clean", ood: "Wider", metric: Metric.TestAccuracy, link: Link.Logit, scale: nameof(Width));
        }
        """,
        "Column 'accuracy' of law 'Line' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Column 'Widht' of law 'Line' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Column 'size' of law 'Gap' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss");

    [Fact]
    public async Task MethodGap_ChecksItsScaleAndMethodColumnsAndItsEvaluation_ButNotItsBaselineValue() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Axis, Values(0.0, 0.2)] public double Eps { get; init; }
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
            [Evaluate] public ShiftSpec Clean => ShiftSpec.None;

            [Law] public LawSpec Method => LawSpec.MethodGap(x: nameof(Width), {|SWP3004:by: "Epsilon"|}, baseline: "0", evaluation: nameof(Clean));
            [Law] public LawSpec Under => LawSpec.MethodGap(x: nameof(Width), by: nameof(Eps), baseline: "0", {|SWP3008:evaluation: "Attacked"|});
            [Law] public LawSpec Fine => LawSpec.MethodGap(x: nameof(Width), by: nameof(Eps), baseline: "0.0", evaluation: "Clean", metric: Metric.TestAccuracy);
        }
        """,
        "Column 'Epsilon' of law 'Method' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Eps, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Evaluation 'Attacked' of law 'Under' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean");

    [Fact]
    public async Task UnknownLawColumnOfASpecsStudy_ReportsSWP3004OnTheArgument() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Derived(Quantity.Parameters)] public long Parameters => Width;
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();

            [Law] public LawSpec Typo => LawSpec.PowerLaw({|SWP3004:x: "Widht"|}, y: Metric.TestLoss);
            [Law] public LawSpec Joint => LawSpec.Chinchilla(n: nameof(Parameters), {|SWP3004:d: "tokens"|}, loss: Metric.TestLoss);
            [Law] public LawSpec Positional => LawSpec.Kaplan(nameof(Parameters), Metric.Tokens, {|SWP3004:"wall_seconds"|});
            [Law] public LawSpec Block
            {
                get { return LawSpec.Peak(x: nameof(Width), y: Metric.TestLoss, {|SWP3004:by: "Ridge"|}); }
            }

            // Columns compare ignoring case; the seed is a column; non-constant columns are not checked (evaluations are SWP3008's).
            [Law] public LawSpec Fine => LawSpec.Peak(x: "width", y: "TEST_LOSS", by: "seed", evaluation: "test");
            [Law] public LawSpec Computed => LawSpec.PowerLaw(x: Pick(), y: Metric.TestLoss, by: null);
            private static string Pick() => "Widht";
        }
        """,
        "Column 'Widht' of law 'Typo' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Column 'tokens' of law 'Joint' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Column 'wall_seconds' of law 'Positional' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss",
        "Column 'Ridge' of law 'Block' is not a column of study 's'; name one of its axes, derived properties or metrics: Width, Parameters, seed, test_loss, train_loss, test_accuracy, ece, model_parameters, train_tokens, train_flops, mce, brier, nll, softmax_temperature, ece_calibrated, nll_calibrated, msp_auroc, fitted_variance, tail_mass, w2_distance, kl_divergence, tv_distance, perplexity, vocabulary_coverage, excess_loss");

    [Fact]
    public async Task UnknownLawEvaluation_ReportsSWP3008OnTheArgumentOrAssignment_ListingTheEvaluations() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
            [Evaluate] public ShiftSpec Clean => ShiftSpec.None;
            [Evaluate] public ShiftSpec Wider => ShiftSpec.Covariate(2.0);

            [Law] public LawSpec Line => LawSpec.OnTheLine(id: nameof(Clean), {|SWP3008:ood: "Wide"|});
            [Law] public LawSpec Gap => LawSpec.RobustnessGap({|SWP3008:clean: "clean"|}, shifted: nameof(Wider), x: nameof(Width));
            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss, {|SWP3008:evaluation: "Shifted"|});
            [Law] public LawSpec Positional => LawSpec.OnTheLine({|SWP3008:"Noisy"|}, "Wider");
            [Law] public LawSpec Edited => LawSpec.OnTheLine(id: nameof(Clean), ood: nameof(Wider)) with { {|SWP3008:Ood = "Far"|}, {|SWP3008:Evaluation = "Near"|} };

            // Declared names, the first-evaluation placeholder and omitted evaluations are fine.
            [Law] public LawSpec Fine => LawSpec.OnTheLine(id: "Clean", ood: nameof(Wider), scale: nameof(Width));
            [Law] public LawSpec First => LawSpec.Peak(x: nameof(Width), y: Metric.TestLoss, evaluation: LawSpec.FirstEvaluation);
            [Law] public LawSpec Omitted => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss) with { Evaluation = nameof(Wider) };
        }
        """,
        "Evaluation 'Wide' of law 'Line' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider",
        "Evaluation 'clean' of law 'Gap' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider",
        "Evaluation 'Shifted' of law 'Loss' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider",
        "Evaluation 'Noisy' of law 'Positional' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider",
        "Evaluation 'Far' of law 'Edited' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider",
        "Evaluation 'Near' of law 'Edited' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Clean, Wider");

    [Fact]
    public async Task ConstantSpecArgumentsOutsideTheirRange_ReportSWP3009OnTheArgumentOrAssignment() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(1e-3, 1e-2)] public double Lr { get; init; }
            public DataSpec Data => DataSpec.GaussianMixture(inputs: 4, classes: 3) with { {|SWP3009:Validation = 0|} };
            public ModelSpec Model => ModelSpec.RandomFeatures({|SWP3009:features: -8|});
            public TrainSpec Train => TrainSpec.Adam({|SWP3009:lr: 0|}, steps: 100) with { Adversarial = AdversarialTraining.Pgd(0.3, {|SWP3009:0|}), {|SWP3009:InputNoise = -0.1|} };
            [Evaluate] public ShiftSpec Attack => ShiftSpec.Pgd(0.1, {|SWP3009:stepSize: -1|});
            [Evaluate] public ShiftSpec Severe => ShiftSpec.Corruption(Corruption.Impulse, {|SWP3009:severity: 6|});
            [Evaluate] public ShiftSpec Flipped => ShiftSpec.LabelNoise({|SWP3009:1.5|});
            [Evaluate] public ShiftSpec Far => ShiftSpec.Covariate({|SWP3009:double.PositiveInfinity|});
            public SpuriousFeature Cue => new SpuriousFeature({|SWP3009:agreement: 2|}, strength: 1) with { {|SWP3009:Strength = 0|} };
            public DataSpec Chained => DataSpec.Gaussian({|SWP3009:correlation: 1|});

            // Values the compiler cannot see, the bounds themselves and unguarded parameters are fine.
            public TrainSpec Swept => TrainSpec.Sgd(lr: Lr, steps: 1, batch: 1, momentum: -5);
            [Evaluate] public ShiftSpec Edge => ShiftSpec.Pgd(0, steps: 1, stepSize: 0);
            [Evaluate] public ShiftSpec AllFlipped => ShiftSpec.LabelNoise(1);
            [Evaluate] public ShiftSpec Worst => ShiftSpec.Corruption(Corruption.Impulse, severity: 5);
            [Evaluate] public ShiftSpec Converted => ShiftSpec.LabelNoise((Percent)50);
        }

        // A user-defined conversion changes the value the parameter receives: 50 % is 0.5.
        public readonly struct Percent(double value)
        {
            public double Value => value;
            public static explicit operator Percent(double value) => new(value);
            public static implicit operator double(Percent p) => p.Value / 100;
        }
        """,
        "DataSpec.Validation in study 's' must be at least 1; it is 0",
        "'features' of ModelSpec.RandomFeatures in study 's' must be at least 1; it is -8",
        "'lr' of TrainSpec.Adam in study 's' must be positive and finite; it is 0",
        "'steps' of AdversarialTraining.Pgd in study 's' must be at least 1; it is 0",
        "GradientTrain.InputNoise in study 's' must be positive and finite; it is -0.1",
        "'stepSize' of ShiftSpec.Pgd in study 's' must be finite and not negative; it is -1",
        "'severity' of ShiftSpec.Corruption in study 's' must be from 1 to 5; it is 6",
        "'rate' of ShiftSpec.LabelNoise in study 's' must be in [0, 1]; it is 1.5",
        "'scale' of ShiftSpec.Covariate in study 's' must be positive and finite; it is Infinity",
        "'agreement' of new SpuriousFeature in study 's' must be in [0, 1]; it is 2",
        "SpuriousFeature.Strength in study 's' must be positive and finite; it is 0",
        "'correlation' of DataSpec.Gaussian in study 's' must be in (-1, 1); it is 1");

    [Fact]
    public async Task LawEvaluationOfAStudyWithoutEvaluations_MustBeTheDefaultOne_SWP3008() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();

            [Law] public LawSpec Default => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss, evaluation: TrialContext.DefaultEvaluation);
            [Law] public LawSpec Named => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss, {|SWP3008:evaluation: "Clean"|});
        }
        """,
        "Evaluation 'Clean' of law 'Named' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): test");

    [Fact]
    public async Task LawEvaluationOfATrialStudy_IsCheckedAgainstItsConstantRecordCalls_SWP3008() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Evaluate] public ShiftSpec Declared => ShiftSpec.None;
            [Law] public LawSpec Recorded => LawSpec.OnTheLine(id: "clean", ood: "shifted", metric: "accuracy");
            [Law] public LawSpec ByDefault => LawSpec.PowerLaw(x: nameof(Width), y: "accuracy", evaluation: nameof(Declared));
            [Law] public LawSpec Typo => LawSpec.OnTheLine(id: "clean", {|SWP3008:ood: "shifed"|}, metric: "accuracy");

            [Trial]
            public void Run(TrialContext context)
            {
                context.Record("clean", "accuracy", 0.9);
                context.Record("shifted", "accuracy", 0.7);
                context.Record("accuracy", 0.8);
            }
        }
        """,
        "Evaluation 'shifed' of law 'Typo' is not an evaluation of study 's'; name one of its evaluations (names compare exactly): Declared, clean, shifted, test");

    [Fact]
    public async Task LawEvaluationsTheCompilerCannotKnow_ReportNothing() => await VerifyAsync("""
        using Sweep;
        public static class Recorder
        {
            public static void Log(TrialContext context) => context.Record("elsewhere", "accuracy", 1);
        }

        [Study("computed-name")]
        public partial class ComputedName
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            public DataSpec Data => DataSpec.TeacherStudent(inputs: 4);
            public ModelSpec Model => ModelSpec.Linear();
            public TrainSpec Train => TrainSpec.LeastSquares();
            [Evaluate] public ShiftSpec Clean => ShiftSpec.None;
            [Law] public LawSpec Line => LawSpec.OnTheLine(id: nameof(Clean), ood: Pick());
            [Law] public LawSpec Edited => LawSpec.PowerLaw(x: nameof(Width), y: Metric.TestLoss) with { Evaluation = Pick() };
            private static string Pick() => "Nowhere";
        }

        [Study("computed-record")]
        public partial class ComputedRecord
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Line => LawSpec.OnTheLine(id: "clean", ood: "shifted", metric: "accuracy");
            [Trial] public void Run(TrialContext context) { context.Record("clean", "accuracy", 1); context.Record(Shift(), "accuracy", 0.5); }
            private static string Shift() => "shifted";
        }

        [Study("passed-on")]
        public partial class PassedOn
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Line => LawSpec.OnTheLine(id: "test", ood: "elsewhere", metric: "accuracy");
            [Trial] public void Run(TrialContext context) { context.Record("accuracy", 1); Recorder.Log(context); }
        }

        [Study("chain")]
        public partial class Gaussians
        {
            public DataSpec Data => DataSpec.Gaussian(train: 10);
            public ModelSpec Model => ModelSpec.Gaussian();
            public TrainSpec Train => TrainSpec.Moments();
            public CollapseSpec Chain => CollapseSpec.Chain(generations: 5);
            [Law] public LawSpec Drift => LawSpec.RobustnessGap(clean: "gen-0", shifted: "gen-5", x: Metric.Parameters, metric: Metric.FittedVariance);
        }
        """);

    [Fact]
    public async Task LawColumnNoConstantRecordCallNames_WarnsSWP3005AndStillGenerates() => await VerifyWarningsAsync("""
            using Sweep;
            [Study("t")]
            public partial class T
            {
                [Axis, Values(8, 16)] public int Width { get; init; }
                [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), {|SWP3005:y: "los"|});
                [Law] public LawSpec Recorded => LawSpec.PowerLaw(x: nameof(Width), y: "LOSS", by: "variance");
                [Law] public LawSpec Engine => LawSpec.PowerLaw(x: nameof(Width), {|SWP3005:y: Metric.TestLoss|});

                [Trial]
                public void Run(TrialContext context)
                {
                    context.Record("loss", 1.0 / Width);
                    context.Record("shifted", "variance", 2.0);
                    Helper(context);
                }

                private static void Helper(TrialContext context) => context.Record(Metric.TrainLoss, 0);
            }
            """,
            "Column 'los' of law 'Loss' is recorded nowhere in study 't': it is not an axis or derived property and no Record call in the class records it; name one of Width, seed, loss, variance, train_loss, or record it",
            "Column 'test_loss' of law 'Engine' is recorded nowhere in study 't': it is not an axis or derived property and no Record call in the class records it; name one of Width, seed, loss, variance, train_loss, or record it");

    [Fact]
    public async Task LawColumnOfATrialStudyThatMayRecordMore_ReportsNothing() => await VerifyAsync("""
        using Sweep;
        public static class Recorder
        {
            public static void Log(object context) => ((TrialContext)context).Record("elsewhere", 1);
        }

        public sealed class Sink
        {
            public Sink(TrialContext context) => context.Record("sunk", 1);
            public static TrialContext? Last { get; set; }
        }

        [Study("computed")]
        public partial class Computed
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), y: "anything");
            [Trial] public void Run(TrialContext context) => context.Record(Name(), 1.0);
            private static string Name() => "anything";
        }

        [Study("passed")]
        public partial class Passed
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), y: "elsewhere");
            [Trial] public void Run(TrialContext context) { context.Record("here", 1); Recorder.Log(context); }
        }

        [Study("constructed")]
        public partial class Constructed
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), y: "sunk");
            [Trial] public void Run(TrialContext context) => _ = new Sink(context);
        }

        [Study("stored")]
        public partial class Stored
        {
            [Axis, Values(8, 16)] public int Width { get; init; }
            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Width), y: "later");
            [Trial] public void Run(TrialContext context) => Sink.Last = context;
        }
        """);

    /// <summary>As <see cref="VerifyAsync"/>, for diagnostics that are all warnings (so the study still generates).</summary>
    [Fact]
    public async Task ChainInAStudyWithATrialMethod_ReportsSWP1012OnTheChain() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            public CollapseSpec {|SWP1012:Chain|} => CollapseSpec.Chain(generations: 5);
            [Trial] public void Run(TrialContext context) { }
        }
        """,
        "Study 's' declares a collapse chain and the [Trial] method 'Run'; a chain runs on the built-in engine, which a [Trial] method replaces: remove the [Trial] method, or the Chain property");

    [Fact]
    public async Task ChainWithoutModelOrTrain_ReportsSWP1013OnTheChainInsteadOfSWP1008() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            public DataSpec Data => DataSpec.Gaussian(train: 10);
            public CollapseSpec {|SWP1013:Chain|} => CollapseSpec.Chain(generations: 5);
        }

        [Study("t")]
        public partial class T
        {
            public ModelSpec Model => ModelSpec.Gaussian();
            public CollapseSpec {|SWP1013:Chain|} => CollapseSpec.Chain(generations: 5);
        }
        """,
        "The collapse chain of study 's' needs Model (ModelSpec) and Train (TrainSpec): Data is the real distribution generation 0 samples from, Model the model each generation fits, Train how it is fitted; add them as properties of DataSpec, ModelSpec and TrainSpec types",
        "The collapse chain of study 't' needs Data (DataSpec) and Train (TrainSpec): Data is the real distribution generation 0 samples from, Model the model each generation fits, Train how it is fitted; add them as properties of DataSpec, ModelSpec and TrainSpec types");

    [Fact]
    public async Task ConstantChainMistakes_ReportSWP3006OnTheValue() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            [Axis] public DataPolicyKind Policy { get; init; }
            public DataSpec Data => DataSpec.Gaussian(train: 10);
            public ModelSpec Model => ModelSpec.Gaussian();
            public TrainSpec Train => TrainSpec.Moments();
            public CollapseSpec Chain => CollapseSpec.Chain({|SWP3006:generations: 0|});
            public CollapseSpec Listed => CollapseSpec.Chain(10, DataPolicy.Of(Policy, {|SWP3006:freshFraction: 1.5|}), [0, {|SWP3006:-1|}, 5, {|SWP3006:5|}, {|SWP3006:12|}]);
            public CollapseSpec Edited => Listed with { {|SWP3006:Generations = 0|}, {|SWP3006:Temperature = -0.5|} };
            public DataPolicy Mix => DataPolicy.FreshMix({|SWP3006:-0.1|});

            // Values the compiler cannot see are checked when each trial is described.
            public CollapseSpec Computed => CollapseSpec.Chain(Count(), DataPolicy.FreshMix(Share()), [Count() + 1]) with { Temperature = Share() };
            private static int Count() => 0;
            private static double Share() => 2;
        }
        """,
        "The collapse chain of study 's' is invalid: it has no generations (generations: 0); give it at least 1",
        "The collapse chain of study 's' is invalid: the fresh fraction 1.5 is outside [0, 1]; it is the share of each generation's samples that are fresh real data",
        "The collapse chain of study 's' is invalid: checkpoint -1 is negative; checkpoints are generations, from 0 (the real distribution)",
        "The collapse chain of study 's' is invalid: checkpoint 5 is listed twice; list each generation once",
        "The collapse chain of study 's' is invalid: checkpoint 12 is beyond the last generation (10); checkpoints run from 0 (the real distribution) to the generation count",
        "The collapse chain of study 's' is invalid: it has no generations (Generations = 0); give it at least 1",
        "The collapse chain of study 's' is invalid: the temperature -0.5 is not a finite number of 0 or more; 0 samples the most likely class, 1 the model as it is",
        "The collapse chain of study 's' is invalid: the fresh fraction -0.1 is outside [0, 1]; it is the share of each generation's samples that are fresh real data");

    [Fact]
    public async Task EvaluateInAChainStudy_ReportsSWP3007OnTheProperty() => await VerifyAsync("""
        using Sweep;
        [Study("s")]
        public partial class S
        {
            public DataSpec Data => DataSpec.Gaussian(train: 10);
            public ModelSpec Model => ModelSpec.Gaussian();
            public TrainSpec Train => TrainSpec.Moments();
            public CollapseSpec Chain => CollapseSpec.Chain(generations: 5);
            [Evaluate] public ShiftSpec {|SWP3007:Wider|} => ShiftSpec.Covariate(2.0);
        }
        """,
        "[Evaluate] property 'Wider' cannot be used in study 's', which declares a collapse chain: the chain's evaluations are its checkpoints (gen-t), each measured on real data; remove [Evaluate] from 'Wider'");

    private static async Task VerifyWarningsAsync(string markup, params string[] messages)
    {
        ImmutableArray<Diagnostic> diagnostics = await VerifyAsync(markup, messages);

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    /// <summary>
    /// Asserts that the analyzers report exactly the marked diagnostics, in source order, with these messages; and
    /// that the generator emitted nothing when one of them is an error.
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, params string[] messages)
    {
        (string source, IReadOnlyList<ExpectedDiagnostic> expected) = Markup.Parse(markup);
        Assert.Equal(expected.Count, messages.Length);

        ImmutableArray<Diagnostic> diagnostics = await GeneratorDriverHelper.AnalyzeAsync(source);

        Assert.Equal(
            expected.Select(e => $"{e.Id} at {e.Span} '{source[e.Span.Start..e.Span.End]}'"),
            diagnostics.Select(d => $"{d.Id} at {d.Location.SourceSpan} '{source[d.Location.SourceSpan.Start..d.Location.SourceSpan.End]}'"));
        Assert.Equal(messages, diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
        Assert.All(diagnostics, d => Assert.Equal("Study0.cs", d.Location.SourceTree?.FilePath));

        // Per-study errors stop generation; SWP1003 spans studies, so each study still generates (the error fails the build).
        GeneratorRun run = GeneratorDriverHelper.Run(GeneratorDriverHelper.CreateCompilation(source));
        bool skipped = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id != DiagnosticDescriptors.DuplicateStudyNameId);
        Assert.Equal(skipped, run.Result.GeneratedTrees.IsEmpty);
        return diagnostics;
    }
}
