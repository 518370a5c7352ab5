namespace Sweep.Generators.Models;

/// <summary>A <c>[Derived]</c> column.</summary>
/// <param name="Name">The property's name (the column name).</param>
/// <param name="Identifier">The property's name as code refers to it.</param>
/// <param name="Quantity">The <c>Sweep.Quantity</c> as a C# expression (<c>global::Sweep.Quantity.Flops</c>).</param>
internal sealed record DerivedInfo(string Name, string Identifier, string Quantity);
