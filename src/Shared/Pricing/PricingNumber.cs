using System;
using System.Globalization;

namespace AgentBudget.Shared.Pricing;

/// <summary>
/// Exact handling of JSON number text. Prices are parsed into <see cref="decimal"/> with the invariant culture and
/// never pass through <see cref="double"/>; the checks that matter for money (decimal places, non-zero) are made on
/// the text itself, so a number that <see cref="decimal"/> would round (29 significant digits) or flush to zero
/// (1e-30) is still judged by what was written.
/// </summary>
internal static class PricingNumber
{
    /// <summary>Parses JSON number text; false when the value does not fit a <see cref="decimal"/>.</summary>
    public static bool TryParse(string text, out decimal value)
        => decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);

    /// <summary>True when the text starts with a minus sign and is not a zero.</summary>
    public static bool IsNegative(string text) => text.Length > 0 && text[0] == '-' && !IsZero(text);

    /// <summary>True when every mantissa digit is zero (0, -0, 0.000, 0e5).</summary>
    public static bool IsZero(string text)
    {
        foreach (var c in text)
        {
            if (c == 'e' || c == 'E')
            {
                break;
            }

            if (c >= '1' && c <= '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The number of decimal places the written value needs (trailing zeros do not count): <c>2.50</c> → 1,
    /// <c>1.25e-1</c> → 3, <c>125e-2</c> → 2, <c>3e2</c> → 0.
    /// </summary>
    public static int DecimalPlaces(string text)
    {
        var exponentAt = text.IndexOfAny(ExponentMarks);
        var mantissa = exponentAt < 0 ? text : text.Substring(0, exponentAt);
        long exponent = 0;
        if (exponentAt >= 0)
        {
            var exponentText = text.Substring(exponentAt + 1);
            // Exponents beyond ±1e9 are clamped: they are absurd, and a clamp keeps the arithmetic in range.
            exponent = exponentText.TrimStart('+', '-').Length > 9
                ? (exponentText.StartsWith("-", StringComparison.Ordinal) ? -1_000_000_000L : 1_000_000_000L)
                : long.Parse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa.TrimStart('-') : mantissa.Substring(0, point).TrimStart('-') + mantissa.Substring(point + 1);
        long scale = point < 0 ? 0 : mantissa.Length - point - 1;
        scale -= exponent;
        var end = digits.Length;
        while (scale > 0 && end > 0 && digits[end - 1] == '0')
        {
            end--;
            scale--;
        }

        return scale <= 0 ? 0 : scale > int.MaxValue ? int.MaxValue : (int)scale;
    }

    /// <summary>Formats a decimal for a message, without exponent or trailing zeros.</summary>
    public static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static readonly char[] ExponentMarks = { 'e', 'E' };
}

/// <summary>An ISO calendar date (<c>yyyy-MM-dd</c>), parsed without culture or time zone.</summary>
internal readonly struct PricingDate : IEquatable<PricingDate>
{
    public PricingDate(int year, int month, int day)
    {
        Year = year;
        Month = month;
        Day = day;
    }

    public int Year { get; }

    public int Month { get; }

    public int Day { get; }

    /// <summary>Parses exactly <c>yyyy-MM-dd</c> with a real calendar day (2026-02-30 is rejected).</summary>
    public static bool TryParse(string? text, out PricingDate date)
    {
        date = default;
        if (text is null || text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        for (var i = 0; i < 10; i++)
        {
            if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            {
                return false;
            }
        }

        var year = ((text[0] - '0') * 1000) + ((text[1] - '0') * 100) + ((text[2] - '0') * 10) + (text[3] - '0');
        var month = ((text[5] - '0') * 10) + (text[6] - '0');
        var day = ((text[8] - '0') * 10) + (text[9] - '0');
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new PricingDate(year, month, day);
        return true;
    }

    public bool Equals(PricingDate other) => Year == other.Year && Month == other.Month && Day == other.Day;

    public override bool Equals(object? obj) => obj is PricingDate other && Equals(other);

    public override int GetHashCode() => (Year * 10000) + (Month * 100) + Day;

    public override string ToString() => Year.ToString("0000", CultureInfo.InvariantCulture) + "-"
        + Month.ToString("00", CultureInfo.InvariantCulture) + "-" + Day.ToString("00", CultureInfo.InvariantCulture);
}
