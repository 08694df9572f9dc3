using AgentBudget.Pricing;

namespace AgentBudget.Tests.Money;

public class MoneyTests
{
    [Fact]
    public void One_million_micro_charges_sum_to_exactly_one_dollar()
    {
        var total = AgentBudget.Money.Zero;
        var micro = AgentBudget.Money.FromDollars(0.000001m);
        for (var i = 0; i < 1_000_000; i++)
        {
            total += micro;
        }

        Assert.Equal(1.000000m, total.ToDecimal());
        Assert.Equal(AgentBudget.Money.FromDollars(1m), total);
    }

    [Fact]
    public void A_million_one_token_calls_at_five_cents_per_million_cost_exactly_five_cents()
    {
        var rate = TokenRate.FromUsdPerMillionTokens(0.05m);
        var total = AgentBudget.Money.Zero;
        for (var i = 0; i < 1_000_000; i++)
        {
            total += rate.CostOf(1);
        }

        Assert.Equal(0.05m, total.ToDecimal());
    }

    [Theory]
    [InlineData("0.0000000000001")]
    [InlineData("9223373")]
    [InlineData("79228162514264337593543950335")]
    public void Amounts_that_cannot_be_exact_are_rejected(string dollars)
    {
        var value = decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(AgentBudget.Money.TryFromDollars(value, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentBudget.Money.FromDollars(value));
    }

    [Theory]
    [InlineData("0.01", "$0.010000")]
    [InlineData("1234.5", "$1234.500000")]
    [InlineData("0.0000000001", "$0.0000000001")]
    [InlineData("-2", "-$2.000000")]
    public void Formats_with_invariant_culture_and_never_hides_digits(string dollars, string expected)
    {
        var money = AgentBudget.Money.FromDollars(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, money.ToString());
    }

    [Fact]
    public void Token_rates_with_more_than_six_decimals_per_million_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenRate.FromUsdPerMillionTokens(0.0000001m));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenRate.FromUsdPerMillionTokens(-1m));
        Assert.Equal(3_750_000, TokenRate.FromUsdPerMillionTokens(3.75m).PicodollarsPerToken);
    }

    [Fact]
    public void OpenAI_usage_treats_cached_and_reasoning_tokens_as_subsets()
    {
        var usage = TokenUsage.FromOpenAI(promptTokens: 1000, completionTokens: 500, cachedTokens: 400, reasoningTokens: 300);
        Assert.Equal(600, usage.UncachedInputTokens);
        Assert.Equal(400, usage.CacheReadTokens);
        Assert.Equal(200, usage.OutputTokens);
        Assert.Equal(300, usage.ReasoningTokens);
        Assert.Equal(1500, usage.TotalTokens);
    }

    [Fact]
    public void Anthropic_usage_adds_cache_tokens_to_input()
    {
        var usage = TokenUsage.FromAnthropic(inputTokens: 25, outputTokens: 15, cacheReadTokens: 100, cacheWrite5mTokens: 400);
        Assert.Equal(525, usage.TotalInputTokens);
        Assert.Equal(25, usage.UncachedInputTokens);
    }
}
