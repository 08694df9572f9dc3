using System;
using System.Globalization;

namespace AgentBudget.Pricing;

/// <summary>
/// A price per token, held as whole picodollars per token. One picodollar per token is exactly $1 per million
/// tokens divided by 10⁶, so a price list in "USD per million tokens" with up to six decimals converts without loss.
/// </summary>
public readonly struct TokenRate : IEquatable<TokenRate>
{
    private TokenRate(long picodollarsPerToken) => PicodollarsPerToken = picodollarsPerToken;

    /// <summary>Picodollars charged per token.</summary>
    public long PicodollarsPerToken { get; }

    /// <summary>A free rate.</summary>
    public static TokenRate Zero => default;

    /// <summary>Creates a rate from picodollars per token (the same number as microdollars per million tokens).</summary>
    public static TokenRate FromPicodollarsPerToken(long picodollarsPerToken)
    {
        if (picodollarsPerToken < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(picodollarsPerToken), picodollarsPerToken, "A token price cannot be negative.");
        }

        return new TokenRate(picodollarsPerToken);
    }

    /// <summary>
    /// Creates a rate from a list price in USD per million tokens. Throws when the price is negative or has more than
    /// six decimal places (it would not be exact).
    /// </summary>
    public static TokenRate FromUsdPerMillionTokens(decimal usdPerMillion)
    {
        if (usdPerMillion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(usdPerMillion), usdPerMillion, "A token price cannot be negative.");
        }

        var picodollars = usdPerMillion * 1_000_000m;
        if (picodollars != decimal.Truncate(picodollars) || picodollars > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(usdPerMillion), usdPerMillion,
                string.Format(CultureInfo.InvariantCulture,
                    "The price {0} USD per million tokens has more than six decimal places or is too large to be exact.", usdPerMillion));
        }

        return new TokenRate((long)picodollars);
    }

    /// <summary>The list price in USD per million tokens.</summary>
    public decimal UsdPerMillionTokens => PicodollarsPerToken / 1_000_000m;

    /// <summary>The exact cost of <paramref name="tokens"/> tokens at this rate.</summary>
    public Money CostOf(long tokens) => Money.FromPicodollars(checked(tokens * PicodollarsPerToken));

    /// <inheritdoc />
    public bool Equals(TokenRate other) => PicodollarsPerToken == other.PicodollarsPerToken;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TokenRate other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => PicodollarsPerToken.GetHashCode();

#pragma warning disable CS1591
    public static bool operator ==(TokenRate left, TokenRate right) => left.Equals(right);
    public static bool operator !=(TokenRate left, TokenRate right) => !left.Equals(right);
#pragma warning restore CS1591

    /// <summary>Formats as <c>$2.50/M</c>.</summary>
    public override string ToString() => "$" + UsdPerMillionTokens.ToString("0.######", CultureInfo.InvariantCulture) + "/M";
}
