using System;
using System.Globalization;

namespace AgentBudget.Distributed;

/// <summary>The kinds of budget period.</summary>
public enum BudgetPeriodKind
{
    /// <summary>The budget never resets.</summary>
    None,

    /// <summary>The budget resets at 00:00 UTC every day.</summary>
    Daily,

    /// <summary>The budget resets at 00:00 UTC on the first day of every month.</summary>
    Monthly,

    /// <summary>The budget resets every fixed length of time, on multiples of that length since the Unix epoch (UTC).</summary>
    Fixed,
}

/// <summary>
/// How often a budget resets. Windows are computed from a UTC instant (from the store's <see cref="TimeProvider"/>), so
/// every process of a fleet agrees on where a day or month starts regardless of its local time zone.
/// </summary>
public sealed class BudgetPeriod : IEquatable<BudgetPeriod>
{
    private const long TicksPerMillisecond = 10_000;

    private BudgetPeriod(BudgetPeriodKind kind, TimeSpan length)
    {
        Kind = kind;
        Length = length;
    }

    /// <summary>A budget that never resets.</summary>
    public static BudgetPeriod None { get; } = new(BudgetPeriodKind.None, TimeSpan.Zero);

    /// <summary>A budget that resets at 00:00 UTC every day.</summary>
    public static BudgetPeriod Daily { get; } = new(BudgetPeriodKind.Daily, TimeSpan.Zero);

    /// <summary>A budget that resets at 00:00 UTC on the first of every month.</summary>
    public static BudgetPeriod Monthly { get; } = new(BudgetPeriodKind.Monthly, TimeSpan.Zero);

    /// <summary>The kind of period.</summary>
    public BudgetPeriodKind Kind { get; }

    /// <summary>The window length of a <see cref="BudgetPeriodKind.Fixed"/> period; zero for the other kinds.</summary>
    public TimeSpan Length { get; }

    /// <summary>
    /// A budget that resets every <paramref name="length"/>, on multiples of it since 1970-01-01T00:00Z: an hour resets
    /// on every UTC hour, a week resets on Thursdays (the epoch's weekday).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not a positive whole number of milliseconds.</exception>
    public static BudgetPeriod Fixed(TimeSpan length)
    {
        if (length <= TimeSpan.Zero || length.Ticks % TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A fixed budget period is a positive whole number of milliseconds.");
        }

        return new BudgetPeriod(BudgetPeriodKind.Fixed, length);
    }

    /// <summary>The window that contains <paramref name="instant"/>.</summary>
    public BudgetWindow GetWindow(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        switch (Kind)
        {
            case BudgetPeriodKind.Daily:
            {
                var start = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
                return new BudgetWindow("d" + start.ToString("yyyyMMdd", CultureInfo.InvariantCulture), start, start.AddDays(1));
            }

            case BudgetPeriodKind.Monthly:
            {
                var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
                return new BudgetWindow("m" + start.ToString("yyyyMM", CultureInfo.InvariantCulture), start, start.AddMonths(1));
            }

            case BudgetPeriodKind.Fixed:
            {
                var lengthMs = Length.Ticks / TicksPerMillisecond;
                var nowMs = instant.ToUnixTimeMilliseconds();
                // Floor division, so that instants before the epoch still fall into the window that contains them.
                var index = nowMs >= 0 ? nowMs / lengthMs : -((-nowMs + lengthMs - 1) / lengthMs);
                var start = DateTimeOffset.FromUnixTimeMilliseconds(index * lengthMs);
                var id = string.Format(CultureInfo.InvariantCulture, "f{0}-{1}", lengthMs, index);
                return new BudgetWindow(id, start, start.AddMilliseconds(lengthMs));
            }

            default:
                return new BudgetWindow("all", DateTimeOffset.MinValue, null);
        }
    }

    /// <inheritdoc />
    public bool Equals(BudgetPeriod? other) => other is not null && Kind == other.Kind && Length == other.Length;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BudgetPeriod);

    /// <inheritdoc />
    public override int GetHashCode() => ((int)Kind * 397) ^ Length.GetHashCode();

    /// <summary>Formats as <c>none</c>, <c>daily</c>, <c>monthly</c> or <c>fixed(01:00:00)</c>.</summary>
    public override string ToString() => Kind switch
    {
        BudgetPeriodKind.Daily => "daily",
        BudgetPeriodKind.Monthly => "monthly",
        BudgetPeriodKind.Fixed => "fixed(" + Length.ToString("c", CultureInfo.InvariantCulture) + ")",
        _ => "none",
    };
}

/// <summary>One window of a <see cref="BudgetPeriod"/>: usage inside it counts against the limit, and resets after it.</summary>
/// <param name="Id">
/// A stable identifier of the window (<c>d20261123</c>, <c>m202611</c>, <c>f3600000-493000</c>, <c>all</c>), used in
/// storage keys so that each window has its own counters.
/// </param>
/// <param name="Start">The first instant of the window (<see cref="DateTimeOffset.MinValue"/> for a period of <c>None</c>).</param>
/// <param name="End">The first instant after the window, or null for a window that never ends.</param>
public sealed record BudgetWindow(string Id, DateTimeOffset Start, DateTimeOffset? End);
