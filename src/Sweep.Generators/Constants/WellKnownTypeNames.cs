namespace Sweep.Generators.Constants;

/// <summary>
/// Metadata names of the Sweep.Dsl types the generator and the analyzers look for. The generator never
/// references Sweep.Dsl: it matches these names, so it loads into any compilation without dependencies.
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

    /// <summary><c>Sweep.ShiftSpec</c>: the type of an <c>[Evaluate]</c> property.</summary>
    public const string ShiftSpec = "Sweep.ShiftSpec";

    /// <summary><c>Sweep.LawSpec</c>: the type of a <c>[Law]</c> property.</summary>
    public const string LawSpec = "Sweep.LawSpec";

    /// <summary><c>Sweep.TrialContext</c>: the parameter of a <c>[Trial]</c> method.</summary>
    public const string TrialContext = "Sweep.TrialContext";

    /// <summary><c>Sweep.Quantity</c>: the enum a <c>[Derived]</c> column carries.</summary>
    public const string Quantity = "Sweep.Quantity";
}
