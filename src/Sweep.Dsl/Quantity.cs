namespace Sweep;

/// <summary>
/// What a <see cref="DerivedAttribute"/> column measures, so planning and analysis can find it by meaning
/// rather than by name.
/// </summary>
/// <example>
/// <code>
/// [Derived(Quantity.Flops)] public double Flops => 6.0 * Parameters * TrainSize;
/// </code>
/// </example>
public enum Quantity
{
    /// <summary>A recorded value with no special meaning.</summary>
    None = 0,

    /// <summary>The number of trainable parameters, N.</summary>
    Parameters = 1,

    /// <summary>The number of training samples or tokens seen, D.</summary>
    Tokens = 2,

    /// <summary>Training compute in FLOPs, C; also the cost estimate used by <c>plan</c> and the ETA.</summary>
    Flops = 3,
}
