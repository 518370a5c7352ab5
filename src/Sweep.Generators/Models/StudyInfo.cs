using Sweep.Generators.Helpers;

namespace Sweep.Generators.Models;

/// <summary>
/// Everything the emitter needs for one valid study, and nothing else: strings, numbers, bools, enums and
/// <see cref="EquatableArray{T}"/>s, so the pipeline can compare it between runs and skip re-emitting.
/// </summary>
/// <param name="Hierarchy">Where the class lives.</param>
/// <param name="Name">The study's name from <c>[Study]</c>.</param>
/// <param name="Description">The description, or null.</param>
/// <param name="Seeds">The default seeds.</param>
/// <param name="Axes">The axes in declaration order.</param>
/// <param name="Derived">The derived columns in declaration order.</param>
/// <param name="Evaluations">The <c>[Evaluate]</c> properties in declaration order.</param>
/// <param name="Laws">The <c>[Law]</c> properties in declaration order.</param>
/// <param name="Constraints">The <c>[Constraint]</c> methods in declaration order.</param>
/// <param name="TrialMethod">The <c>[Trial]</c> method, or null for a specs-mode study.</param>
/// <param name="SourceHash">The hash of the class's source (<see cref="Parsing.SourceHash"/>), for <c>StudyDescriptor.SourceHash</c>.</param>
/// <param name="HasChain">Whether the study declares a collapse chain (a <c>Chain</c> property of type <c>CollapseSpec</c>).</param>
internal sealed record StudyInfo(
    HierarchyInfo Hierarchy,
    string Name,
    string? Description,
    EquatableArray<int> Seeds,
    EquatableArray<AxisInfo> Axes,
    EquatableArray<DerivedInfo> Derived,
    EquatableArray<MemberInfo> Evaluations,
    EquatableArray<MemberInfo> Laws,
    EquatableArray<MemberInfo> Constraints,
    MemberInfo? TrialMethod,
    string SourceHash,
    bool HasChain);
