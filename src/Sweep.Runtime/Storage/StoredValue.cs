namespace Sweep.Storage;

/// <summary>An axis or derived value read back from the store: its text and, if numeric, its number.</summary>
/// <param name="Text">The value as text (invariant).</param>
/// <param name="Number">The value as a number, or null for strings and enums.</param>
public readonly record struct StoredValue(string Text, double? Number)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
