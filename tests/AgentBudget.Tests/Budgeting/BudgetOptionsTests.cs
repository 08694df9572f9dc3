using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Budgeting;

using Money = AgentBudget.Money;

public class BudgetOptionsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Soft_limit_fraction_must_be_in_zero_to_one(double fraction)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), SoftLimitFraction = fraction }));
        Assert.Equal("SoftLimitFraction", exception.ParamName);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    public void Finalization_reserve_fraction_must_be_below_one(double fraction)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), FinalizationReserveFraction = fraction }));
        Assert.Equal("FinalizationReserveFraction", exception.ParamName);
    }

    [Fact]
    public void Max_spend_is_required()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(new BudgetOptions()));
        Assert.Equal("MaxSpend", exception.ParamName);
    }

    [Fact]
    public void Fallback_policy_needs_a_fallback_price()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), UnknownModels = UnknownModelPolicy.UseFallbackPrice }));
        Assert.Equal("FallbackPrice", exception.ParamName);
    }

    [Fact]
    public void Fractions_become_exact_picodollar_thresholds_once()
    {
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(5m),
            SoftLimitFraction = 0.9,
            FinalizationReserveFraction = 0.05,
        }).StartSession();

        Assert.Equal(Usd.Of(4.50m), session.SoftLimit);
        Assert.Equal(Usd.Of(0.25m), session.FinalizationReserve);
        Assert.Equal(Usd.Of(5m), session.Limit);
    }

    [Fact]
    public void A_fraction_without_an_exact_product_rounds_the_documented_way()
    {
        // (decimal)(1.0 / 3) is 0.333333333333333 (15 significant digits); × 10¹² picodollars = 333333333333.333.
        Assert.Equal(333_333_333_334L, SessionSettings.FractionOf(Money.PicodollarsPerDollar, 1.0 / 3, roundUp: true));
        Assert.Equal(333_333_333_333L, SessionSettings.FractionOf(Money.PicodollarsPerDollar, 1.0 / 3, roundUp: false));
    }

    [Fact]
    public void A_budget_copies_its_options()
    {
        var options = new BudgetOptions { MaxSpend = Usd.Of(2m) };
        var budget = new Budget(options);
        options.MaxSpend = Usd.Of(100m);

        Assert.Equal(Usd.Of(2m), budget.MaxSpend);
        using var session = budget.StartSession("run-1");
        Assert.Equal("run-1", session.Id);
        Assert.Equal(Usd.Of(2m), session.Limit);
    }

    [Fact]
    public void Generated_session_ids_are_unique_and_prefixed()
    {
        var budget = new Budget("$1");
        using var first = budget.StartSession();
        using var second = budget.StartSession();

        Assert.Matches("^sess_[0-9a-f]{16}$", first.Id);
        Assert.NotEqual(first.Id, second.Id);
    }
}
