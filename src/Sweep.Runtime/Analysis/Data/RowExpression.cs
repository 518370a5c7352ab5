using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// A condition over a row's numeric columns, as <c>fit --where</c> and <c>--holdout</c> (and <see cref="LawSpec.Where"/>)
/// take it: numbers (<c>5</c>, <c>1e9</c>, <c>0.5</c>), column names (letters, digits, <c>_</c> and <c>.</c>, not
/// starting with a digit; a name with other characters in backticks, <c>`test loss`</c>), arithmetic
/// <c>+ - * /</c> and unary minus, comparisons <c>&lt; &lt;= &gt; &gt;= == !=</c> (<c>=</c> is <c>==</c>), <c>and</c>,
/// <c>or</c>, <c>not</c> (also <c>&amp;&amp; || !</c>) and parentheses. Precedence, loosest first: <c>or</c>, <c>and</c>,
/// <c>not</c>, a comparison (one per operand pair, not chained), <c>+ -</c>, <c>* /</c>, unary minus. The whole
/// expression must be a condition; arithmetic on a condition, or <c>and</c> on a number, is an error.
/// Errors are <see cref="RowExpressionException"/>s naming the 1-based character position.
/// </summary>
/// <example>
/// <code>
/// RowExpression where = RowExpression.Parse("tokens/params >= 5 and not (lr == 0.01)");
/// bool keep = where.Evaluate(column =&gt; row[column]);
/// </code>
/// </example>
public sealed class RowExpression
{
    private readonly Node _root;

    private RowExpression(string text, Node root, IReadOnlyList<(string Name, int Position)> columns)
    {
        Text = text;
        _root = root;
        ColumnReferences = columns;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The distinct columns the expression reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns => [.. ColumnReferences.Select(c => c.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>Every column reference with its 1-based position in <see cref="Text"/>.</summary>
    public IReadOnlyList<(string Name, int Position)> ColumnReferences { get; }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The expression.</param>
    /// <exception cref="RowExpressionException">The text is not an expression of the language; the message names the position.</exception>
    public static RowExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        Node root = parser.ParseAll();
        if (!root.IsCondition)
        {
            throw new RowExpressionException(text, 1, "the expression is a number, not a condition; compare it with something (for example 'tokens/params >= 5')");
        }

        return new RowExpression(text, root, parser.Columns);
    }

    /// <summary>Evaluates the condition on one row.</summary>
    /// <param name="column">The value of a column of the row (called only for columns in <see cref="Columns"/>).</param>
    public bool Evaluate(Func<string, double> column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return _root.Evaluate(column) != 0;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private abstract class Node
    {
        public abstract bool IsCondition { get; }

        public abstract double Evaluate(Func<string, double> column);
    }

    private sealed class NumberNode(double value) : Node
    {
        public override bool IsCondition => false;

        public override double Evaluate(Func<string, double> column) => value;
    }

    private sealed class ColumnNode(string name) : Node
    {
        public override bool IsCondition => false;

        public override double Evaluate(Func<string, double> column) => column(name);
    }

    private sealed class UnaryNode(string op, Node operand) : Node
    {
        public override bool IsCondition => op == "not";

        public override double Evaluate(Func<string, double> column)
            => op == "not" ? (operand.Evaluate(column) != 0 ? 0 : 1) : -operand.Evaluate(column);
    }

    private sealed class BinaryNode(string op, Node left, Node right) : Node
    {
        public override bool IsCondition => op is not ("+" or "-" or "*" or "/");

        public override double Evaluate(Func<string, double> column)
        {
            if (op == "and")
            {
                return left.Evaluate(column) != 0 && right.Evaluate(column) != 0 ? 1 : 0;
            }

            if (op == "or")
            {
                return left.Evaluate(column) != 0 || right.Evaluate(column) != 0 ? 1 : 0;
            }

            double a = left.Evaluate(column), b = right.Evaluate(column);
            return op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                "<" => a < b ? 1 : 0,
                "<=" => a <= b ? 1 : 0,
                ">" => a > b ? 1 : 0,
                ">=" => a >= b ? 1 : 0,
                "==" => a == b ? 1 : 0,
                _ => a != b ? 1 : 0,
            };
        }
    }

    /// <summary>A recursive-descent parser over a hand-written tokenizer; positions are 1-based.</summary>
    private sealed class Parser(string text)
    {
        private int _pos;

        public List<(string Name, int Position)> Columns { get; } = [];

        public Node ParseAll()
        {
            SkipSpace();
            if (_pos >= text.Length)
            {
                throw Error(_pos, "the expression is empty");
            }

            Node node = Or();
            SkipSpace();
            return _pos < text.Length ? throw Error(_pos, $"unexpected '{Rest()}'; expected an operator or the end") : node;
        }

        private Node Or()
        {
            Node left = And();
            while (TryWord("or") || TrySymbol("||"))
            {
                int at = _pos;
                left = Logical("or", left, And(), at);
            }

            return left;
        }

        private Node And()
        {
            Node left = Not();
            while (TryWord("and") || TrySymbol("&&"))
            {
                int at = _pos;
                left = Logical("and", left, Not(), at);
            }

            return left;
        }

        private Node Not()
        {
            SkipSpace();
            int at = _pos;
            if (TryWord("not") || (Peek("!") && !Peek("!=") && TrySymbol("!")))
            {
                Node operand = Not();
                return operand.IsCondition ? new UnaryNode("not", operand) : throw Error(at, "'not' needs a condition, not a number");
            }

            return Comparison();
        }

        private Node Comparison()
        {
            SkipSpace();
            int leftAt = _pos;
            Node left = Sum();
            SkipSpace();
            foreach (string op in (string[])["<=", ">=", "==", "!=", "<", ">", "="])
            {
                if (TrySymbol(op))
                {
                    SkipSpace();
                    int rightAt = _pos;
                    Node right = Sum();
                    if (left.IsCondition)
                    {
                        throw Error(leftAt, $"'{op}' compares numbers; its left side is a condition");
                    }

                    if (right.IsCondition)
                    {
                        throw Error(rightAt, $"'{op}' compares numbers; its right side is a condition");
                    }

                    SkipSpace();
                    if (IsComparisonAhead())
                    {
                        throw Error(_pos, "comparisons do not chain; write 'a < b and b < c'");
                    }

                    return new BinaryNode(op == "=" ? "==" : op, left, right);
                }
            }

            return left;
        }

        private bool IsComparisonAhead() => Peek("<") || Peek(">") || Peek("=") || Peek("!=");

        private Node Sum()
        {
            Node left = Product();
            while (true)
            {
                SkipSpace();
                int at = _pos;
                string? op = TrySymbol("+") ? "+" : TrySymbol("-") ? "-" : null;
                if (op is null)
                {
                    return left;
                }

                left = Arithmetic(op, left, Product(), at);
            }
        }

        private Node Product()
        {
            Node left = Unary();
            while (true)
            {
                SkipSpace();
                int at = _pos;
                string? op = TrySymbol("*") ? "*" : TrySymbol("/") ? "/" : null;
                if (op is null)
                {
                    return left;
                }

                left = Arithmetic(op, left, Unary(), at);
            }
        }

        private Node Unary()
        {
            SkipSpace();
            int at = _pos;
            if (TrySymbol("-"))
            {
                Node operand = Unary();
                return operand.IsCondition ? throw Error(at, "'-' needs a number, not a condition") : new UnaryNode("-", operand);
            }

            return Primary();
        }

        private Node Primary()
        {
            SkipSpace();
            int at = _pos;
            if (_pos >= text.Length)
            {
                throw Error(_pos, "the expression ends early; expected a number, a column or '('");
            }

            char c = text[_pos];
            if (c == '(')
            {
                _pos++;
                Node inner = Or();
                SkipSpace();
                return TrySymbol(")") ? inner : throw Error(_pos, $"expected ')' to close the '(' at position {at + 1}");
            }

            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1])))
            {
                return Number(at);
            }

            if (c == '`')
            {
                int close = text.IndexOf('`', _pos + 1);
                if (close < 0)
                {
                    throw Error(at, "a column name in backticks is not closed");
                }

                string quoted = text[(_pos + 1)..close];
                if (quoted.Length == 0)
                {
                    throw Error(at, "empty column name");
                }

                _pos = close + 1;
                Columns.Add((quoted, at + 1));
                return new ColumnNode(quoted);
            }

            if (char.IsLetter(c) || c == '_')
            {
                int start = _pos;
                while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '.'))
                {
                    _pos++;
                }

                string name = text[start.._pos];
                if (name is "and" or "or" or "not")
                {
                    throw Error(start, $"'{name}' is an operator; expected a number, a column or '(' here (a column called '{name}' goes in backticks)");
                }

                Columns.Add((name, start + 1));
                return new ColumnNode(name);
            }

            throw Error(at, $"unexpected '{Rest()}'; expected a number, a column or '('");
        }

        private NumberNode Number(int at)
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }

            if (_pos < text.Length && text[_pos] is 'e' or 'E')
            {
                int mark = _pos++;
                if (_pos < text.Length && text[_pos] is '+' or '-')
                {
                    _pos++;
                }

                if (_pos >= text.Length || !char.IsAsciiDigit(text[_pos]))
                {
                    _pos = mark;
                }
                else
                {
                    while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                    {
                        _pos++;
                    }
                }
            }

            string token = text[start.._pos];
            if (_pos < text.Length && (char.IsLetter(text[_pos]) || text[_pos] == '_'))
            {
                throw Error(_pos, $"a number is followed by '{text[_pos]}'; put an operator between them");
            }

            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? new NumberNode(value)
                : throw Error(at, $"'{token}' is not a number");
        }

        private BinaryNode Logical(string op, Node left, Node right, int at)
            => left.IsCondition && right.IsCondition ? new BinaryNode(op, left, right) : throw Error(at, $"'{op}' joins conditions; one side is a number (compare it first, for example 'x > 0')");

        private BinaryNode Arithmetic(string op, Node left, Node right, int at)
            => left.IsCondition || right.IsCondition ? throw Error(at, $"'{op}' needs numbers on both sides; one is a condition (add parentheses?)") : new BinaryNode(op, left, right);

        private bool TryWord(string word)
        {
            SkipSpace();
            int end = _pos + word.Length;
            if (end <= text.Length && string.CompareOrdinal(text, _pos, word, 0, word.Length) == 0
                && (end == text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.')))
            {
                _pos = end;
                return true;
            }

            return false;
        }

        private bool TrySymbol(string symbol)
        {
            SkipSpace();
            if (Peek(symbol))
            {
                _pos += symbol.Length;
                return true;
            }

            return false;
        }

        private bool Peek(string symbol) => _pos + symbol.Length <= text.Length && string.CompareOrdinal(text, _pos, symbol, 0, symbol.Length) == 0;

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private string Rest() => _pos < text.Length ? text[_pos..Math.Min(text.Length, _pos + 10)] : string.Empty;

        private RowExpressionException Error(int index, string message) => new(text, index + 1, message);
    }
}

/// <summary>A <see cref="RowExpression"/> that does not parse, or names a column the data lack, located by position.</summary>
public sealed class RowExpressionException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="position">The 1-based character position at fault.</param>
    /// <param name="reason">What is wrong there.</param>
    public RowExpressionException(string expression, int position, string reason)
        : base($"'{expression}', at position {position}: {reason}.")
    {
        Expression = expression;
        Position = position;
        Reason = reason;
    }

    /// <summary>The expression.</summary>
    public string Expression { get; }

    /// <summary>The 1-based character position at fault.</summary>
    public int Position { get; }

    /// <summary>What is wrong there.</summary>
    public string Reason { get; }
}
