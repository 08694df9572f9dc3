using AgentBudget.Shared;

namespace AgentBudget.Tests.Budgeting;

using Money = AgentBudget.Money;

public class BudgetAmountTests
{
    [Theory]
    [InlineData("$5.00", "5")]
    [InlineData("5", "5")]
    [InlineData("5.00", "5")]
    [InlineData("$0.50", "0.5")]
    [InlineData("  $5.00  ", "5")]
    [InlineData("\t7.25\n", "7.25")]
    [InlineData("0.01", "0.01")]
    [InlineData("007", "7")]
    [InlineData("$0.000000000001", "0.000000000001")]
    [InlineData("9223372.036854775807", "9223372.036854775807")]
    [InlineData("1000000", "1000000")]
    public void Accepts_plain_dollar_amounts(string text, string expected)
    {
        var expectedMoney = Money.FromDollars(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedMoney, BudgetAmount.Parse(text));
        Assert.True(BudgetAmount.TryParse(text, out var parsed, out var error));
        Assert.Equal(expectedMoney, parsed);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("   ", "it is empty")]
    [InlineData("$", "it has a dollar sign but no amount")]
    [InlineData("$$5", "only one leading \"$\" is allowed")]
    [InlineData("5abc", "'a' is not allowed")]
    [InlineData("1,000", "it contains a comma")]
    [InlineData("5,00", "it contains a comma")]
    [InlineData("€5", "'€' is not allowed")]
    [InlineData("0", "a budget must be more than zero")]
    [InlineData("$0.00", "a budget must be more than zero")]
    [InlineData("0.000000000000", "a budget must be more than zero")]
    [InlineData("-5", "a budget cannot be negative")]
    [InlineData("$-0.50", "a budget cannot be negative")]
    [InlineData("+5", "a sign is not allowed inside an amount")]
    [InlineData("NaN", "'N' is not allowed")]
    [InlineData("Infinity", "'I' is not allowed")]
    [InlineData("-Infinity", "a budget cannot be negative")]
    [InlineData("∞", "'∞' is not allowed")]
    [InlineData("0.0000000000001", "it has more than 12 decimal places")]
    [InlineData("9223372.036854775808", "the largest supported amount is $9223372.036854775807")]
    [InlineData("10000000", "the largest supported amount is $9223372.036854775807")]
    [InlineData("1e3", "'e' is not allowed")]
    [InlineData("5.", "it needs at least one digit after the decimal point")]
    [InlineData(".5", "it needs at least one digit before the decimal point")]
    [InlineData("5.0.0", "it has more than one decimal point")]
    [InlineData("$ 5", "it contains whitespace inside the amount")]
    [InlineData("5 USD", "it contains whitespace inside the amount")]
    [InlineData("5$", "only one leading \"$\" is allowed")]
    public void Rejects_with_an_argument_exception_that_quotes_the_input(string text, string reason)
    {
        var expected = "The budget \"" + text + "\" is not valid: " + reason;

        var exception = Assert.Throws<ArgumentException>(() => BudgetAmount.Parse(text));
        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
        Assert.Equal("text", exception.ParamName);

        Assert.False(BudgetAmount.TryParse(text, out var money, out var error));
        Assert.Equal(Money.Zero, money);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);

        Assert.ThrowsAny<ArgumentException>(() => new Budget(text));
    }

    [Fact]
    public void Null_is_rejected()
    {
        Assert.False(BudgetAmount.TryParse(null, out _, out var error));
        Assert.Equal("A budget amount is required but was null.", error);
    }

    [Theory]
    [InlineData("5.00", "5")]
    [InlineData("0.50", "0.5")]
    [InlineData("0.000000000001", "0.000000000001")]
    public void Accepts_decimal_amounts(string value, string expected)
    {
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Money.FromDollars(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), BudgetAmount.Parse(amount));
    }

    [Theory]
    [InlineData("0", "The budget \"0\" is not valid: a budget must be more than zero.")]
    [InlineData("-1.5", "The budget \"-1.5\" is not valid: a budget cannot be negative.")]
    [InlineData("0.0000000000001", "The budget \"0.0000000000001\" is not valid: it has more than 12 decimal places, the finest amount AgentBudget keeps exactly.")]
    [InlineData("9223372.036854775808", "The budget \"9223372.036854775808\" is not valid: the largest supported amount is $9223372.036854775807.")]
    public void Rejects_decimal_amounts_that_are_not_valid_budgets(string value, string expected)
    {
        var amount = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var exception = Assert.Throws<ArgumentException>(() => BudgetAmount.Parse(amount));
        Assert.StartsWith(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shared_rules_return_the_exact_decimal_for_the_analyzer()
    {
        Assert.True(BudgetAmountRules.TryParse(" $1234.567890123456 ", out var amount, out var error));
        Assert.Equal(1234.567890123456m, amount);
        Assert.Null(error);
        Assert.False(BudgetAmountRules.TryParse("1,5", out amount, out error));
        Assert.Equal(0m, amount);
        Assert.Equal("The budget \"1,5\" is not valid: it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\".", error);
    }
}
