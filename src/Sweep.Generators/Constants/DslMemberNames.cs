using System.Collections.Immutable;

namespace Sweep.Generators.Constants;

/// <summary>
/// Names of the Sweep.Dsl members that generated code calls or overrides, and of those the generator and the
/// analyzers read from a study's attributes and code. The generator writes and matches them as text, so a rename in
/// Sweep.Dsl would break generated code or silently switch a check off; tests/Sweep.Dsl.Tests checks each one against
/// Sweep.Dsl with the shape the generator relies on.
/// </summary>
internal static class DslMemberNames
{
    /// <summary>Members of <c>Sweep.StudyDefinition&lt;TStudy&gt;</c> that generated definitions override or call.</summary>
    public static class StudyDefinition
    {
        /// <summary><c>Descriptor</c>: the definition's descriptor, read by the generated grid.</summary>
        public const string Descriptor = nameof(Descriptor);

        /// <summary><c>BuildGrid(GridOptions, IReadOnlyList&lt;int&gt;)</c>: overridden to build the typed grid.</summary>
        public const string BuildGrid = nameof(BuildGrid);

        /// <summary><c>CreateDefault()</c>: overridden to create an instance with default axis values.</summary>
        public const string CreateDefault = nameof(CreateDefault);

        /// <summary><c>DescribeTrial(TStudy)</c>: overridden for a specs study.</summary>
        public const string DescribeTrial = nameof(DescribeTrial);

        /// <summary><c>RunTrial(TStudy, TrialContext)</c>: overridden for a <c>[Trial]</c>-method study.</summary>
        public const string RunTrial = nameof(RunTrial);

        /// <summary><c>DescribeLaws(TStudy)</c>: overridden when the study declares laws.</summary>
        public const string DescribeLaws = nameof(DescribeLaws);

        /// <summary><c>Resolve&lt;T&gt;(GridOptions, int, T[], AxisParser&lt;T&gt;)</c>: called per axis to apply overrides.</summary>
        public const string Resolve = nameof(Resolve);
    }

    /// <summary>Members of <c>Sweep.StudyDescriptor</c> that generated code sets or reads.</summary>
    public static class StudyDescriptor
    {
        /// <summary><c>SourceHash</c>: the init-only property generated code sets to the study's source hash.</summary>
        public const string SourceHash = nameof(SourceHash);

        /// <summary><c>Axes</c>: read by the generated grid to pair each axis with its values.</summary>
        public const string Axes = nameof(Axes);

        /// <summary>The constructor's parameters, in order; generated code passes each one by name.</summary>
        public static class Parameters
        {
            /// <summary>The study's name.</summary>
            public const string Name = "name";

            /// <summary>The study class's full name.</summary>
            public const string TypeName = "typeName";

            /// <summary>The description.</summary>
            public const string Description = "description";

            /// <summary>The axes.</summary>
            public const string Axes = "axes";

            /// <summary>The default seeds.</summary>
            public const string Seeds = "seeds";

            /// <summary>The derived columns.</summary>
            public const string Derived = "derived";

            /// <summary>The evaluation names.</summary>
            public const string Evaluations = "evaluations";

            /// <summary>The law names.</summary>
            public const string Laws = "laws";

            /// <summary>Whether a constraint filters grid points.</summary>
            public const string HasConstraint = "hasConstraint";

            /// <summary>How trials compute metrics.</summary>
            public const string RunMode = "runMode";
        }
    }

    /// <summary>Members of <c>Sweep.TrialGrid&lt;TStudy&gt;</c> that generated grids override.</summary>
    public static class TrialGrid
    {
        /// <summary><c>CreateStudy(ReadOnlySpan&lt;int&gt;)</c>: creates one grid point's instance.</summary>
        public const string CreateStudy = nameof(CreateStudy);

        /// <summary><c>Admits(TStudy)</c>: overridden when the study has constraints.</summary>
        public const string Admits = nameof(Admits);

        /// <summary><c>ReadDerived(TStudy, Span&lt;double&gt;)</c>: overridden when the study has derived columns.</summary>
        public const string ReadDerived = nameof(ReadDerived);
    }

    /// <summary><c>Sweep.GridAxis.Of&lt;T&gt;(AxisDescriptor, IReadOnlyList&lt;T&gt;)</c>.</summary>
    public const string GridAxisOf = "Of";

    /// <summary>
    /// <c>Sweep.AxisParsers.Enum&lt;TEnum&gt;</c>; the other parsers are named after <see cref="Models.AxisValueKind"/>
    /// members (<c>AxisParsers.Int32</c>, …).
    /// </summary>
    public const string AxisParsersEnum = "Enum";

    /// <summary><c>Sweep.StudyCatalog.Register(StudyDefinition)</c>: called by the generated module initializer.</summary>
    public const string StudyCatalogRegister = "Register";

    /// <summary><c>Sweep.ShiftSpec.None</c>: the evaluation of a specs study that declares none.</summary>
    public const string ShiftSpecNone = "None";

    /// <summary><c>Sweep.Quantity.None</c>: the quantity of a <c>[Derived]</c> without an argument.</summary>
    public const string QuantityNone = "None";

    /// <summary><c>Sweep.StudyRunMode.Specs</c>: a study run by the built-in engine.</summary>
    public const string RunModeSpecs = "Specs";

    /// <summary><c>Sweep.StudyRunMode.TrialMethod</c>: a study with its own <c>[Trial]</c> method.</summary>
    public const string RunModeTrialMethod = "TrialMethod";

    /// <summary>Members of <c>Sweep.TrialContext</c> that generated code and the law-column check use.</summary>
    public static class TrialContext
    {
        /// <summary><c>DefaultEvaluation</c>: the evaluation name of a specs study that declares none.</summary>
        public const string DefaultEvaluation = nameof(DefaultEvaluation);

        /// <summary><c>Record(…)</c>: both overloads, whose constant metric names a <c>[Trial]</c> study's laws may use.</summary>
        public const string Record = nameof(Record);

        /// <summary>The metric-name parameter of every <c>Record</c> overload.</summary>
        public const string RecordMetricParameter = "metric";

        /// <summary>The evaluation-name parameter of the three-argument <c>Record</c> (the other records under <see cref="DefaultEvaluation"/>).</summary>
        public const string RecordEvaluationParameter = "evaluation";
    }

    /// <summary>Parameters of the <c>Sweep.LawSpec</c> factories (<c>PowerLaw</c>, <c>Chinchilla</c>, …) the law-column check reads.</summary>
    public static class LawSpec
    {
        /// <summary>Every factory parameter that names a column; a constant argument to one must be a column of the study.</summary>
        public static readonly ImmutableArray<string> ColumnParameters = ["x", "y", "by", "n", "d", "loss", "metric", "scale"];

        /// <summary>The factory parameter that names an evaluation, not a column.</summary>
        public const string EvaluationParameter = "evaluation";

        /// <summary>
        /// The robustness factories' parameters (<c>OnTheLine</c>, <c>RobustnessGap</c>) that name the two evaluations
        /// compared, not columns.
        /// </summary>
        public static readonly ImmutableArray<string> ComparedEvaluationParameters = ["id", "ood", "clean", "shifted"];

        /// <summary><c>MethodGap</c>'s baseline: a value of its method axis, not a column.</summary>
        public const string BaselineParameter = "baseline";

        /// <summary><c>OnTheLine</c>'s reference filter: an expression over columns, read at fit time, not a column.</summary>
        public const string ReferenceParameter = "reference";

        /// <summary>
        /// The init-only properties of <c>LawSpec</c> and its robustness records that name an evaluation, as set in a
        /// <c>with</c> expression (<c>Id</c> and <c>Clean</c> read <c>Evaluation</c>).
        /// </summary>
        public static readonly ImmutableArray<string> EvaluationProperties = ["Evaluation", "Ood", "Shifted"];

        /// <summary><c>LawSpec.FirstEvaluation</c>: the evaluation placeholder meaning "the study's first".</summary>
        public const string FirstEvaluation = "*";
    }

    /// <summary>The spec properties of a study on the built-in engine, which the reader finds by name and type.</summary>
    public static class SpecProperties
    {
        /// <summary><c>Data</c> (a <c>DataSpec</c>).</summary>
        public const string Data = nameof(Data);

        /// <summary><c>Model</c> (a <c>ModelSpec</c>).</summary>
        public const string Model = nameof(Model);

        /// <summary><c>Train</c> (a <c>TrainSpec</c>).</summary>
        public const string Train = nameof(Train);

        /// <summary><c>Chain</c> (a <c>CollapseSpec</c>): makes the study a collapse chain.</summary>
        public const string Chain = nameof(Chain);
    }

    /// <summary><c>Sweep.TrialSpec.ForChain(DataSpec, ModelSpec, TrainSpec, CollapseSpec)</c>: what a chain study's generated definition returns.</summary>
    public const string TrialSpecForChain = "ForChain";

    /// <summary>Members of <c>Sweep.CollapseSpec</c> whose constant arguments the chain check reads.</summary>
    public static class CollapseSpec
    {
        /// <summary><c>CollapseSpec.Chain(generations, policy, checkpoints)</c>: the factory.</summary>
        public const string Chain = nameof(Chain);

        /// <summary>The factory's generation count parameter.</summary>
        public const string GenerationsParameter = "generations";

        /// <summary>The factory's checkpoints parameter.</summary>
        public const string CheckpointsParameter = "checkpoints";

        /// <summary>The init-only generation count, as set in a <c>with</c> expression.</summary>
        public const string Generations = nameof(Generations);

        /// <summary>The init-only sampling temperature.</summary>
        public const string Temperature = nameof(Temperature);
    }

    /// <summary>Members of <c>Sweep.DataPolicy</c> whose constant fresh fractions the chain check reads.</summary>
    public static class DataPolicy
    {
        /// <summary><c>DataPolicy.FreshMix(fraction)</c>.</summary>
        public const string FreshMix = nameof(FreshMix);

        /// <summary><c>DataPolicy.Of(kind, freshFraction)</c>.</summary>
        public const string Of = nameof(Of);

        /// <summary>The fraction parameters of those two factories.</summary>
        public static readonly ImmutableArray<string> FractionParameters = ["fraction", "freshFraction"];
    }

    /// <summary>Named arguments of <c>Sweep.StudyAttribute</c> the generator reads.</summary>
    public static class StudyAttribute
    {
        /// <summary><c>Seeds = n</c>.</summary>
        public const string Seeds = nameof(Seeds);

        /// <summary><c>Description = "…"</c>.</summary>
        public const string Description = nameof(Description);
    }

    /// <summary><c>Steps = n</c> on <c>Sweep.GeometricAttribute</c> and <c>Sweep.LinearAttribute</c>.</summary>
    public const string RangeSteps = "Steps";

    /// <summary>
    /// <c>Sweep.SpecRangeAttribute</c>, internal to Sweep.Dsl: the values a spec factory's parameter or a spec's init
    /// property accepts, <c>(min, max = +∞)</c> with <c>MinExclusive</c> and <c>MaxExclusive</c> (SWP3009 reads it).
    /// </summary>
    public static class SpecRange
    {
        /// <summary>The assembly whose factories, constructors and properties carry it.</summary>
        public const string Assembly = "Sweep.Dsl";

        /// <summary>The attribute's full name.</summary>
        public const string AttributeName = "Sweep.SpecRangeAttribute";

        /// <summary>Whether the lower bound is refused.</summary>
        public const string MinExclusive = nameof(MinExclusive);

        /// <summary>Whether the upper bound is refused.</summary>
        public const string MaxExclusive = nameof(MaxExclusive);
    }
}
