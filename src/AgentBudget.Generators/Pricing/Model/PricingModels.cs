using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Pricing.Model;

// Pipeline models of the price-table generator. Every one is a value-equatable record of strings, numbers and
// EquatableArrays: no ISymbol, SyntaxNode, Compilation, SemanticModel, SyntaxTree or Location, so the driver can cache
// each step and a test can prove it (PricingPipelineModelTests walks the object graph of every tracked output).

/// <summary>Where something is in a pricing file: offset/length plus 0-based line/column (Roslyn's shape).</summary>
internal sealed record TextPositionInfo(int Offset, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn);

/// <summary>A diagnostic to report: id and message from the shared rules, and where (no path = no location).</summary>
internal sealed record PricingDiagnosticInfo(string Id, string Message, string? Path, TextPositionInfo? Position);

/// <summary>A model id or alias and where it is written, for duplicate checks across files (diagnostics branch only).</summary>
internal sealed record PricingNameSite(string Name, string ModelId, bool IsAlias, TextPositionInfo Position);

/// <summary>Prices in picodollars per token (= microdollars per million tokens); optional ones null when not given.</summary>
internal sealed record PricingRatesSpec(long Input, long Output, long? CachedInput, long? CacheWrite5m, long? CacheWrite1h, long? Reasoning);

/// <summary>A long-context tier.</summary>
internal sealed record PricingTierSpec(long Above, PricingRatesSpec Rates);

/// <summary>One valid model of a pricing file, without any source position (so moving text does not re-emit).</summary>
internal sealed record PricingModelSpec(
    string Id,
    string Provider,
    PricingRatesSpec Rates,
    EquatableArray<PricingTierSpec> Tiers,
    int BatchDiscountPercent,
    int? MaxOutputTokens,
    int? ContextWindow,
    EquatableArray<string> Aliases,
    bool DatedSuffixes,
    string? Retires,
    bool Embedding);

/// <summary>The source-branch view of one pricing file: what the table needs, nothing about positions.</summary>
internal sealed record PricingFileSpec(
    string SortKey,
    string FileName,
    string Provider,
    string Source,
    string? Checked,
    EquatableArray<PricingModelSpec> Models);

/// <summary>One parsed pricing file: its table spec plus everything the diagnostics branch needs.</summary>
internal sealed record PricingFileResult(
    string Path,
    PricingFileSpec Spec,
    EquatableArray<PricingDiagnosticInfo> Problems,
    EquatableArray<PricingNameSite> Names);

/// <summary>Which table the generator writes.</summary>
internal enum PriceTableRole
{
    /// <summary>A consuming project: <c>AgentBudget.Generated.ProjectPriceTable</c>, registered as an overlay at module load.</summary>
    Consumer = 0,

    /// <summary>The AgentBudget runtime itself: <c>AgentBudget.Pricing.BuiltInPriceTable</c>.</summary>
    BuiltIn = 1,
}

/// <summary>The few compilation facts emission depends on, read once per compilation and compared by value.</summary>
internal sealed record ConsumerFacts(string AssemblyName, bool HasRuntime, bool HasModuleInitializerAttribute, int LanguageVersion);

/// <summary>One pricing file a table was built from (for the table's Sources).</summary>
internal sealed record PriceSourceSpec(string FileName, string Provider, string Source, string? Checked);

/// <summary>Everything the emitter needs to write one price table.</summary>
internal sealed record PriceTableSpec(
    PriceTableRole Role,
    string TableName,
    string TableLabel,
    EquatableArray<PricingModelSpec> Models,
    EquatableArray<PriceSourceSpec> Sources,
    bool EmitModuleInitializerPolyfill);
