namespace AgentBudget.Tests.TestSupport;

/// <summary>Short exact money literals for tests: <c>Usd.Of(0.01m)</c>.</summary>
public static class Usd
{
    public static AgentBudget.Money Of(decimal dollars) => AgentBudget.Money.FromDollars(dollars);
}
