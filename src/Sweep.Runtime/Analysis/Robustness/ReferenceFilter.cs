using System.Globalization;

namespace Sweep.Analysis.Robustness;

/// <summary>
/// Which rows a line is fitted to: clauses <c>COLUMN OP VALUE</c> (OP one of <c>= != &lt; &lt;= &gt; &gt;=</c>) joined by
/// <c>&amp;&amp;</c>. A numeric value compares numerically (the column must hold a number); text compares with
/// <c>=</c> and <c>!=</c> only, ordinally.
/// </summary>
/// <example>
/// <code>
/// ReferenceFilter filter = ReferenceFilter.Parse("TrainSize >= 1024 &amp;&amp; arm = baseline");
/// bool take = filter.Matches(column => row[column]);
/// </code>
/// </example>
public sealed class ReferenceFilter
{
    private static readonly string[] s_operators = ["<=", ">=", "!=", "=", "<", ">"];
    private readonly List<Clause> _clauses;

    private ReferenceFilter(string text, List<Clause> clauses)
    {
        Text = text;
        _clauses = clauses;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>The columns the clauses name, in order.</summary>
    public IEnumerable<string> Columns => _clauses.Select(c => c.Column);

    /// <summary>Parses an expression.</summary>
    /// <param name="text">The expression.</param>
    /// <exception cref="FormatException">A clause is not <c>COLUMN OP VALUE</c>, or compares text with an order.</exception>
    public static ReferenceFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        List<Clause> clauses = [];
        foreach (string raw in text.Split("&&"))
        {
            string clause = raw.Trim();
            (int at, string op) = s_operators.Select(o => (clause.IndexOf(o, StringComparison.Ordinal), o)).Where(p => p.Item1 > 0).OrderBy(p => p.Item1).ThenByDescending(p => p.o.Length).FirstOrDefault();
            if (op is null)
            {
                throw new FormatException($"'{clause}' is not COLUMN OP VALUE (OP one of = != < <= > >=).");
            }

            string column = clause[..at].Trim(), value = clause[(at + op.Length)..].Trim();
            if (column.Length == 0 || value.Length == 0)
            {
                throw new FormatException($"'{clause}' is not COLUMN OP VALUE (OP one of = != < <= > >=).");
            }

            double? number = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
            if (number is null && op is not ("=" or "!="))
            {
                throw new FormatException($"'{clause}': '{value}' is not a number, and text compares only with = or !=.");
            }

            clauses.Add(new Clause(column, op, value, number));
        }

        return new ReferenceFilter(text, clauses);
    }

    /// <summary>Whether a row passes every clause.</summary>
    /// <param name="column">The row's value of a column: its text, or null when the row lacks the column.</param>
    /// <exception cref="FormatException">A column is missing, or a numeric clause meets a value that is not a number.</exception>
    public bool Matches(Func<string, string?> column)
    {
        ArgumentNullException.ThrowIfNull(column);
        foreach (Clause clause in _clauses)
        {
            string text = column(clause.Column) ?? throw new FormatException($"no column '{clause.Column}'.");
            bool pass;
            if (clause.Number is double target)
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                {
                    throw new FormatException($"column '{clause.Column}': '{text}' is not a number, but the clause '{clause.Column} {clause.Operator} {clause.Value}' compares numbers.");
                }

                pass = clause.Operator switch
                {
                    "=" => value == target,
                    "!=" => value != target,
                    "<" => value < target,
                    "<=" => value <= target,
                    ">" => value > target,
                    _ => value >= target,
                };
            }
            else
            {
                pass = string.Equals(text, clause.Value, StringComparison.Ordinal) == (clause.Operator == "=");
            }

            if (!pass)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Clause(string Column, string Operator, string Value, double? Number);
}
