using System.Reflection;
using Sweep.Generators.Constants;

namespace Sweep.Dsl.Tests.Contract;

/// <summary>
/// The ranges the generator checks constants against (<c>SWP3009</c>) are the rules the Dsl enforces. For every
/// <c>[SpecRange]</c> on a public factory's or constructor's parameter, or on an init property: each bound the range
/// includes is accepted, and a value just outside it (below the minimum, above a finite maximum, an excluded bound,
/// infinity, NaN) throws <see cref="ArgumentOutOfRangeException"/> naming the parameter or property.
/// </summary>
public sealed class SpecRangeContractTests
{
    private static readonly Assembly s_dsl = typeof(StudyAttribute).Assembly;

    /// <summary>An instance of every type whose init properties carry a range, to set them on.</summary>
    private static readonly Dictionary<Type, Func<object>> s_instances = new()
    {
        [typeof(DataSpec)] = () => DataSpec.GaussianMixture(inputs: 4),
        [typeof(GradientTrain)] = () => TrainSpec.Adam(lr: 1e-3, steps: 10),
        [typeof(SpuriousFeature)] = () => new SpuriousFeature(agreement: 0.5, strength: 1),
    };

    /// <summary>Every ranged parameter, as "Type.Member(parameter)", and every ranged property, as "Type.Property".</summary>
    public static TheoryData<string> Ranged => [.. RangedIds()];

    [Fact]
    public void TheAttribute_IsWhereTheGeneratorLooks_AndTheRobustnessAndTrainingFactoriesCarryIt()
    {
        Type? attribute = s_dsl.GetType(DslMemberNames.SpecRange.AttributeName);

        Assert.NotNull(attribute);
        Assert.Equal(DslMemberNames.SpecRange.Assembly, s_dsl.GetName().Name);
        Assert.NotNull(attribute.GetProperty(DslMemberNames.SpecRange.MinExclusive));
        Assert.NotNull(attribute.GetProperty(DslMemberNames.SpecRange.MaxExclusive));
        string[] ranged = [.. RangedIds()];
        Assert.Contains("AdversarialTraining.Pgd(steps)", ranged);
        Assert.Contains("TrainSpec.Adam(lr)", ranged);
        Assert.Contains("DataSpec.Validation", ranged);
        Assert.Contains("GradientTrain.InputNoise", ranged);
        Assert.Contains("SpuriousFeature.Agreement", ranged);
        Assert.True(ranged.Length >= 40, $"only {ranged.Length} ranged parameters and properties");
    }

    [Theory]
    [MemberData(nameof(Ranged))]
    public void TheRange_IsWhatTheDslAccepts(string id)
    {
        if (Properties().FirstOrDefault(p => $"{p.DeclaringType!.Name}.{p.Name}" == id) is { } property)
        {
            CheckProperty(property);
            return;
        }

        (MethodBase member, ParameterInfo parameter) = Parameters().Single(p => Id(p.Member, p.Parameter) == id);
        Range range = Range.Of(parameter)!.Value;
        object?[] valid = [.. member.GetParameters().Select(p => p == parameter ? Convert(range.Inside, p.ParameterType) : Baseline(p))];
        Invoke(member, valid);
        foreach (double accepted in range.AcceptedBounds)
        {
            valid[parameter.Position] = Convert(accepted, parameter.ParameterType);
            Invoke(member, valid);
        }

        foreach (double refused in range.Refused(IsIntegral(parameter.ParameterType)))
        {
            object?[] args = [.. valid];
            args[parameter.Position] = Convert(refused, parameter.ParameterType);
            var thrown = Assert.Throws<TargetInvocationException>(() => Invoke(member, args));
            ArgumentOutOfRangeException error = Assert.IsType<ArgumentOutOfRangeException>(thrown.InnerException);
            Assert.Equal(parameter.Name, error.ParamName);
        }
    }

    private static void CheckProperty(PropertyInfo property)
    {
        Range range = Range.Of(property)!.Value;
        Func<object> instance = s_instances.Single(i => i.Key.IsAssignableFrom(property.DeclaringType!) || property.DeclaringType!.IsAssignableFrom(i.Key)).Value;
        foreach (double accepted in range.AcceptedBounds.Append(range.Inside))
        {
            property.SetValue(instance(), Convert(accepted, property.PropertyType));
        }

        foreach (double refused in range.Refused(IsIntegral(property.PropertyType)))
        {
            var thrown = Assert.Throws<TargetInvocationException>(() => property.SetValue(instance(), Convert(refused, property.PropertyType)));
            Assert.Equal(property.Name, Assert.IsType<ArgumentOutOfRangeException>(thrown.InnerException).ParamName);
        }
    }

    private static IEnumerable<string> RangedIds()
        => Parameters().Select(p => Id(p.Member, p.Parameter)).Concat(Properties().Select(p => $"{p.DeclaringType!.Name}.{p.Name}"));

    private static IEnumerable<(MethodBase Member, ParameterInfo Parameter)> Parameters()
        => s_dsl.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>().Concat(t.GetConstructors()))
            .SelectMany(m => m.GetParameters().Where(p => Range.Of(p) is not null).Select(p => (m, p)))
            .OrderBy(p => Id(p.m, p.p), StringComparer.Ordinal);

    private static IEnumerable<PropertyInfo> Properties()
        => s_dsl.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => Range.Of(p) is not null);

    private static string Id(MethodBase member, ParameterInfo parameter)
        => $"{member.DeclaringType!.Name}.{(member is ConstructorInfo ? "new" : member.Name)}({parameter.Name})";

    private static object? Invoke(MethodBase member, object?[] args)
        => member is ConstructorInfo constructor ? constructor.Invoke(args) : member.Invoke(null, args);

    /// <summary>A valid value for a parameter without a range: its default, else one of its type.</summary>
    private static object? Baseline(ParameterInfo parameter)
    {
        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        Type type = parameter.ParameterType;
        return type == typeof(int) ? 1
            : type == typeof(double) ? 1.0
            : type == typeof(string) ? "x"
            : type.IsEnum ? Enum.GetValues(type).GetValue(0)
            : type == typeof(int[]) ? new[] { 4 }
            : throw new InvalidOperationException($"no baseline value for {parameter.Member.Name}({parameter.Name}) of type {type.Name}");
    }

    private static bool IsIntegral(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(int);

    private static object Convert(double value, Type type) => IsIntegral(type) ? (object)(int)value : value;

    /// <summary>A <c>[SpecRange]</c> read by reflection, with the values on and around its bounds.</summary>
    private readonly record struct Range(double Min, double Max, bool MinExclusive, bool MaxExclusive)
    {
        public static Range? Of(ICustomAttributeProvider target)
        {
            CustomAttributeData? data = (target is ParameterInfo p ? p.CustomAttributes : ((MemberInfo)target).CustomAttributes)
                .SingleOrDefault(a => a.AttributeType.FullName == DslMemberNames.SpecRange.AttributeName);
            if (data is null)
            {
                return null;
            }

            double min = System.Convert.ToDouble(data.ConstructorArguments[0].Value, System.Globalization.CultureInfo.InvariantCulture);
            double max = System.Convert.ToDouble(data.ConstructorArguments[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            bool Named(string name) => data.NamedArguments.Any(n => n.MemberName == name && n.TypedValue.Value is true);
            return new Range(min, max, Named(DslMemberNames.SpecRange.MinExclusive), Named(DslMemberNames.SpecRange.MaxExclusive));
        }

        /// <summary>A value well inside the range.</summary>
        public double Inside => double.IsPositiveInfinity(Max) ? Min + 1 : (Min + Max) / 2;

        public IEnumerable<double> AcceptedBounds
        {
            get
            {
                if (!MinExclusive)
                {
                    yield return Min;
                }

                if (!MaxExclusive && !double.IsPositiveInfinity(Max))
                {
                    yield return Max;
                }
            }
        }

        public IEnumerable<double> Refused(bool integral)
        {
            double step = integral ? 1 : 0.5;
            yield return MinExclusive ? Min : Min - step;
            if (!double.IsPositiveInfinity(Max))
            {
                yield return MaxExclusive ? Max : Max + step;
            }

            if (!integral)
            {
                yield return double.PositiveInfinity;
                yield return double.NaN;
            }
        }
    }
}
