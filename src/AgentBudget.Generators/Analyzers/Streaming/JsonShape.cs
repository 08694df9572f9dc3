using System.Collections.Generic;
using System.Text;

namespace AgentBudget.Generators.Analyzers.Streaming;

/// <summary>The kinds of JSON values the streaming rule distinguishes.</summary>
internal enum JsonValueKind
{
    /// <summary>Not known at compile time (an interpolation hole, a variable, a call).</summary>
    Unknown,
    True,
    False,
    Object,

    /// <summary>Any other known value (string, number, null, array).</summary>
    Other,
}

/// <summary>A JSON object as far as the source shows it: its members, and whether anything unseen may add more.</summary>
internal sealed class JsonShapeObject
{
    public JsonShapeObject(bool isComplete)
    {
        IsComplete = isComplete;
    }

    /// <summary>False when code the reader could not follow may add or change members.</summary>
    public bool IsComplete { get; set; }

    public Dictionary<string, JsonShapeMember> Members { get; } = new(System.StringComparer.Ordinal);

    /// <summary>For objects read from a literal: index of the opening and closing brace in the decoded text.</summary>
    public int OpenBrace { get; set; } = -1;

    public int CloseBrace { get; set; } = -1;
}

/// <summary>One member of a <see cref="JsonShapeObject"/>.</summary>
internal sealed class JsonShapeMember
{
    public JsonShapeMember(string name, JsonValueKind kind, JsonShapeObject? value)
    {
        Name = name;
        Kind = kind;
        Value = value;
    }

    public string Name { get; }

    public JsonValueKind Kind { get; }

    public JsonShapeObject? Value { get; }

    /// <summary>For members read from a literal: decoded index where the member's key starts and where its value starts and ends.</summary>
    public int KeyStart { get; set; } = -1;

    public int ValueStart { get; set; } = -1;

    public int ValueEnd { get; set; } = -1;

    /// <summary>For members read from code: the syntax that sets the member (initializer element, assignment, declarator).</summary>
    public Microsoft.CodeAnalysis.SyntaxNode? Setter { get; set; }

    /// <summary>For members read from code: the syntax of the value.</summary>
    public Microsoft.CodeAnalysis.SyntaxNode? ValueSyntax { get; set; }
}

/// <summary>What the streaming rule concludes about a request body.</summary>
internal enum StreamUsageVerdict
{
    /// <summary>Not a streaming body, usage requested, or not enough known to say.</summary>
    Fine,

    /// <summary><c>"stream": true</c> and no <c>stream_options</c> member.</summary>
    MissingStreamOptions,

    /// <summary><c>stream_options</c> is an object without <c>include_usage</c>.</summary>
    MissingIncludeUsage,

    /// <summary><c>stream_options.include_usage</c> is <c>false</c>.</summary>
    IncludeUsageFalse,
}

internal static class JsonShape
{
    public const string Stream = "stream";
    public const string StreamOptions = "stream_options";
    public const string IncludeUsage = "include_usage";

    /// <summary>Applies the AB0002 rule to a body shape.</summary>
    public static StreamUsageVerdict Judge(JsonShapeObject body)
    {
        if (!body.Members.TryGetValue(Stream, out var stream) || stream.Kind != JsonValueKind.True)
        {
            return StreamUsageVerdict.Fine;
        }

        if (!body.Members.TryGetValue(StreamOptions, out var options))
        {
            // Something unseen might still add it.
            return body.IsComplete ? StreamUsageVerdict.MissingStreamOptions : StreamUsageVerdict.Fine;
        }

        if (options.Kind != JsonValueKind.Object || options.Value is null)
        {
            return StreamUsageVerdict.Fine;
        }

        if (!options.Value.Members.TryGetValue(IncludeUsage, out var includeUsage))
        {
            return options.Value.IsComplete ? StreamUsageVerdict.MissingIncludeUsage : StreamUsageVerdict.Fine;
        }

        return includeUsage.Kind == JsonValueKind.False ? StreamUsageVerdict.IncludeUsageFalse : StreamUsageVerdict.Fine;
    }

    /// <summary>Reads the top-level object of a JSON text; null when the text is not a JSON object this reader understands.</summary>
    public static JsonShapeObject? Parse(string text)
    {
        var reader = new Reader(text);
        reader.SkipWhitespace();
        if (!reader.Peek('{'))
        {
            return null;
        }

        var result = reader.ReadObject();
        if (result is null)
        {
            return null;
        }

        reader.SkipWhitespace();
        return reader.AtEnd ? result : null;
    }

    private sealed class Reader
    {
        private readonly string _text;
        private int _position;

        public Reader(string text)
        {
            _text = text;
        }

        public bool AtEnd => _position >= _text.Length;

        public bool Peek(char c) => _position < _text.Length && _text[_position] == c;

        public void SkipWhitespace()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            {
                _position++;
            }
        }

        public JsonShapeObject? ReadObject()
        {
            var shape = new JsonShapeObject(isComplete: true) { OpenBrace = _position };
            _position++;
            SkipWhitespace();
            if (Peek('}'))
            {
                shape.CloseBrace = _position++;
                return shape;
            }

            while (true)
            {
                SkipWhitespace();
                var keyStart = _position;
                var key = ReadString();
                if (key is null)
                {
                    return null;
                }

                SkipWhitespace();
                if (!Peek(':'))
                {
                    return null;
                }

                _position++;
                SkipWhitespace();
                var valueStart = _position;
                var kind = ReadValue(out var nested);
                if (kind is null)
                {
                    return null;
                }

                // A duplicate key: the last one wins, as in System.Text.Json's default and in the API.
                shape.Members[key] = new JsonShapeMember(key, kind.Value, nested)
                {
                    KeyStart = keyStart,
                    ValueStart = valueStart,
                    ValueEnd = _position,
                };

                SkipWhitespace();
                if (Peek(','))
                {
                    _position++;
                    continue;
                }

                if (Peek('}'))
                {
                    shape.CloseBrace = _position++;
                    return shape;
                }

                return null;
            }
        }

        private JsonValueKind? ReadValue(out JsonShapeObject? nested)
        {
            nested = null;
            if (AtEnd)
            {
                return null;
            }

            switch (_text[_position])
            {
                case '{':
                    nested = ReadObject();
                    return nested is null ? null : JsonValueKind.Object;
                case '[':
                    return SkipArray() ? JsonValueKind.Other : null;
                case '"':
                    return ReadString() is null ? null : JsonValueKind.Other;
                default:
                    var start = _position;
                    while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '-' or '+' or '.'))
                    {
                        _position++;
                    }

                    var word = _text.Substring(start, _position - start);
                    return word switch
                    {
                        "true" => JsonValueKind.True,
                        "false" => JsonValueKind.False,
                        "" => null,
                        _ => JsonValueKind.Other,
                    };
            }
        }

        private bool SkipArray()
        {
            _position++;
            SkipWhitespace();
            if (Peek(']'))
            {
                _position++;
                return true;
            }

            while (true)
            {
                SkipWhitespace();
                if (ReadValue(out _) is null)
                {
                    return false;
                }

                SkipWhitespace();
                if (Peek(','))
                {
                    _position++;
                    continue;
                }

                if (Peek(']'))
                {
                    _position++;
                    return true;
                }

                return false;
            }
        }

        private string? ReadString()
        {
            if (!Peek('"'))
            {
                return null;
            }

            _position++;
            var builder = new StringBuilder();
            while (_position < _text.Length)
            {
                var c = _text[_position++];
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c == '\\' && _position < _text.Length)
                {
                    var escaped = _text[_position++];
                    builder.Append(escaped switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => escaped });
                    if (escaped == 'u')
                    {
                        _position = System.Math.Min(_text.Length, _position + 4);
                    }

                    continue;
                }

                builder.Append(c);
            }

            return null;
        }
    }
}
