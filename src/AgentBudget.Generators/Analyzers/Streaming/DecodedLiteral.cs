using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBudget.Generators.Analyzers.Streaming;

/// <summary>How a string literal is written in source, which decides how inserted text must be escaped.</summary>
internal enum LiteralStyle
{
    Regular,
    Verbatim,
    Raw,
}

/// <summary>
/// The value of a C# string literal (regular, verbatim, raw, UTF-8, or interpolated with its holes replaced by
/// <c>0</c>) together with the source position of every character, so that a JSON position found in the value can be
/// turned back into an edit of the literal.
/// </summary>
internal sealed class DecodedLiteral
{
    private readonly int[] _sourcePositions;

    private DecodedLiteral(string text, int[] sourcePositions, LiteralStyle style, bool isInterpolated, int interpolationBraces)
    {
        Text = text;
        _sourcePositions = sourcePositions;
        Style = style;
        IsInterpolated = isInterpolated;
        InterpolationBraces = interpolationBraces;
    }

    /// <summary>The literal's value (interpolation holes read as <c>0</c>).</summary>
    public string Text { get; }

    public LiteralStyle Style { get; }

    public bool IsInterpolated { get; }

    /// <summary>Number of <c>$</c> of a raw interpolated literal (braces in a shorter run are content).</summary>
    public int InterpolationBraces { get; }

    /// <summary>Source position of the value character at <paramref name="index"/>; <see cref="Text"/>.Length maps to the end of the content.</summary>
    public int SourcePosition(int index) => _sourcePositions[index];

    /// <summary>Writes <paramref name="value"/> the way it must appear inside this literal.</summary>
    public string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '"' when Style == LiteralStyle.Regular:
                    builder.Append("\\\"");
                    break;
                case '\\' when Style == LiteralStyle.Regular:
                    builder.Append("\\\\");
                    break;
                case '\n' when Style == LiteralStyle.Regular:
                    builder.Append("\\n");
                    break;
                case '"' when Style == LiteralStyle.Verbatim:
                    builder.Append("\"\"");
                    break;
                case '{' or '}' when IsInterpolated && Style != LiteralStyle.Raw:
                    builder.Append(c).Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a string literal expression or an interpolated string, or returns null for anything else.</summary>
    public static DecodedLiteral? TryDecode(SyntaxNode node)
    {
        switch (node)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                return DecodeToken(literal.Token);
            case InterpolatedStringExpressionSyntax interpolated:
                return DecodeInterpolated(interpolated);
            default:
                return null;
        }
    }

    private static DecodedLiteral? DecodeToken(SyntaxToken token)
    {
        var text = token.Text;
        var start = token.SpanStart;
        var end = text.Length;
        if (end >= 2 && (text.EndsWith("u8", System.StringComparison.Ordinal) || text.EndsWith("U8", System.StringComparison.Ordinal)))
        {
            end -= 2;
        }

        var value = new StringBuilder();
        var positions = new List<int>();
        if (text.StartsWith("\"\"\"", System.StringComparison.Ordinal))
        {
            var quotes = CountRun(text, 0, '"');
            var contentEnd = end - quotes;
            for (var i = quotes; i < contentEnd; i++)
            {
                value.Append(text[i]);
                positions.Add(start + i);
            }

            positions.Add(start + contentEnd);
            return new DecodedLiteral(value.ToString(), positions.ToArray(), LiteralStyle.Raw, false, 0);
        }

        if (text.StartsWith("@\"", System.StringComparison.Ordinal))
        {
            var contentEnd = end - 1;
            DecodeVerbatim(text, 2, contentEnd, start, value, positions, doubledBraces: false);
            positions.Add(start + contentEnd);
            return new DecodedLiteral(value.ToString(), positions.ToArray(), LiteralStyle.Verbatim, false, 0);
        }

        if (text.StartsWith("\"", System.StringComparison.Ordinal))
        {
            var contentEnd = end - 1;
            if (!DecodeRegular(text, 1, contentEnd, start, value, positions, doubledBraces: false))
            {
                return null;
            }

            positions.Add(start + contentEnd);
            return new DecodedLiteral(value.ToString(), positions.ToArray(), LiteralStyle.Regular, false, 0);
        }

        return null;
    }

    private static DecodedLiteral? DecodeInterpolated(InterpolatedStringExpressionSyntax interpolated)
    {
        var startToken = interpolated.StringStartToken.Text;
        var isRaw = startToken.EndsWith("\"\"\"", System.StringComparison.Ordinal);
        var isVerbatim = !isRaw && startToken.IndexOf('@') >= 0;
        var dollars = CountRun(startToken, startToken.IndexOf('$'), '$');
        var style = isRaw ? LiteralStyle.Raw : isVerbatim ? LiteralStyle.Verbatim : LiteralStyle.Regular;

        var value = new StringBuilder();
        var positions = new List<int>();
        foreach (var content in interpolated.Contents)
        {
            switch (content)
            {
                case InterpolatedStringTextSyntax textPart:
                {
                    var token = textPart.TextToken;
                    var raw = token.Text;
                    if (style == LiteralStyle.Raw)
                    {
                        for (var i = 0; i < raw.Length; i++)
                        {
                            value.Append(raw[i]);
                            positions.Add(token.SpanStart + i);
                        }
                    }
                    else if (style == LiteralStyle.Verbatim)
                    {
                        DecodeVerbatim(raw, 0, raw.Length, token.SpanStart, value, positions, doubledBraces: true);
                    }
                    else if (!DecodeRegular(raw, 0, raw.Length, token.SpanStart, value, positions, doubledBraces: true))
                    {
                        return null;
                    }

                    break;
                }

                case InterpolationSyntax hole:
                    // A hole reads as a number: a valid JSON value where a value goes, and "0" inside a quoted key.
                    value.Append('0');
                    positions.Add(hole.SpanStart);
                    break;
            }
        }

        positions.Add(interpolated.StringEndToken.SpanStart);
        return new DecodedLiteral(value.ToString(), positions.ToArray(), style, true, dollars);
    }

    private static void DecodeVerbatim(string text, int from, int to, int start, StringBuilder value, List<int> positions, bool doubledBraces)
    {
        for (var i = from; i < to; i++)
        {
            positions.Add(start + i);
            var c = text[i];
            if ((c == '"' || (doubledBraces && c is '{' or '}')) && i + 1 < to && text[i + 1] == c)
            {
                i++;
            }

            value.Append(c);
        }
    }

    private static bool DecodeRegular(string text, int from, int to, int start, StringBuilder value, List<int> positions, bool doubledBraces)
    {
        for (var i = from; i < to; i++)
        {
            positions.Add(start + i);
            var c = text[i];
            if (doubledBraces && c is '{' or '}' && i + 1 < to && text[i + 1] == c)
            {
                value.Append(c);
                i++;
                continue;
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (++i >= to)
            {
                return false;
            }

            switch (text[i])
            {
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case '0': value.Append('\0'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case 'e': value.Append('\u001b'); break;
                case 'u' when i + 4 < to && TryHex(text, i + 1, 4, out var unicode):
                    value.Append((char)unicode);
                    i += 4;
                    break;
                case 'x':
                {
                    var digits = 0;
                    while (digits < 4 && i + 1 + digits < to && Uri.IsHexDigit(text[i + 1 + digits]))
                    {
                        digits++;
                    }

                    if (digits == 0 || !TryHex(text, i + 1, digits, out var code))
                    {
                        return false;
                    }

                    value.Append((char)code);
                    i += digits;
                    break;
                }

                case 'U':
                    // Outside the BMP: not JSON structure, keep a placeholder of the right count.
                    value.Append('?');
                    i += 8;
                    break;
                default:
                    value.Append(text[i]);
                    break;
            }
        }

        return true;
    }

    private static bool TryHex(string text, int start, int length, out int value)
    {
        value = 0;
        return start + length <= text.Length
            && int.TryParse(text.Substring(start, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }

    private static int CountRun(string text, int start, char c)
    {
        if (start < 0)
        {
            return 0;
        }

        var count = 0;
        while (start + count < text.Length && text[start + count] == c)
        {
            count++;
        }

        return count;
    }

    private static class Uri
    {
        public static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
    }
}
