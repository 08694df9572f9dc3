using System.Collections.Generic;

namespace AgentBudget.Shared.Pricing;

/// <summary>The kind of a JSON value in the raw pricing document.</summary>
internal enum PricingJsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// One JSON value of a pricing file, with its place in the text. This raw model is what both readers produce (the
/// generator's hand-written reader and the runtime's System.Text.Json reader), so the validation rules run on one
/// shape and report the same places.
/// </summary>
internal sealed class PricingJsonNode
{
    private static readonly List<PricingJsonProperty> NoProperties = new();
    private static readonly List<PricingJsonNode> NoItems = new();

    public PricingJsonNode(PricingJsonKind kind, int offset, int length, string? text = null,
        List<PricingJsonProperty>? properties = null, List<PricingJsonNode>? items = null)
    {
        Kind = kind;
        Offset = offset;
        Length = length;
        Text = text;
        Properties = properties ?? NoProperties;
        Items = items ?? NoItems;
    }

    public PricingJsonKind Kind { get; }

    /// <summary>Character offset of the value's first character (the quote of a string, the brace of an object).</summary>
    public int Offset { get; }

    /// <summary>Characters the value spans (for objects and arrays, only the opening bracket, which is enough to point at).</summary>
    public int Length { get; }

    /// <summary>The unescaped value of a string, or the exact source text of a number; null otherwise.</summary>
    public string? Text { get; }

    /// <summary>Properties of an object, in source order (duplicates kept, so the rules can report them).</summary>
    public List<PricingJsonProperty> Properties { get; }

    /// <summary>Items of an array.</summary>
    public List<PricingJsonNode> Items { get; }

    /// <summary>A short description for messages: "a string", "an object", …</summary>
    public string Describe() => Kind switch
    {
        PricingJsonKind.Object => "an object",
        PricingJsonKind.Array => "an array",
        PricingJsonKind.String => "a string",
        PricingJsonKind.Number => "a number",
        PricingJsonKind.True => "true",
        PricingJsonKind.False => "false",
        _ => "null",
    };
}

/// <summary>One property of a JSON object: its name, where the name is, and its value.</summary>
internal sealed class PricingJsonProperty
{
    public PricingJsonProperty(string name, int nameOffset, int nameLength, PricingJsonNode value)
    {
        Name = name;
        NameOffset = nameOffset;
        NameLength = nameLength;
        Value = value;
    }

    public string Name { get; }

    /// <summary>Offset of the opening quote of the name.</summary>
    public int NameOffset { get; }

    /// <summary>Length of the name token, quotes included.</summary>
    public int NameLength { get; }

    public PricingJsonNode Value { get; }
}

/// <summary>The result of reading a pricing file: a document, or the first syntax problem.</summary>
internal sealed class PricingJsonParseResult
{
    public PricingJsonParseResult(PricingLineMap lines, PricingJsonNode? root, PricingProblem? error)
    {
        Lines = lines;
        Root = root;
        Error = error;
    }

    public PricingLineMap Lines { get; }

    public PricingJsonNode? Root { get; }

    public PricingProblem? Error { get; }
}
