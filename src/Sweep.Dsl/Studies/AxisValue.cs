namespace Sweep;

/// <summary>An axis's value at one trial: the typed value and its invariant text.</summary>
/// <param name="Name">The axis name.</param>
/// <param name="Value">The typed value (boxed).</param>
/// <param name="Text">The value formatted invariantly, as in trial keys and the store.</param>
/// <example>
/// <code>
/// foreach (AxisValue axis in trial.Axes) Console.Write($"{axis.Name}={axis.Text} ");
/// </code>
/// </example>
public readonly record struct AxisValue(string Name, object Value, string Text);

/// <summary>A derived column's value at one trial.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Quantity">What it measures.</param>
/// <param name="Value">The value.</param>
/// <example>
/// <code>
/// double flops = trial.Derived.First(d => d.Quantity == Quantity.Flops).Value;
/// </code>
/// </example>
public readonly record struct DerivedValue(string Name, Quantity Quantity, double Value);
