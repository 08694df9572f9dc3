namespace AgentBudget.Generators.Pricing;

/// <summary>
/// Tracking names of the price-table generator's pipeline steps (public so step-tracking tests, and anyone
/// debugging caching, can read <c>GeneratorRunResult.TrackedSteps</c> by name).
/// </summary>
public static class PriceTableGeneratorSteps
{
    /// <summary>Additional files recognised as pricing files (by item metadata, or by a <c>pricing</c> folder).</summary>
    public const string PricingInputs = "AgentBudget.Pricing.Inputs";

    /// <summary>Each pricing file read and validated by the shared rules (specs, problems and name positions).</summary>
    public const string PricingFiles = "AgentBudget.Pricing.Files";

    /// <summary>Each file's position-free table spec (the source branch's input).</summary>
    public const string PricingFileSpecs = "AgentBudget.Pricing.FileSpecs";

    /// <summary>The table role read from <c>build_property.AgentBudgetPriceTableRole</c>.</summary>
    public const string TableRole = "AgentBudget.Pricing.Role";

    /// <summary>The compilation facts emission depends on (runtime referenced, ModuleInitializerAttribute, C# version).</summary>
    public const string ConsumerFacts = "AgentBudget.Pricing.ConsumerFacts";

    /// <summary>The merged, sorted table spec that the emitter writes.</summary>
    public const string PriceTable = "AgentBudget.Pricing.PriceTable";

    /// <summary>The diagnostics of every pricing file, plus cross-file duplicates and emission problems.</summary>
    public const string PricingDiagnostics = "AgentBudget.Pricing.Diagnostics";

    /// <summary>Every pricing step name, for tests that assert on all of them.</summary>
    public static readonly string[] All =
    {
        PricingInputs, PricingFiles, PricingFileSpecs, TableRole, ConsumerFacts, PriceTable, PricingDiagnostics,
    };
}
