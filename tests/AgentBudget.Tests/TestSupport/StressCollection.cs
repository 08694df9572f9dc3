namespace AgentBudget.Tests.TestSupport;

/// <summary>Tests that saturate the CPU run in this collection, which xunit runs after the parallel ones, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "Stress (not parallel)";
}
