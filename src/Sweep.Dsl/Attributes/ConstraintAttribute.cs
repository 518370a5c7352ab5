namespace Sweep;

/// <summary>
/// Marks an instance method <c>bool M()</c> that filters grid points: a point runs only if every constraint
/// returns <see langword="true"/> for it. The axes are already set when it is called; seeds are not filtered.
/// </summary>
/// <example>
/// <code>
/// // Only points inside a compute budget C ≈ 6·N·D.
/// [Constraint] public bool WithinBudget() => 6.0 * Parameters * Tokens &lt;= 1e12;
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ConstraintAttribute : Attribute
{
}
