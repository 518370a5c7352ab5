using Sweep.Training.Collapse;

namespace Sweep.Analysis.Robustness;

/// <summary>
/// The links of an accuracy-on-the-line fit and their inverses: probit Φ⁻¹ (accurate to about 1e-14, through the
/// regularised incomplete gamma function), logit, and the identity. Accuracies of exactly 0 or 1 have no finite link;
/// <see cref="Clip"/> moves them <see cref="ClipMargin"/> inside (0, 1), and the analyses say how many they clipped.
/// </summary>
/// <example>
/// <code>
/// double z = Links.Apply(Link.Probit, 0.975);   // 1.959963984540054
/// double p = Links.Inverse(Link.Probit, z);     // 0.975
/// </code>
/// </example>
public static class Links
{
    /// <summary>How far inside (0, 1) an accuracy of 0 or 1 is moved before its link is taken: 1e-4 (probit ±3.72, logit ±9.21).</summary>
    public const double ClipMargin = 1e-4;

    /// <summary>link(p) for p in (0, 1) (any real p for <see cref="Link.None"/>).</summary>
    /// <param name="link">The link.</param>
    /// <param name="p">A probability.</param>
    public static double Apply(Link link, double p) => link switch
    {
        Link.Probit => CollapseMath.NormalQuantile(p),
        Link.Logit => Math.Log(p / (1 - p)),
        Link.None => p,
        _ => throw new ArgumentOutOfRangeException(nameof(link), link, null),
    };

    /// <summary>link⁻¹(z): Φ(z), the logistic function, or z itself.</summary>
    /// <param name="link">The link.</param>
    /// <param name="z">A value on the link scale.</param>
    public static double Inverse(Link link, double z) => link switch
    {
        Link.Probit => CollapseMath.NormalCdf(z),
        Link.Logit => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)),
        Link.None => z,
        _ => throw new ArgumentOutOfRangeException(nameof(link), link, null),
    };

    /// <summary>p moved into [<see cref="ClipMargin"/>, 1 − <see cref="ClipMargin"/>] when the link needs it; the identity link clips nothing.</summary>
    /// <param name="link">The link.</param>
    /// <param name="p">An accuracy in [0, 1].</param>
    /// <param name="clipped">Whether p was moved.</param>
    public static double Clip(Link link, double p, out bool clipped)
    {
        clipped = link != Link.None && (p < ClipMargin || p > 1 - ClipMargin);
        return clipped ? Math.Clamp(p, ClipMargin, 1 - ClipMargin) : p;
    }

    /// <summary>The link's name as the command line and reports write it: <c>probit</c>, <c>logit</c> or <c>none</c>.</summary>
    /// <param name="link">The link.</param>
    public static string Name(Link link) => link.ToString().ToLowerInvariant();
}
