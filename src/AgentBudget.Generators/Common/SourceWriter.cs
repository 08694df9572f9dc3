using System.Globalization;
using System.Text;

namespace AgentBudget.Generators.Common;

/// <summary>
/// Writes generated C# line by line with indentation (the cookbook's recommended way: cheaper and more predictable
/// than SyntaxFactory + NormalizeWhitespace). Lines end with '\n' on every OS so output is byte-for-byte deterministic.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new();
    private int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length != 0)
        {
            _builder.Append(' ', _indent * IndentSize);
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            Line(header);
        }

        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter CloseBlock(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Outdent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _builder.ToString();

    /// <summary>A C# string literal; non-ASCII and control characters are escaped so the output is plain ASCII.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Text safe inside a <c>//</c> comment or XML doc (no line breaks, ASCII only).</summary>
    public static string CommentText(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c < ' ' || c > '~' ? '?' : c);
        }

        return builder.ToString().Replace("<", "&lt;").Replace(">", "&gt;");
    }

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Picodollars per token as USD per million tokens, for comments.</summary>
    public static string UsdPerMillion(long picodollarsPerToken)
        => (picodollarsPerToken / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);
}
