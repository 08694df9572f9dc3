using AgentBudget.Distributed;

namespace AgentBudget.Redis.Tests.Distributed;

public sealed class BudgetPeriodTests
{
    [Fact]
    public void A_daily_window_runs_from_midnight_to_midnight_utc_whatever_the_offset_of_the_instant()
    {
        // 01:30 at +05:00 is 20:30 UTC the day before.
        var window = BudgetPeriod.Daily.GetWindow(new DateTimeOffset(2026, 3, 1, 1, 30, 0, TimeSpan.FromHours(5)));

        Assert.Equal(new BudgetWindow("d20260228", new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), window);
    }

    [Fact]
    public void A_monthly_window_rolls_over_the_year()
    {
        var window = BudgetPeriod.Monthly.GetWindow(new DateTimeOffset(2026, 12, 31, 23, 59, 59, 999, TimeSpan.Zero));

        Assert.Equal(new BudgetWindow("m202612", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)), window);
    }

    [Fact]
    public void A_fixed_window_is_aligned_to_the_unix_epoch_also_before_it()
    {
        var hour = BudgetPeriod.Fixed(TimeSpan.FromHours(1));

        var after = hour.GetWindow(new DateTimeOffset(1970, 1, 1, 2, 15, 0, TimeSpan.Zero));
        var before = hour.GetWindow(new DateTimeOffset(1969, 12, 31, 23, 15, 0, TimeSpan.Zero));

        Assert.Equal(new BudgetWindow("f3600000-2", new DateTimeOffset(1970, 1, 1, 2, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(1970, 1, 1, 3, 0, 0, TimeSpan.Zero)), after);
        Assert.Equal(new BudgetWindow("f3600000--1", new DateTimeOffset(1969, 12, 31, 23, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero)), before);
    }

    [Fact]
    public void A_period_of_none_has_one_endless_window()
    {
        Assert.Equal(new BudgetWindow("all", DateTimeOffset.MinValue, null), BudgetPeriod.None.GetWindow(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Periods_compare_by_kind_and_length_and_print_readably()
    {
        Assert.Equal(BudgetPeriod.Fixed(TimeSpan.FromMinutes(5)), BudgetPeriod.Fixed(TimeSpan.FromSeconds(300)));
        Assert.NotEqual(BudgetPeriod.Fixed(TimeSpan.FromMinutes(5)), BudgetPeriod.Fixed(TimeSpan.FromMinutes(6)));
        Assert.Equal(["none", "daily", "monthly", "fixed(00:05:00)"],
            new[] { BudgetPeriod.None, BudgetPeriod.Daily, BudgetPeriod.Monthly, BudgetPeriod.Fixed(TimeSpan.FromMinutes(5)) }.Select(p => p.ToString()));
    }

    [Fact]
    public void A_fixed_period_must_be_a_positive_whole_number_of_milliseconds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriod.Fixed(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriod.Fixed(TimeSpan.FromTicks(15_000)));
    }

    [Fact]
    public void Scope_keys_accept_lower_case_kinds_and_free_text_ids()
    {
        Assert.Equal("tenant:Acme Corp", BudgetScopeKey.Tenant("Acme Corp").ToString());
        Assert.Equal(BudgetScopeKey.Custom("api-key", "k1"), new BudgetScopeKey("api-key", "k1"));
        Assert.Throws<ArgumentException>(() => new BudgetScopeKey("User", "alice"));
        Assert.Throws<ArgumentException>(() => new BudgetScopeKey("user:x", "alice"));
        Assert.Throws<ArgumentException>(() => BudgetScopeKey.User(""));
        Assert.Throws<ArgumentException>(() => BudgetScopeKey.User(new string('x', 257)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetScope(BudgetScopeKey.User("a"), Money.FromPicodollars(-1), BudgetPeriod.Daily));
    }
}
