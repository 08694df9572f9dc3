using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using AgentBudget.Shared.Pricing;

namespace AgentBudget.Pricing;

/// <summary>
/// Reads a pricing file at run time with System.Text.Json's <see cref="Utf8JsonReader"/> into the same raw document
/// model the source generator's reader produces, with character offsets, so the shared <see cref="PricingRules"/>
/// report the same problems at the same lines and columns at build time and at run time.
/// </summary>
internal static class SystemTextJsonPricingReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = PricingJsonReader.MaxDepth,
    };

    public static PricingJsonParseResult Parse(string json)
    {
        json ??= string.Empty;
        var lines = new PricingLineMap(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        var offsets = new CharOffsets(bytes);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read())
            {
                return Fail(lines, PricingProblemCodes.MalformedJson, "The file is empty; a pricing file is a JSON object.", json.Length, 0);
            }

            var root = ReadValue(ref reader, offsets);

            // Utf8JsonReader throws on anything after the single root value.
            reader.Read();
            return new PricingJsonParseResult(lines, root, null);
        }
        catch (JsonException exception)
        {
            var offset = ErrorOffset(bytes, exception);
            var c = offset < json.Length ? json[offset] : '\0';
            if (c == 'N' || c == 'I' || (c == '-' && offset + 1 < json.Length && json[offset + 1] == 'I'))
            {
                // The generator's reader has a dedicated message for NaN/Infinity; keep build and run time identical.
                var end = offset + 1;
                while (end < json.Length && char.IsLetter(json[end]))
                {
                    end++;
                }

                return Fail(lines, PricingProblemCodes.PriceNotANumber, "'" + json.Substring(offset, end - offset)
                    + "' is not a JSON number; prices must be finite numbers in USD per million tokens.", offset, end - offset);
            }

            return Fail(lines, PricingProblemCodes.MalformedJson, TrimPosition(exception.Message), offset, 1);
        }
    }

    private static PricingJsonNode ReadValue(ref Utf8JsonReader reader, CharOffsets offsets)
    {
        var start = offsets.ToChar(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<PricingJsonProperty>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = offsets.ToChar(reader.TokenStartIndex);
                    var nameEnd = offsets.ToChar(reader.TokenStartIndex + reader.ValueSpan.Length + 2);
                    var name = reader.GetString()!;
                    reader.Read();
                    var value = ReadValue(ref reader, offsets);
                    properties.Add(new PricingJsonProperty(name, nameStart, nameEnd - nameStart, value));
                }

                return new PricingJsonNode(PricingJsonKind.Object, start, 1, properties: properties);
            case JsonTokenType.StartArray:
                var items = new List<PricingJsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, offsets));
                }

                return new PricingJsonNode(PricingJsonKind.Array, start, 1, items: items);
            case JsonTokenType.String:
                var end = offsets.ToChar(reader.TokenStartIndex + reader.ValueSpan.Length + 2);
                return new PricingJsonNode(PricingJsonKind.String, start, end - start, reader.GetString());
            case JsonTokenType.Number:
                // The exact source text, parsed later into decimal by the shared rules (never through double).
                var text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                return new PricingJsonNode(PricingJsonKind.Number, start, text.Length, text);
            case JsonTokenType.True:
                return new PricingJsonNode(PricingJsonKind.True, start, 4);
            case JsonTokenType.False:
                return new PricingJsonNode(PricingJsonKind.False, start, 5);
            default:
                return new PricingJsonNode(PricingJsonKind.Null, start, 4);
        }
    }

    private static PricingJsonParseResult Fail(PricingLineMap lines, string code, string message, int offset, int length)
        => new(lines, null, new PricingProblem(code, message, lines.Span(offset, length)));

    /// <summary>System.Text.Json counts lines by '\n' and columns in bytes; convert its position to a character offset.</summary>
    private static int ErrorOffset(byte[] bytes, JsonException exception)
    {
        var line = exception.LineNumber ?? 0;
        var column = exception.BytePositionInLine ?? 0;
        long byteOffset = 0;
        for (long seen = 0; byteOffset < bytes.Length && seen < line; byteOffset++)
        {
            if (bytes[byteOffset] == (byte)'\n')
            {
                seen++;
            }
        }

        byteOffset = Math.Min(bytes.Length, byteOffset + column);
        return new CharOffsets(bytes).ToChar(byteOffset);
    }

    private static string TrimPosition(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message.Substring(0, at)).TrimEnd();
    }

    /// <summary>Converts increasing UTF-8 byte offsets to UTF-16 character offsets in one forward pass.</summary>
    private sealed class CharOffsets
    {
        private readonly byte[] _bytes;
        private long _byte;
        private int _char;

        public CharOffsets(byte[] bytes)
        {
            _bytes = bytes;

            // Encoding.UTF8.GetBytes keeps a leading U+FEFF as EF BB BF; it is one character.
        }

        public int ToChar(long byteOffset)
        {
            if (byteOffset < _byte)
            {
                _byte = 0;
                _char = 0;
            }

            while (_byte < byteOffset && _byte < _bytes.Length)
            {
                var b = _bytes[_byte];
                if ((b & 0xC0) != 0x80)
                {
                    // A lead byte starts a character; a 4-byte sequence is a surrogate pair in UTF-16.
                    _char += b >= 0xF0 ? 2 : 1;
                }

                _byte++;
            }

            return _char;
        }
    }
}
