namespace AgentBudget.Shared.Pricing;

/// <summary>
/// One thing wrong with a pricing file, at a place in it. The generator turns it into a compiler diagnostic on the
/// JSON file; the runtime loader into a <c>PricingFileException</c> line. Both see the same code, message and place.
/// </summary>
internal sealed class PricingProblem
{
    public PricingProblem(string code, string message, PricingTextSpan span)
    {
        Code = code;
        Message = message;
        Span = span;
    }

    /// <summary>The diagnostic id, e.g. <c>AB1003</c> (see <see cref="PricingProblemCodes"/>).</summary>
    public string Code { get; }

    /// <summary>What is wrong and how to fix it, in one or two sentences.</summary>
    public string Message { get; }

    /// <summary>Where in the file.</summary>
    public PricingTextSpan Span { get; }

    /// <summary>1-based line, as editors show it.</summary>
    public int Line => Span.StartLine + 1;

    /// <summary>1-based column (UTF-16 characters), as editors show it.</summary>
    public int Column => Span.StartColumn + 1;

    public override string ToString() => "(" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ","
        + Column.ToString(System.Globalization.CultureInfo.InvariantCulture) + "): " + Code + ": " + Message;
}

/// <summary>
/// A range of a pricing file: character offset and length, plus 0-based start and end line/column (the shape Roslyn's
/// <c>LinePositionSpan</c> wants, so the generator needs no <c>SourceText</c> to place a diagnostic).
/// </summary>
internal readonly struct PricingTextSpan : System.IEquatable<PricingTextSpan>
{
    public PricingTextSpan(int offset, int length, int startLine, int startColumn, int endLine, int endColumn)
    {
        Offset = offset;
        Length = length;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    public int Offset { get; }

    public int Length { get; }

    public int StartLine { get; }

    public int StartColumn { get; }

    public int EndLine { get; }

    public int EndColumn { get; }

    public bool Equals(PricingTextSpan other) => Offset == other.Offset && Length == other.Length
        && StartLine == other.StartLine && StartColumn == other.StartColumn && EndLine == other.EndLine && EndColumn == other.EndColumn;

    public override bool Equals(object? obj) => obj is PricingTextSpan other && Equals(other);

    public override int GetHashCode() => unchecked((Offset * 397) ^ Length);
}

/// <summary>
/// Diagnostic ids for pricing-file problems (AB1xxx). They are shipped API: never reuse or renumber one.
/// Each has a page under <c>docs/diagnostics/</c>.
/// </summary>
internal static class PricingProblemCodes
{
    /// <summary>The file is not valid JSON (syntax, comments, trailing commas, trailing content).</summary>
    public const string MalformedJson = "AB1001";

    /// <summary>A required property (a price, or a top-level field) is missing.</summary>
    public const string MissingProperty = "AB1002";

    /// <summary>A price is negative.</summary>
    public const string NegativePrice = "AB1003";

    /// <summary>A price is not a finite JSON number (NaN, Infinity, a string, null, a boolean, out of range).</summary>
    public const string PriceNotANumber = "AB1004";

    /// <summary>A price has more than six decimals, so it is not a whole number of picodollars per token.</summary>
    public const string TooManyDecimals = "AB1005";

    /// <summary>A price is almost certainly in the wrong unit (per token instead of per million tokens).</summary>
    public const string PriceInWrongUnit = "AB1006";

    /// <summary>An unknown property (usually a typo that would silently drop a price).</summary>
    public const string UnknownProperty = "AB1007";

    /// <summary>A long-context tier threshold is not strictly increasing (or not positive).</summary>
    public const string TierNotIncreasing = "AB1008";

    /// <summary>A model id or alias is defined twice (in one file, or across files).</summary>
    public const string DuplicateModel = "AB1009";

    /// <summary>A date is not a valid ISO <c>yyyy-MM-dd</c> calendar date.</summary>
    public const string InvalidDate = "AB1010";

    /// <summary>The <c>schemaVersion</c> is missing a supported value.</summary>
    public const string UnsupportedSchemaVersion = "AB1011";

    /// <summary>A non-price property has the wrong type or is out of range.</summary>
    public const string InvalidValue = "AB1012";

    /// <summary>A model id or alias is empty, has whitespace or is too long.</summary>
    public const string InvalidModelId = "AB1013";

    /// <summary>The same property appears twice in one JSON object.</summary>
    public const string DuplicateProperty = "AB1014";

    /// <summary>Prices that are valid but implausible together (cache read above input, 1-hour write below 5-minute write).</summary>
    public const string ImplausiblePrice = "AB1015";
}
