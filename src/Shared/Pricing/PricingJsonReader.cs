using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AgentBudget.Shared.Pricing;

/// <summary>
/// A small, strict JSON reader for pricing files (RFC 8259: no comments, no trailing commas, no NaN/Infinity, no
/// single quotes, nothing after the document). It exists so the source generator needs no System.Text.Json at
/// compile time (an analyzer that bundles STJ breaks in some IDE hosts). Errors carry the offset of the offending
/// character. Nesting is limited so a hostile file cannot overflow the compiler's stack.
/// </summary>
internal sealed class PricingJsonReader
{
    /// <summary>Deepest nesting accepted; a pricing file needs five levels.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private int _position;

    private PricingJsonReader(string text) => _text = text;

    /// <summary>Reads a whole document. Never throws for bad input: the first problem is returned instead.</summary>
    public static PricingJsonParseResult Parse(string text)
    {
        text ??= string.Empty;
        var lines = new PricingLineMap(text);
        var reader = new PricingJsonReader(text);
        try
        {
            // A byte-order mark is not JSON whitespace but editors write it; accept it at the very start only.
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                reader._position = 1;
            }

            reader.SkipWhitespace();
            if (reader._position >= text.Length)
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "The file is empty; a pricing file is a JSON object.", reader._position, 0);
            }

            var root = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position < text.Length)
            {
                throw reader.Unexpected("Unexpected content after the end of the JSON document; a pricing file holds exactly one object.");
            }

            return new PricingJsonParseResult(lines, root, null);
        }
        catch (SyntaxError error)
        {
            return new PricingJsonParseResult(lines, null,
                new PricingProblem(error.Code, error.Message, lines.Span(error.Offset, error.Length)));
        }
    }

    private PricingJsonNode ReadValue(int depth)
    {
        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw new SyntaxError(PricingProblemCodes.MalformedJson, "Unexpected end of file; a value was expected.", _position, 0);
        }

        var c = _text[_position];
        switch (c)
        {
            case '{':
                return ReadObject(depth + 1);
            case '[':
                return ReadArray(depth + 1);
            case '"':
                var start = _position;
                var value = ReadString();
                return new PricingJsonNode(PricingJsonKind.String, start, _position - start, value);
            case 't':
                return ReadLiteral("true", PricingJsonKind.True);
            case 'f':
                return ReadLiteral("false", PricingJsonKind.False);
            case 'n':
                return ReadLiteral("null", PricingJsonKind.Null);
            case 'N':
            case 'I':
                throw NotFinite();
            case '-' when _position + 1 < _text.Length && _text[_position + 1] == 'I':
                throw NotFinite();
            case '/':
                throw new SyntaxError(PricingProblemCodes.MalformedJson,
                    "Comments are not allowed in JSON; put explanations in a model's \"note\" property.", _position, 1);
            case '\'':
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "JSON strings use double quotes, not single quotes.", _position, 1);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber();
                }

                throw Unexpected("Unexpected character " + Quote(c) + "; a JSON value (object, array, string, number, true, false or null) was expected.");
        }
    }

    private PricingJsonNode ReadObject(int depth)
    {
        CheckDepth(depth);
        var start = _position;
        _position++; // '{'
        var properties = new List<PricingJsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return new PricingJsonNode(PricingJsonKind.Object, start, 1, properties: properties);
        }

        while (true)
        {
            SkipWhitespace();
            var c = Peek();
            if (c != '"')
            {
                if (c == '}' && properties.Count > 0)
                {
                    throw new SyntaxError(PricingProblemCodes.MalformedJson, "Trailing comma before '}'; remove the comma after the last property.", _position, 1);
                }

                if (c == '/')
                {
                    throw new SyntaxError(PricingProblemCodes.MalformedJson,
                        "Comments are not allowed in JSON; put explanations in a model's \"note\" property.", _position, 1);
                }

                throw _position >= _text.Length
                    ? new SyntaxError(PricingProblemCodes.MalformedJson, "Unexpected end of file inside an object; a '}' is missing.", _position, 0)
                    : Unexpected("Expected a property name in double quotes, found " + Quote(c) + ".");
            }

            var nameStart = _position;
            var name = ReadString();
            var nameLength = _position - nameStart;
            SkipWhitespace();
            if (Peek() != ':')
            {
                throw _position >= _text.Length
                    ? new SyntaxError(PricingProblemCodes.MalformedJson, "Unexpected end of file after a property name; ':' was expected.", _position, 0)
                    : Unexpected("Expected ':' after the property name \"" + name + "\", found " + Quote(Peek()) + ".");
            }

            _position++;
            var value = ReadValue(depth);
            properties.Add(new PricingJsonProperty(name, nameStart, nameLength, value));
            SkipWhitespace();
            c = Peek();
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == '}')
            {
                _position++;
                return new PricingJsonNode(PricingJsonKind.Object, start, 1, properties: properties);
            }

            throw _position >= _text.Length
                ? new SyntaxError(PricingProblemCodes.MalformedJson, "Unexpected end of file inside an object; a '}' is missing.", _position, 0)
                : Unexpected("Expected ',' or '}' after a property value, found " + Quote(c) + "; is a comma missing?");
        }
    }

    private PricingJsonNode ReadArray(int depth)
    {
        CheckDepth(depth);
        var start = _position;
        _position++; // '['
        var items = new List<PricingJsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return new PricingJsonNode(PricingJsonKind.Array, start, 1, items: items);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() == ']' && items.Count > 0)
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "Trailing comma before ']'; remove the comma after the last item.", _position, 1);
            }

            items.Add(ReadValue(depth));
            SkipWhitespace();
            var c = Peek();
            if (c == ',')
            {
                _position++;
                continue;
            }

            if (c == ']')
            {
                _position++;
                return new PricingJsonNode(PricingJsonKind.Array, start, 1, items: items);
            }

            throw _position >= _text.Length
                ? new SyntaxError(PricingProblemCodes.MalformedJson, "Unexpected end of file inside an array; a ']' is missing.", _position, 0)
                : Unexpected("Expected ',' or ']' after an array item, found " + Quote(c) + "; is a comma missing?");
        }
    }

    private string ReadString()
    {
        var start = _position;
        _position++; // opening quote
        StringBuilder? builder = null;
        var runStart = _position;
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "Unterminated string; a closing '\"' is missing.", start, 1);
            }

            var c = _text[_position];
            if (c == '"')
            {
                string value;
                if (builder is null)
                {
                    value = _text.Substring(runStart, _position - runStart);
                }
                else
                {
                    builder.Append(_text, runStart, _position - runStart);
                    value = builder.ToString();
                }

                _position++;
                return value;
            }

            if (c < ' ')
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson,
                    "A control character (such as a line break or tab) inside a string must be escaped (\\n, \\t, \\u00XX).", _position, 1);
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            var escapeStart = _position;
            _position++;
            if (_position >= _text.Length)
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "Unterminated string; a closing '\"' is missing.", start, 1);
            }

            var e = _text[_position];
            switch (e)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 >= _text.Length || !IsHex(_text[_position + 1]) || !IsHex(_text[_position + 2])
                        || !IsHex(_text[_position + 3]) || !IsHex(_text[_position + 4]))
                    {
                        throw new SyntaxError(PricingProblemCodes.MalformedJson, "A \\u escape needs exactly four hexadecimal digits.", escapeStart, 2);
                    }

                    builder.Append((char)int.Parse(_text.Substring(_position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    _position += 4;
                    break;
                default:
                    throw new SyntaxError(PricingProblemCodes.MalformedJson,
                        "Invalid escape sequence '\\" + e + "'; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.", escapeStart, 2);
            }

            _position++;
            runStart = _position;
        }
    }

    private PricingJsonNode ReadNumber()
    {
        // Grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?  The value is kept as text; the rules parse it into
        // decimal so that 0.1 stays exactly 0.1 (never a double).
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (!IsDigit(Peek()))
        {
            throw new SyntaxError(PricingProblemCodes.MalformedJson, "A '-' must be followed by digits.", start, _position - start + 1);
        }

        if (Peek() == '0')
        {
            _position++;
            if (IsDigit(Peek()))
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "Numbers cannot have leading zeros.", start, _position - start + 1);
            }
        }
        else
        {
            SkipDigits();
        }

        if (Peek() == '.')
        {
            _position++;
            if (!IsDigit(Peek()))
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "A decimal point must be followed by digits.", start, _position - start);
            }

            SkipDigits();
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!IsDigit(Peek()))
            {
                throw new SyntaxError(PricingProblemCodes.MalformedJson, "An exponent must have digits.", start, _position - start);
            }

            SkipDigits();
        }

        var next = Peek();
        if (char.IsLetterOrDigit(next) || next == '.' || next == '_')
        {
            throw new SyntaxError(PricingProblemCodes.MalformedJson,
                "Invalid number: unexpected " + Quote(next) + " after " + _text.Substring(start, _position - start) + ".", start, _position - start + 1);
        }

        return new PricingJsonNode(PricingJsonKind.Number, start, _position - start, _text.Substring(start, _position - start));
    }

    private PricingJsonNode ReadLiteral(string literal, PricingJsonKind kind)
    {
        var start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0
            || (start + literal.Length < _text.Length && char.IsLetterOrDigit(_text[start + literal.Length])))
        {
            var end = start;
            while (end < _text.Length && char.IsLetterOrDigit(_text[end]))
            {
                end++;
            }

            throw new SyntaxError(PricingProblemCodes.MalformedJson,
                "Unknown literal '" + _text.Substring(start, Math.Max(1, end - start)) + "'; JSON knows true, false and null (strings need double quotes).",
                start, Math.Max(1, end - start));
        }

        _position += literal.Length;
        return new PricingJsonNode(kind, start, literal.Length);
    }

    private SyntaxError NotFinite()
    {
        var start = _position;
        var end = start + 1;
        while (end < _text.Length && char.IsLetter(_text[end]))
        {
            end++;
        }

        return new SyntaxError(PricingProblemCodes.PriceNotANumber,
            "'" + _text.Substring(start, end - start) + "' is not a JSON number; prices must be finite numbers in USD per million tokens.",
            start, end - start);
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SyntaxError(PricingProblemCodes.MalformedJson,
                "The document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels; a pricing file needs five.", _position, 1);
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private SyntaxError Unexpected(string message) => new(PricingProblemCodes.MalformedJson, message, _position, 1);

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsHex(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static string Quote(char c) => c == '\0'
        ? "end of file"
        : c < ' ' ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";

    // Internal control flow only: every SyntaxError is caught in Parse and returned as a problem.
#pragma warning disable CA1064, CA1032
    private sealed class SyntaxError : Exception
#pragma warning restore CA1064, CA1032
    {
        public SyntaxError(string code, string message, int offset, int length)
            : base(message)
        {
            Code = code;
            Offset = offset;
            Length = length;
        }

        public string Code { get; }

        public int Offset { get; }

        public int Length { get; }
    }
}
