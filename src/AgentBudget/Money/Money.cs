using System;
using System.Globalization;

namespace AgentBudget;

/// <summary>
/// An exact amount of US dollars, stored as a whole number of picodollars (10⁻¹² USD) in a <see cref="long"/>.
/// </summary>
/// <remarks>
/// Why an integer and not <see cref="decimal"/> or <see cref="double"/>: binary floating point cannot represent
/// $0.01 exactly (the original SDK admits only 49 calls of $0.01 into a $0.50 budget); <see cref="decimal"/> is exact
/// but costs ~80 ns per priced call and cannot be updated with <see cref="System.Threading.Interlocked"/>. A
/// picodollar is small enough that every list price per million tokens with up to six decimals is a whole number of
/// picodollars per token, so a token cost is one integer multiplication. The range is ±$9,223,372.036854775807.
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>, IComparable, IFormattable
{
    /// <summary>Picodollars in one US dollar.</summary>
    public const long PicodollarsPerDollar = 1_000_000_000_000L;

    /// <summary>The number of decimal places a <see cref="Money"/> keeps.</summary>
    public const int Scale = 12;

    private Money(long picodollars) => Picodollars = picodollars;

    /// <summary>The amount in picodollars (10⁻¹² USD).</summary>
    public long Picodollars { get; }

    /// <summary>Zero dollars.</summary>
    public static Money Zero => default;

    /// <summary>The largest amount a <see cref="Money"/> can hold.</summary>
    public static Money MaxValue => new(long.MaxValue);

    /// <summary>Creates an amount from picodollars.</summary>
    public static Money FromPicodollars(long picodollars) => new(picodollars);

    /// <summary>Creates an amount from microdollars (10⁻⁶ USD).</summary>
    public static Money FromMicrodollars(long microdollars) => new(checked(microdollars * 1_000_000L));

    /// <summary>
    /// Converts a <see cref="decimal"/> number of dollars. Throws when the value has more than twelve decimal places
    /// or is outside the representable range, so that no amount is silently rounded.
    /// </summary>
    public static Money FromDollars(decimal dollars)
    {
        if (!TryFromDollars(dollars, out var money))
        {
            throw new ArgumentOutOfRangeException(nameof(dollars), dollars,
                string.Format(CultureInfo.InvariantCulture,
                    "The amount {0} cannot be represented exactly: AgentBudget keeps 12 decimal places and at most ${1}.",
                    dollars, MaxValue.ToDecimal()));
        }

        return money;
    }

    /// <summary>Converts a <see cref="decimal"/> number of dollars without rounding; false when it is not exact or out of range.</summary>
    public static bool TryFromDollars(decimal dollars, out Money money)
    {
        money = default;
        decimal scaled;
        try
        {
            scaled = dollars * PicodollarsPerDollar;
        }
        catch (OverflowException)
        {
            return false;
        }

        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            return false;
        }

        money = new Money((long)scaled);
        return true;
    }

    /// <summary>The amount as a <see cref="decimal"/> number of dollars (exact).</summary>
    public decimal ToDecimal() => Picodollars / (decimal)PicodollarsPerDollar;

    /// <summary>True when the amount is below zero.</summary>
    public bool IsNegative => Picodollars < 0;

    /// <summary>Adds two amounts; throws <see cref="OverflowException"/> rather than wrapping.</summary>
    public static Money operator +(Money left, Money right) => new(checked(left.Picodollars + right.Picodollars));

    /// <summary>Subtracts two amounts; throws <see cref="OverflowException"/> rather than wrapping.</summary>
    public static Money operator -(Money left, Money right) => new(checked(left.Picodollars - right.Picodollars));

    /// <summary>Negates an amount.</summary>
    public static Money operator -(Money value) => new(checked(-value.Picodollars));

    /// <summary>Multiplies an amount by a whole count; throws <see cref="OverflowException"/> rather than wrapping.</summary>
    public static Money operator *(Money value, long count) => new(checked(value.Picodollars * count));

#pragma warning disable CS1591 // The comparison operators need no prose.
    public static bool operator ==(Money left, Money right) => left.Picodollars == right.Picodollars;
    public static bool operator !=(Money left, Money right) => left.Picodollars != right.Picodollars;
    public static bool operator <(Money left, Money right) => left.Picodollars < right.Picodollars;
    public static bool operator >(Money left, Money right) => left.Picodollars > right.Picodollars;
    public static bool operator <=(Money left, Money right) => left.Picodollars <= right.Picodollars;
    public static bool operator >=(Money left, Money right) => left.Picodollars >= right.Picodollars;
#pragma warning restore CS1591

    /// <summary>The smaller of two amounts.</summary>
    public static Money Min(Money left, Money right) => left.Picodollars <= right.Picodollars ? left : right;

    /// <summary>The larger of two amounts.</summary>
    public static Money Max(Money left, Money right) => left.Picodollars >= right.Picodollars ? left : right;

    /// <inheritdoc />
    public bool Equals(Money other) => Picodollars == other.Picodollars;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Picodollars.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Money other) => Picodollars.CompareTo(other.Picodollars);

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Money other => CompareTo(other),
        _ => throw new ArgumentException("Object must be of type Money.", nameof(obj)),
    };

    /// <summary>Formats as <c>$1.234567</c>: six decimals, or more when the amount needs them to stay exact.</summary>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <summary>
    /// Formats the amount. Format <c>null</c>/<c>"G"</c> gives <c>$</c> plus at least six decimals (more only when
    /// needed to stay exact); <c>"F2"</c>..<c>"F12"</c> gives that many decimals, rounded half away from zero, with a
    /// <c>$</c> sign; <c>"R"</c> gives the exact decimal number without a sign.
    /// </summary>
    public string ToString(string? format, IFormatProvider? formatProvider)
    {
        var provider = formatProvider ?? CultureInfo.InvariantCulture;
        var value = ToDecimal();
        if (string.IsNullOrEmpty(format) || format == "G")
        {
            var exact = Math.Abs(value).ToString("0.000000######", provider);
            return value < 0 ? "-$" + exact : "$" + exact;
        }

        if (format == "R")
        {
            return value.ToString("0.############", provider);
        }

        if (format!.Length >= 2 && (format[0] == 'F' || format[0] == 'f')
            && int.TryParse(format.Remove(0, 1), NumberStyles.None, CultureInfo.InvariantCulture, out var decimals)
            && decimals is >= 0 and <= Scale)
        {
            var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
            var text = Math.Abs(rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), provider);
            return rounded < 0 ? "-$" + text : "$" + text;
        }

        throw new FormatException($"Unknown Money format '{format}'. Use G, R or F0..F12.");
    }
}
