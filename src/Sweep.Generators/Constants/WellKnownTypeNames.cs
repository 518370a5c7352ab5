namespace Sweep.Generators.Constants;

/// <summary>
/// Metadata names of the Sweep.Dsl types the generator and the analyzers look for, and of those generated code
/// names. The generator never references Sweep.Dsl: it matches and writes these names, so it loads into any
/// compilation without dependencies. tests/Sweep.Dsl.Tests checks that each one is a public type of Sweep.Dsl.
/// </summary>
internal static class WellKnownTypeNames
{
    /// <summary><c>Sweep.StudyAttribute</c>: the marker the pipeline starts from.</summary>
    public const string StudyAttribute = "Sweep.StudyAttribute";

    /// <summary><c>Sweep.SeedsAttribute</c>: an explicit seed list.</summary>
    public const string SeedsAttribute = "Sweep.SeedsAttribute";

    /// <summary><c>Sweep.AxisAttribute</c>: marks an axis property.</summary>
    public const string AxisAttribute = "Sweep.AxisAttribute";

    /// <summary><c>Sweep.ValuesAttribute</c>: explicit axis values.</summary>
    public const string ValuesAttribute = "Sweep.ValuesAttribute";

    /// <summary><c>Sweep.GeometricAttribute</c>: a geometric range.</summary>
    public const string GeometricAttribute = "Sweep.GeometricAttribute";

    /// <summary><c>Sweep.LinearAttribute</c>: a linear range.</summary>
    public const string LinearAttribute = "Sweep.LinearAttribute";

    /// <summary><c>Sweep.ZipAttribute</c>: a zip group.</summary>
    public const string ZipAttribute = "Sweep.ZipAttribute";

    /// <summary><c>Sweep.ConstraintAttribute</c>: a grid filter method.</summary>
    public const string ConstraintAttribute = "Sweep.ConstraintAttribute";

    /// <summary><c>Sweep.DerivedAttribute</c>: a derived numeric column.</summary>
    public const string DerivedAttribute = "Sweep.DerivedAttribute";

    /// <summary><c>Sweep.EvaluateAttribute</c>: an evaluation shift.</summary>
    public const string EvaluateAttribute = "Sweep.EvaluateAttribute";

    /// <summary><c>Sweep.LawAttribute</c>: a law to fit.</summary>
    public const string LawAttribute = "Sweep.LawAttribute";

    /// <summary><c>Sweep.TrialAttribute</c>: a hand-written trial method.</summary>
    public const string TrialAttribute = "Sweep.TrialAttribute";

    /// <summary><c>Sweep.DataSpec</c>: the type of a specs-mode study's <c>Data</c> property.</summary>
    public const string DataSpec = "Sweep.DataSpec";

    /// <summary><c>Sweep.ModelSpec</c>: the type of a specs-mode study's <c>Model</c> property.</summary>
    public const string ModelSpec = "Sweep.ModelSpec";

    /// <summary><c>Sweep.TrainSpec</c>: the type of a specs-mode study's <c>Train</c> property.</summary>
    public const string TrainSpec = "Sweep.TrainSpec";

    /// <summary><c>Sweep.CollapseSpec</c>: the type of a collapse-chain study's <c>Chain</c> property.</summary>
    public const string CollapseSpec = "Sweep.CollapseSpec";

    /// <summary><c>Sweep.DataPolicy</c>: a collapse chain's data policy, whose constant fresh fractions are checked.</summary>
    public const string DataPolicy = "Sweep.DataPolicy";

    /// <summary><c>Sweep.ShiftSpec</c>: the type of an <c>[Evaluate]</c> property.</summary>
    public const string ShiftSpec = "Sweep.ShiftSpec";

    /// <summary><c>Sweep.LawSpec</c>: the type of a <c>[Law]</c> property.</summary>
    public const string LawSpec = "Sweep.LawSpec";

    /// <summary><c>Sweep.TrialContext</c>: the parameter of a <c>[Trial]</c> method.</summary>
    public const string TrialContext = "Sweep.TrialContext";

    /// <summary><c>Sweep.Quantity</c>: the enum a <c>[Derived]</c> column carries.</summary>
    public const string Quantity = "Sweep.Quantity";

    /// <summary><c>Sweep.StudyDefinition&lt;TStudy&gt;</c>: the base of every generated definition.</summary>
    public const string StudyDefinitionOfT = "Sweep.StudyDefinition`1";

    /// <summary><c>Sweep.StudyDescriptor</c>: what a generated definition declares.</summary>
    public const string StudyDescriptor = "Sweep.StudyDescriptor";

    /// <summary><c>Sweep.AxisDescriptor</c>: one declared axis.</summary>
    public const string AxisDescriptor = "Sweep.AxisDescriptor";

    /// <summary><c>Sweep.AxisKind</c>: an axis's value type, mirrored by <see cref="Models.AxisValueKind"/>.</summary>
    public const string AxisKind = "Sweep.AxisKind";

    /// <summary><c>Sweep.DerivedDescriptor</c>: one declared derived column.</summary>
    public const string DerivedDescriptor = "Sweep.DerivedDescriptor";

    /// <summary><c>Sweep.StudyRunMode</c>: specs or a trial method.</summary>
    public const string StudyRunMode = "Sweep.StudyRunMode";

    /// <summary><c>Sweep.TrialGrid&lt;TStudy&gt;</c>: the base of every generated grid.</summary>
    public const string TrialGridOfT = "Sweep.TrialGrid`1";

    /// <summary><c>Sweep.GridOptions</c>: overrides a generated grid resolves.</summary>
    public const string GridOptions = "Sweep.GridOptions";

    /// <summary><c>Sweep.GridAxis</c>: one axis of a grid with its values.</summary>
    public const string GridAxis = "Sweep.GridAxis";

    /// <summary><c>Sweep.AxisParsers</c>: the typed parsers of override texts.</summary>
    public const string AxisParsers = "Sweep.AxisParsers";

    /// <summary><c>Sweep.TrialSpec</c>: the built-in engine's work for one trial.</summary>
    public const string TrialSpec = "Sweep.TrialSpec";

    /// <summary><c>Sweep.NamedEvaluation</c>: an <c>[Evaluate]</c> property's name and shift.</summary>
    public const string NamedEvaluation = "Sweep.NamedEvaluation";

    /// <summary><c>Sweep.NamedLaw</c>: a <c>[Law]</c> property's name and spec.</summary>
    public const string NamedLaw = "Sweep.NamedLaw";

    /// <summary><c>Sweep.StudyCatalog</c>: where generated module initializers register studies.</summary>
    public const string StudyCatalog = "Sweep.StudyCatalog";
}
