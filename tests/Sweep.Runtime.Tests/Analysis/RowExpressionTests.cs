using Sweep.Analysis;

namespace Sweep.Runtime.Tests.Analysis;

/// <summary>The <c>--where</c> / <c>--holdout</c> language: precedence, operators, quoted names, and located errors.</summary>
public sealed class RowExpressionTests
{
    private static readonly Dictionary<string, double> s_row = new(StringComparer.Ordinal)
    {
        ["tokens"] = 1000, ["params"] = 100, ["lr"] = 0.01, ["test loss"] = 2.5, ["a.b"] = 3,
    };

    private static bool Eval(string text) => RowExpression.Parse(text).Evaluate(c => s_row[c]);

    [Theory]
    [InlineData("tokens/params >= 5", true)]
    [InlineData("tokens/params >= 20", false)]
    [InlineData("tokens / params >= 5 and not (lr == 0.01)", false)]
    [InlineData("tokens/params >= 5 and lr = 0.01", true)]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("(1 + 2) * 3 == 9", true)]
    [InlineData("10 - 4 - 3 == 3", true)]
    [InlineData("64 / 8 / 2 == 4", true)]
    [InlineData("-lr < 0", true)]
    [InlineData("- -lr > 0", true)]
    [InlineData("lr > 1 or params < 1e3", true)]
    [InlineData("lr > 1 || params < 1e2", false)]
    [InlineData("lr < 1 && !(params != 100)", true)]
    [InlineData("not lr > 1 and tokens >= 1.0e3", true)]
    [InlineData("true_ > 0 or lr > 0", true)]
    [InlineData("`test loss` < 3 and a.b == 3", true)]
    [InlineData("lr > 0 or lr > 0 and lr > 1", true)]
    [InlineData("(lr > 0 or lr > 0) and lr > 1", false)]
    [InlineData(".5 < 1", true)]
    public void Evaluate_FollowsPrecedence(string text, bool expected)
    {
        Dictionary<string, double> row = new(s_row) { ["true_"] = 0 };
        Assert.Equal(expected, RowExpression.Parse(text).Evaluate(c => row[c]));
    }

    [Fact]
    public void Columns_ListsEachReferenceWithItsPosition()
    {
        RowExpression e = RowExpression.Parse("tokens/params >= 5 and `test loss` < tokens");

        Assert.Equal(["tokens", "params", "test loss"], e.Columns);
        Assert.Equal([("tokens", 1), ("params", 8), ("test loss", 24), ("tokens", 38)], e.ColumnReferences);
        Assert.True(Eval("tokens/params >= 5 and `test loss` < tokens"));
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("tokens/params >= ", 18, "ends early")]
    [InlineData("tokens >= 5 and", 16, "ends early")]
    [InlineData("(lr > 1", 8, "expected ')' to close the '(' at position 1")]
    [InlineData("lr > 1 > 2", 8, "do not chain")]
    [InlineData("lr + (params > 1)", 4, "needs numbers on both sides")]
    [InlineData("tokens/params", 1, "not a condition")]
    [InlineData("lr > 1 and 2", 11, "joins conditions")]
    [InlineData("lr $ 2", 4, "unexpected '$ 2'")]
    [InlineData("3x > 1", 2, "followed by 'x'")]
    [InlineData("not 3", 1, "'not' needs a condition")]
    [InlineData("`test loss < 3", 1, "backticks is not closed")]
    [InlineData("lr > and", 6, "'and' is an operator")]
    [InlineData("lr > 1)", 7, "unexpected ')'")]
    [InlineData("(lr > 1) < 2", 1, "left side is a condition")]
    public void Parse_BadExpression_IsLocated(string text, int position, string reason)
    {
        RowExpressionException e = Assert.Throws<RowExpressionException>(() => RowExpression.Parse(text));

        Assert.Equal(position, e.Position);
        Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        Assert.Contains($"at position {position}", e.Message, StringComparison.Ordinal);
    }
}
