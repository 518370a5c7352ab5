using Microsoft.CodeAnalysis;

namespace Sweep.Generators.Diagnostics;

/// <summary>
/// Every diagnostic Sweep reports. IDs come in ranges: <c>SWP1xxx</c> study declarations, <c>SWP2xxx</c> axes,
/// <c>SWP3xxx</c> metrics (derived columns, evaluations, laws). Each message names the problem and the fix; each
/// rule is documented in <c>docs/diagnostics/SWPnnnn.md</c> and tracked in <c>AnalyzerReleases.Unshipped.md</c>.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>The category of study-level rules.</summary>
    public const string DeclarationCategory = "Sweep.Declaration";

    /// <summary>The category of axis rules.</summary>
    public const string AxesCategory = "Sweep.Axes";

    /// <summary>The category of derived-column, evaluation and law rules.</summary>
    public const string MetricsCategory = "Sweep.Metrics";

    /// <summary>The ID of <see cref="StudyMustBePartial"/>.</summary>
    public const string StudyMustBePartialId = "SWP1001";

    /// <summary>The ID of <see cref="StudyMustNotBeGeneric"/>.</summary>
    public const string StudyMustNotBeGenericId = "SWP1002";

    /// <summary>The ID of <see cref="DuplicateStudyName"/>.</summary>
    public const string DuplicateStudyNameId = "SWP1003";

    /// <summary>The ID of <see cref="InvalidConstraintMethod"/>.</summary>
    public const string InvalidConstraintMethodId = "SWP1004";

    /// <summary>The ID of <see cref="InvalidSeeds"/>.</summary>
    public const string InvalidSeedsId = "SWP1005";

    /// <summary>The ID of <see cref="InvalidStudyName"/>.</summary>
    public const string InvalidStudyNameId = "SWP1006";

    /// <summary>The ID of <see cref="StudyNotInstantiable"/>.</summary>
    public const string StudyNotInstantiableId = "SWP1007";

    /// <summary>The ID of <see cref="NothingToRun"/>.</summary>
    public const string NothingToRunId = "SWP1008";

    /// <summary>The ID of <see cref="InvalidTrialMethod"/>.</summary>
    public const string InvalidTrialMethodId = "SWP1009";

    /// <summary>The ID of <see cref="StudyCannotBeRegistered"/>.</summary>
    public const string StudyCannotBeRegisteredId = "SWP1010";

    /// <summary>The ID of <see cref="MultipleTrialMethods"/>.</summary>
    public const string MultipleTrialMethodsId = "SWP1011";

    /// <summary>The ID of <see cref="ChainNeedsEngine"/>.</summary>
    public const string ChainNeedsEngineId = "SWP1012";

    /// <summary>The ID of <see cref="ChainMissingSpecs"/>.</summary>
    public const string ChainMissingSpecsId = "SWP1013";

    /// <summary>The ID of <see cref="AxisHasNoValues"/>.</summary>
    public const string AxisHasNoValuesId = "SWP2001";

    /// <summary>The ID of <see cref="InvalidGeometricRange"/>.</summary>
    public const string InvalidGeometricRangeId = "SWP2002";

    /// <summary>The ID of <see cref="InvalidLinearRange"/>.</summary>
    public const string InvalidLinearRangeId = "SWP2003";

    /// <summary>The ID of <see cref="UnsupportedAxisType"/>.</summary>
    public const string UnsupportedAxisTypeId = "SWP2004";

    /// <summary>The ID of <see cref="ZipLengthMismatch"/>.</summary>
    public const string ZipLengthMismatchId = "SWP2005";

    /// <summary>The ID of <see cref="ValueDoesNotConvert"/>.</summary>
    public const string ValueDoesNotConvertId = "SWP2006";

    /// <summary>The ID of <see cref="DuplicateAxisValue"/>.</summary>
    public const string DuplicateAxisValueId = "SWP2007";

    /// <summary>The ID of <see cref="AxisNotSettable"/>.</summary>
    public const string AxisNotSettableId = "SWP2008";

    /// <summary>The ID of <see cref="IgnoredValueSource"/>.</summary>
    public const string IgnoredValueSourceId = "SWP2009";

    /// <summary>The ID of <see cref="ColumnNameClash"/>.</summary>
    public const string ColumnNameClashId = "SWP2010";

    /// <summary>The ID of <see cref="RangeRunsBackwards"/>.</summary>
    public const string RangeRunsBackwardsId = "SWP2011";

    /// <summary>The ID of <see cref="InvalidDerivedProperty"/>.</summary>
    public const string InvalidDerivedPropertyId = "SWP3001";

    /// <summary>The ID of <see cref="InvalidEvaluateProperty"/>.</summary>
    public const string InvalidEvaluatePropertyId = "SWP3002";

    /// <summary>The ID of <see cref="InvalidLawProperty"/>.</summary>
    public const string InvalidLawPropertyId = "SWP3003";

    /// <summary>The ID of <see cref="UnknownLawColumn"/>.</summary>
    public const string UnknownLawColumnId = "SWP3004";

    /// <summary>The ID of <see cref="UnrecordedLawColumn"/>.</summary>
    public const string UnrecordedLawColumnId = "SWP3005";

    /// <summary>The ID of <see cref="InvalidChain"/>.</summary>
    public const string InvalidChainId = "SWP3006";

    /// <summary>The ID of <see cref="EvaluateInChain"/>.</summary>
    public const string EvaluateInChainId = "SWP3007";

    /// <summary>The ID of <see cref="UnknownLawEvaluation"/>.</summary>
    public const string UnknownLawEvaluationId = "SWP3008";

    /// <summary>The ID of <see cref="InvalidSpecArgument"/>.</summary>
    public const string InvalidSpecArgumentId = "SWP3009";

    /// <summary>
    /// <c>SWP1001</c>: "Type '{0}' must be partial so the generator can add the Definition of study '{1}'; add the
    /// 'partial' modifier to its declaration". Reported on the study class or a containing type.
    /// </summary>
    public static readonly DiagnosticDescriptor StudyMustBePartial = new(
        id: StudyMustBePartialId,
        title: "Study class must be partial",
        messageFormat: "Type '{0}' must be partial so the generator can add the Definition of study '{1}'; add the 'partial' modifier to its declaration",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds a static Definition property and a nested runner class to each study, so the study class and every type containing it must be declared partial.",
        helpLinkUri: HelpLink(StudyMustBePartialId));

    /// <summary>
    /// <c>SWP1002</c>: "Study class '{0}' must not be generic or nested in a generic type ('{1}' has type parameters);
    /// remove the type parameters or move the study out of '{1}'".
    /// </summary>
    public static readonly DiagnosticDescriptor StudyMustNotBeGeneric = new(
        id: StudyMustNotBeGenericId,
        title: "Study class must not be generic",
        messageFormat: "Study class '{0}' must not be generic or nested in a generic type ('{1}' has type parameters); remove the type parameters or move the study out of '{1}'",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A study is one concrete class whose instances are grid points; an open generic type has no instances to create.",
        helpLinkUri: HelpLink(StudyMustNotBeGenericId));

    /// <summary>
    /// <c>SWP1003</c>: "Study name '{0}' is already used by '{1}' in this assembly; study names must be unique
    /// (ignoring case): rename one of them". Reported on the second and later name arguments.
    /// </summary>
    public static readonly DiagnosticDescriptor DuplicateStudyName = new(
        id: DuplicateStudyNameId,
        title: "Duplicate study name",
        messageFormat: "Study name '{0}' is already used by '{1}' in this assembly; study names must be unique (ignoring case): rename one of them",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The command line, the study catalog and the result store find a study by its name, so two studies of one assembly cannot share it.",
        helpLinkUri: HelpLink(DuplicateStudyNameId),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// <c>SWP1004</c>: "Constraint method '{0}' must be an instance method 'bool {0}()' with no parameters and no type
    /// parameters; change its signature".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidConstraintMethod = new(
        id: InvalidConstraintMethodId,
        title: "Constraint method has the wrong signature",
        messageFormat: "Constraint method '{0}' must be an instance method 'bool {0}()' with no parameters and no type parameters; change its signature",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated grid calls each [Constraint] method on a grid point's instance and skips the point when one returns false.",
        helpLinkUri: HelpLink(InvalidConstraintMethodId));

    /// <summary>
    /// <c>SWP1005</c>: "Seeds of study '{0}' are invalid: {1}; every grid point needs at least one seed, and seeds must
    /// be distinct".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidSeeds = new(
        id: InvalidSeedsId,
        title: "Invalid seeds",
        messageFormat: "Seeds of study '{0}' are invalid: {1}; every grid point needs at least one seed, and seeds must be distinct",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each grid point runs once per seed and the seed is part of the trial key, so a study needs at least one seed and no seed twice.",
        helpLinkUri: HelpLink(InvalidSeedsId));

    /// <summary>
    /// <c>SWP1006</c>: "Study name '{0}' is invalid; use a non-empty name made of letters, digits, '-', '_' and '.'
    /// (for example 'mlp-width')".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidStudyName = new(
        id: InvalidStudyNameId,
        title: "Invalid study name",
        messageFormat: "Study name '{0}' is invalid; use a non-empty name made of letters, digits, '-', '_' and '.' (for example 'mlp-width')",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The name is typed on the command line and used in file and database names, so it is restricted to characters that need no quoting.",
        helpLinkUri: HelpLink(InvalidStudyNameId));

    /// <summary>
    /// <c>SWP1007</c>: "Study class '{0}' must be creatable with 'new {0}()' by its grid: {1}".
    /// </summary>
    public static readonly DiagnosticDescriptor StudyNotInstantiable = new(
        id: StudyNotInstantiableId,
        title: "Study class has no usable parameterless constructor",
        messageFormat: "Study class '{0}' must be creatable with 'new {0}()' by its grid: {1}",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every grid point is a new instance of the study class created with its parameterless constructor, with the axes set through an object initializer.",
        helpLinkUri: HelpLink(StudyNotInstantiableId));

    /// <summary>
    /// <c>SWP1008</c>: "Study '{0}' has nothing to run ({1}); add a '[Trial] void Run(TrialContext context)' method, or
    /// Data, Model and Train properties of DataSpec, ModelSpec and TrainSpec types".
    /// </summary>
    public static readonly DiagnosticDescriptor NothingToRun = new(
        id: NothingToRunId,
        title: "Study has nothing to run",
        messageFormat: "Study '{0}' has nothing to run ({1}); add a '[Trial] void Run(TrialContext context)' method, or Data, Model and Train properties of DataSpec, ModelSpec and TrainSpec types",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A trial either runs on the built-in engine, which reads the study's Data, Model and Train specs, or runs the study's own [Trial] method.",
        helpLinkUri: HelpLink(NothingToRunId));

    /// <summary>
    /// <c>SWP1009</c>: "Trial method '{0}' must be an instance method 'void {0}(TrialContext context)' with no type
    /// parameters; change its signature".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidTrialMethod = new(
        id: InvalidTrialMethodId,
        title: "Trial method has the wrong signature",
        messageFormat: "Trial method '{0}' must be an instance method 'void {0}(TrialContext context)' with no type parameters; change its signature",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The runner calls the [Trial] method on each trial's instance with a TrialContext that records metrics; it returns when the trial is done.",
        helpLinkUri: HelpLink(InvalidTrialMethodId));

    /// <summary>
    /// <c>SWP1010</c>: "Study class '{0}' cannot get its generated Definition: {1}".
    /// </summary>
    public static readonly DiagnosticDescriptor StudyCannotBeRegistered = new(
        id: StudyCannotBeRegisteredId,
        title: "Study cannot be registered",
        messageFormat: "Study class '{0}' cannot get its generated Definition: {1}",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds a static Definition property to the study and registers it from a module initializer, which must be able to reach the class from anywhere in the assembly.",
        helpLinkUri: HelpLink(StudyCannotBeRegisteredId));

    /// <summary>
    /// <c>SWP1011</c>: "Study '{0}' already has the [Trial] method '{1}'; keep one [Trial] method and remove the
    /// attribute from '{2}'". Reported on the second and later methods.
    /// </summary>
    public static readonly DiagnosticDescriptor MultipleTrialMethods = new(
        id: MultipleTrialMethodsId,
        title: "More than one trial method",
        messageFormat: "Study '{0}' already has the [Trial] method '{1}'; keep one [Trial] method and remove the attribute from '{2}'",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A trial runs exactly one method, so a study has at most one [Trial] method.",
        helpLinkUri: HelpLink(MultipleTrialMethodsId));

    /// <summary>
    /// <c>SWP1012</c>: "Study '{0}' declares a collapse chain and the [Trial] method '{1}'; a chain runs on the built-in
    /// engine, which a [Trial] method replaces: remove the [Trial] method, or the Chain property". Reported on the
    /// Chain property's name.
    /// </summary>
    public static readonly DiagnosticDescriptor ChainNeedsEngine = new(
        id: ChainNeedsEngineId,
        title: "Collapse chain in a study with a trial method",
        messageFormat: "Study '{0}' declares a collapse chain and the [Trial] method '{1}'; a chain runs on the built-in engine, which a [Trial] method replaces: remove the [Trial] method, or the Chain property",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A study with a [Trial] method runs that method for every trial and never reads its spec properties, so its Chain would silently not run.",
        helpLinkUri: HelpLink(ChainNeedsEngineId));

    /// <summary>
    /// <c>SWP1013</c>: "The collapse chain of study '{0}' needs {1}: Data is the real distribution generation 0 samples
    /// from, Model the model each generation fits, Train how it is fitted; add them as properties of DataSpec, ModelSpec
    /// and TrainSpec types". Reported on the Chain property's name.
    /// </summary>
    public static readonly DiagnosticDescriptor ChainMissingSpecs = new(
        id: ChainMissingSpecsId,
        title: "Collapse chain without Data, Model or Train",
        messageFormat: "The collapse chain of study '{0}' needs {1}: Data is the real distribution generation 0 samples from, Model the model each generation fits, Train how it is fitted; add them as properties of DataSpec, ModelSpec and TrainSpec types",
        category: DeclarationCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A chain says how generations follow one another; what each generation is comes from the study's Data, Model and Train specs.",
        helpLinkUri: HelpLink(ChainMissingSpecsId));

    /// <summary><c>SWP2001</c>: "Axis '{0}' has no values; {1}".</summary>
    public static readonly DiagnosticDescriptor AxisHasNoValues = new(
        id: AxisHasNoValuesId,
        title: "Axis has no values",
        messageFormat: "Axis '{0}' has no values; {1}",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A grid is the product of its axes' values, so an axis with none would make the grid empty.",
        helpLinkUri: HelpLink(AxisHasNoValuesId));

    /// <summary>
    /// <c>SWP2002</c>: "Geometric range of axis '{0}' is invalid: {1}; use positive bounds and Steps from 2 to 10000".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidGeometricRange = new(
        id: InvalidGeometricRangeId,
        title: "Invalid geometric range",
        messageFormat: "Geometric range of axis '{0}' is invalid: {1}; use positive bounds and Steps from 2 to 10000",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Geometric(from, to, Steps = n)] gives from·(to/from)^(i/(n−1)), which needs both bounds positive and at least two steps.",
        helpLinkUri: HelpLink(InvalidGeometricRangeId));

    /// <summary>
    /// <c>SWP2003</c>: "Linear range of axis '{0}' is invalid: {1}; use finite bounds and Steps from 2 to 10000".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidLinearRange = new(
        id: InvalidLinearRangeId,
        title: "Invalid linear range",
        messageFormat: "Linear range of axis '{0}' is invalid: {1}; use finite bounds and Steps from 2 to 10000",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Linear(from, to, Steps = n)] gives n evenly spaced values with both bounds included, which needs at least two steps.",
        helpLinkUri: HelpLink(InvalidLinearRangeId));

    /// <summary>
    /// <c>SWP2004</c>: "Axis '{0}' has type '{1}', which cannot be an axis; use int, long, float, double, bool, string
    /// or an enum".
    /// </summary>
    public static readonly DiagnosticDescriptor UnsupportedAxisType = new(
        id: UnsupportedAxisTypeId,
        title: "Unsupported axis type",
        messageFormat: "Axis '{0}' has type '{1}', which cannot be an axis; use int, long, float, double, bool, string or an enum",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Axis values are stored, keyed and overridden from the command line as text, which Sweep can do for these types only.",
        helpLinkUri: HelpLink(UnsupportedAxisTypeId));

    /// <summary>
    /// <c>SWP2005</c>: "Axis '{0}' has {1} values but axis '{2}' of zip group '{3}' has {4}; zipped axes need the same
    /// number of values: add or remove values".
    /// </summary>
    public static readonly DiagnosticDescriptor ZipLengthMismatch = new(
        id: ZipLengthMismatchId,
        title: "Zipped axes differ in length",
        messageFormat: "Axis '{0}' has {1} values but axis '{2}' of zip group '{3}' has {4}; zipped axes need the same number of values: add or remove values",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Axes of one zip group take their i-th values at the same grid point, so they must have as many values each.",
        helpLinkUri: HelpLink(ZipLengthMismatchId));

    /// <summary>
    /// <c>SWP2006</c>: "{0} does not convert to axis '{1}' of type '{2}' ({3}); write values of type '{2}'".
    /// </summary>
    public static readonly DiagnosticDescriptor ValueDoesNotConvert = new(
        id: ValueDoesNotConvertId,
        title: "Axis value does not convert to the axis type",
        messageFormat: "{0} does not convert to axis '{1}' of type '{2}' ({3}); write values of type '{2}'",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Declared values become typed literals of the property's type; a value that would be truncated, overflow, or is of another type is a mistake.",
        helpLinkUri: HelpLink(ValueDoesNotConvertId));

    /// <summary><c>SWP2007</c>: "Axis '{0}' lists {1} more than once; remove the duplicate".</summary>
    public static readonly DiagnosticDescriptor DuplicateAxisValue = new(
        id: DuplicateAxisValueId,
        title: "Duplicate axis value",
        messageFormat: "Axis '{0}' lists {1} more than once; remove the duplicate",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Two equal values would give two trials with the same key; the result store keeps one row per key.",
        helpLinkUri: HelpLink(DuplicateAxisValueId));

    /// <summary>
    /// <c>SWP2008</c>: "Axis property '{0}' must be a non-static property with an 'init' or 'set' accessor so the grid
    /// can set it; declare it as 'public {1} {0} {{ get; init; }}'".
    /// </summary>
    public static readonly DiagnosticDescriptor AxisNotSettable = new(
        id: AxisNotSettableId,
        title: "Axis property cannot be set",
        messageFormat: "Axis property '{0}' must be a non-static property with an 'init' or 'set' accessor so the grid can set it; declare it as 'public {1} {0} {{ get; init; }}'",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each grid point is an instance created with an object initializer that sets every axis property.",
        helpLinkUri: HelpLink(AxisNotSettableId));

    /// <summary><c>SWP2009</c> (warning): "[{0}] on property '{1}' is ignored: {2}".</summary>
    public static readonly DiagnosticDescriptor IgnoredValueSource = new(
        id: IgnoredValueSourceId,
        title: "Value source is ignored",
        messageFormat: "[{0}] on property '{1}' is ignored: {2}",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[Values], [Geometric], [Linear] and [Zip] only mean something on an [Axis] property, and an axis takes its values from one source.",
        helpLinkUri: HelpLink(IgnoredValueSourceId));

    /// <summary>
    /// <c>SWP2010</c>: "{0} '{1}' clashes with {2}: a study's axes, derived properties, metrics and result columns share
    /// one namespace, compared ignoring case; rename the property". Reported on the later property's name.
    /// </summary>
    public static readonly DiagnosticDescriptor ColumnNameClash = new(
        id: ColumnNameClashId,
        title: "Column name clashes",
        messageFormat: "{0} '{1}' clashes with {2}: a study's axes, derived properties, metrics and result columns share one namespace, compared ignoring case; rename the property",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Every axis, derived property and metric is a column of the study's results table, next to the fixed columns (key, seed, evaluation, wall_seconds, backend, status, error); queries, overrides, laws and exports find columns by name ignoring case, so two columns that differ only in case, or a column named like a fixed one or one of the engine's metrics, would be ambiguous.",
        helpLinkUri: HelpLink(ColumnNameClashId));

    /// <summary>
    /// <c>SWP2011</c>: "[{0}] on axis '{1}' runs from {2} down to {3}; write the bounds in ascending order, [{4}]: the
    /// runner orders trials itself". Reported on the range attribute.
    /// </summary>
    public static readonly DiagnosticDescriptor RangeRunsBackwards = new(
        id: RangeRunsBackwardsId,
        title: "Range runs backwards",
        messageFormat: "[{0}] on axis '{1}' runs from {2} down to {3}; write the bounds in ascending order, [{4}]: the runner orders trials itself",
        category: AxesCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "[Geometric] and [Linear] take their bounds as (from, to) with from ≤ to; the runner schedules trials by cost, not by declaration order, so a descending range only makes the grid, its keys and every report table read backwards.",
        helpLinkUri: HelpLink(RangeRunsBackwardsId));

    /// <summary>
    /// <c>SWP3001</c>: "[Derived] property '{0}' must be a readable, non-static property of a numeric type such as long
    /// or double; it {1}".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidDerivedProperty = new(
        id: InvalidDerivedPropertyId,
        title: "Derived property is not numeric",
        messageFormat: "[Derived] property '{0}' must be a readable, non-static property of a numeric type such as long or double; it {1}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Derived columns are stored as numbers next to the axes and used by fits, plans and ETAs.",
        helpLinkUri: HelpLink(InvalidDerivedPropertyId));

    /// <summary>
    /// <c>SWP3002</c>: "[Evaluate] property '{0}' must be a readable, non-static property of type ShiftSpec or a type
    /// derived from it; it {1}".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidEvaluateProperty = new(
        id: InvalidEvaluatePropertyId,
        title: "Evaluate property is not a ShiftSpec",
        messageFormat: "[Evaluate] property '{0}' must be a readable, non-static property of type ShiftSpec or a type derived from it; it {1}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Each evaluation applies the property's ShiftSpec to the test data of a trained model.",
        helpLinkUri: HelpLink(InvalidEvaluatePropertyId));

    /// <summary>
    /// <c>SWP3003</c>: "[Law] property '{0}' must be a readable, non-static property of type LawSpec or a type derived
    /// from it; it {1}".
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidLawProperty = new(
        id: InvalidLawPropertyId,
        title: "Law property is not a LawSpec",
        messageFormat: "[Law] property '{0}' must be a readable, non-static property of type LawSpec or a type derived from it; it {1}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The report fits each [Law] property's LawSpec to the study's results.",
        helpLinkUri: HelpLink(InvalidLawPropertyId));

    /// <summary>
    /// <c>SWP3004</c>: "Column '{0}' of law '{1}' is not a column of study '{2}'; name one of its axes, derived
    /// properties or metrics: {3}". Reported on the argument of a study that runs on the built-in engine.
    /// </summary>
    public static readonly DiagnosticDescriptor UnknownLawColumn = new(
        id: UnknownLawColumnId,
        title: "Law column does not exist",
        messageFormat: "Column '{0}' of law '{1}' is not a column of study '{2}'; name one of its axes, derived properties or metrics: {3}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A law is fitted to the study's results after the whole sweep has run; a column it names must be an axis, a derived property, the seed or one of the engine's metrics, or the fit fails only then.",
        helpLinkUri: HelpLink(UnknownLawColumnId));

    /// <summary>
    /// <c>SWP3005</c> (warning): "Column '{0}' of law '{1}' is recorded nowhere in study '{2}': it is not an axis or
    /// derived property and no Record call in the class records it; name one of {3}, or record it". Reported on the
    /// argument of a <c>[Trial]</c>-method study when every Record call in the class has a constant metric name.
    /// </summary>
    public static readonly DiagnosticDescriptor UnrecordedLawColumn = new(
        id: UnrecordedLawColumnId,
        title: "Law column is never recorded",
        messageFormat: "Column '{0}' of law '{1}' is recorded nowhere in study '{2}': it is not an axis or derived property and no Record call in the class records it; name one of {3}, or record it",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A [Trial] method records its own metrics, so the generator cannot know all of them; when every Record call in the class names its metric with a constant and none matches, and the TrialContext is not handed to code outside the class, the law names a column no trial will have.",
        helpLinkUri: HelpLink(UnrecordedLawColumnId));

    /// <summary>
    /// <c>SWP3006</c>: "The collapse chain of study '{0}' is invalid: {1}". Reported on the constant argument or
    /// assignment of a <c>CollapseSpec.Chain</c>, <c>DataPolicy.FreshMix</c> or <c>DataPolicy.Of</c> call, or of a
    /// <c>with</c> expression on a chain, anywhere in the study class.
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidChain = new(
        id: InvalidChainId,
        title: "Invalid collapse chain",
        messageFormat: "The collapse chain of study '{0}' is invalid: {1}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A chain needs at least one generation, checkpoints between 0 and its last generation (each once), fresh fractions in [0, 1] and a temperature of 0 or more; written as constants, a mistake would otherwise fail every trial only when it runs.",
        helpLinkUri: HelpLink(InvalidChainId));

    /// <summary>
    /// <c>SWP3007</c>: "[Evaluate] property '{0}' cannot be used in study '{1}', which declares a collapse chain: the
    /// chain's evaluations are its checkpoints (gen-t), each measured on real data; remove [Evaluate] from '{0}'".
    /// </summary>
    public static readonly DiagnosticDescriptor EvaluateInChain = new(
        id: EvaluateInChainId,
        title: "Evaluate property in a collapse chain study",
        messageFormat: "[Evaluate] property '{0}' cannot be used in study '{1}', which declares a collapse chain: the chain's evaluations are its checkpoints (gen-t), each measured on real data; remove [Evaluate] from '{0}'",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A chain trial stores one evaluation per checkpoint, gen-t, with generation t's metrics against the real distribution; it applies no shifts, so an [Evaluate] property would silently not run.",
        helpLinkUri: HelpLink(EvaluateInChainId));

    /// <summary>
    /// <c>SWP3008</c>: "Evaluation '{0}' of law '{1}' is not an evaluation of study '{2}'; name one of its evaluations
    /// (names compare exactly): {3}". Reported on the constant argument (<c>id</c>, <c>ood</c>, <c>clean</c>,
    /// <c>shifted</c>, <c>evaluation</c>) of a <c>LawSpec</c> factory call, or on the <c>with</c> assignment
    /// (<c>Evaluation</c>, <c>Ood</c>, <c>Shifted</c>), in a <c>[Law]</c> property; not when the study's evaluations cannot
    /// be known (a collapse chain, or a <c>[Trial]</c> method whose Record calls name evaluations the compiler cannot see).
    /// </summary>
    public static readonly DiagnosticDescriptor UnknownLawEvaluation = new(
        id: UnknownLawEvaluationId,
        title: "Law evaluation does not exist",
        messageFormat: "Evaluation '{0}' of law '{1}' is not an evaluation of study '{2}'; name one of its evaluations (names compare exactly): {3}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A law or robustness analysis reads the metrics of the evaluations it names once the whole sweep has run; a name that is no [Evaluate] property (or, in a [Trial] study, no evaluation its Record calls write) would fail the analysis only then.",
        helpLinkUri: HelpLink(UnknownLawEvaluationId));

    /// <summary>
    /// <c>SWP3009</c>: "{0} in study '{1}' must be {2}; it is {3}". Reported on the constant argument of a Sweep.Dsl
    /// factory or constructor (<c>'steps' of AdversarialTraining.Pgd</c>), or on the <c>with</c> assignment of a spec's
    /// self-validating init property (<c>DataSpec.Validation</c>), whose value is outside the <c>[SpecRange]</c> the
    /// parameter or property carries. Not checked here: the elements of a params array (<c>ModelSpec.Mlp</c>'s widths),
    /// and the training settings a <c>with</c> can put out of range (<c>Steps</c>, <c>LearningRate</c>), which the
    /// engine's spec validation refuses when the trial runs.
    /// </summary>
    public static readonly DiagnosticDescriptor InvalidSpecArgument = new(
        id: InvalidSpecArgumentId,
        title: "Invalid spec argument",
        messageFormat: "{0} in study '{1}' must be {2}; it is {3}",
        category: MetricsCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The Dsl's factories refuse values outside their parameters' ranges (a non-positive learning rate or step count, a probability above 1, a severity beyond 5) when a trial is described; written as a constant, such a value would fail every trial, and only when it runs.",
        helpLinkUri: HelpLink(InvalidSpecArgumentId));

    private static string HelpLink(string id) => $"docs/diagnostics/{id}.md";
}
