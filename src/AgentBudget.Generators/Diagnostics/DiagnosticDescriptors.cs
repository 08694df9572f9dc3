using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the AgentBudget generator assembly reports, in one place. Ids are shipped API: never reuse or
/// renumber one; list new ones in AnalyzerReleases.Unshipped.md and give each a page under docs/diagnostics/.
/// <list type="bullet">
/// <item>AB0xxx — reserved for the usage analyzers (untracked LLM calls, bad budget literals, streaming usage flags).</item>
/// <item>AB1xxx — pricing files (<c>pricing/*.json</c>) and the compiled price table (this file's pricing section).</item>
/// <item>AB2xxx — reserved for the <c>[Budgeted]</c>/interception generator.</item>
/// </list>
/// Pricing-file errors are reported on the JSON file itself (an external-file location), where <c>#pragma</c> cannot
/// reach: fix the file instead (see each docs page).
/// </summary>
internal static partial class DiagnosticDescriptors
{
    public const string PricingCategory = "AgentBudget.Pricing";

    private const string HelpLinkBase = "docs/diagnostics/";

    public static readonly DiagnosticDescriptor MalformedJson = Error("AB1001", "Pricing file is not valid JSON",
        "Pricing file is not valid JSON: {0}");

    public static readonly DiagnosticDescriptor MissingProperty = Error("AB1002", "Pricing file is missing a required property", "{0}");

    public static readonly DiagnosticDescriptor NegativePrice = Error("AB1003", "Price is negative", "{0}");

    public static readonly DiagnosticDescriptor PriceNotANumber = Error("AB1004", "Price is not a finite number", "{0}");

    public static readonly DiagnosticDescriptor TooManyDecimals = Error("AB1005", "Price has more than six decimals", "{0}");

    public static readonly DiagnosticDescriptor PriceInWrongUnit = Error("AB1006", "Price is almost certainly in the wrong unit", "{0}");

    public static readonly DiagnosticDescriptor UnknownProperty = Error("AB1007", "Unknown property in a pricing file", "{0}");

    public static readonly DiagnosticDescriptor TierNotIncreasing = Error("AB1008", "Long-context tier threshold is not increasing", "{0}");

    public static readonly DiagnosticDescriptor DuplicateModel = Error("AB1009", "Model id or alias is defined twice", "{0}");

    public static readonly DiagnosticDescriptor InvalidDate = Error("AB1010", "Date is not an ISO yyyy-MM-dd calendar date", "{0}");

    public static readonly DiagnosticDescriptor UnsupportedSchemaVersion = Error("AB1011", "Unsupported pricing schemaVersion", "{0}");

    public static readonly DiagnosticDescriptor InvalidValue = Error("AB1012", "Pricing property has the wrong type or is out of range", "{0}");

    public static readonly DiagnosticDescriptor InvalidModelId = Error("AB1013", "Model id or alias is not valid", "{0}");

    public static readonly DiagnosticDescriptor DuplicateProperty = Error("AB1014", "Property appears twice in one JSON object", "{0}");

    public static readonly DiagnosticDescriptor ImplausiblePrice = new("AB1015", "Implausible price relationship", "{0}", PricingCategory,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "AB1015.md");

    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Error("AB1020", "C# version too old for the compiled price table",
        "The project's pricing files cannot be compiled into a price table: C# {0} is too old (the generated table registers itself with a module initializer, which needs C# 9 or later). Set <LangVersion>9</LangVersion> or later, or load the files at run time with PriceCatalog.LoadFromFile.");

    public static readonly DiagnosticDescriptor RuntimeNotReferenced = new("AB1021", "Pricing files found but the AgentBudget runtime is not referenced",
        "The project has pricing files but does not reference the AgentBudget runtime library, so no price table is generated; reference the AgentBudget package or remove the files from AdditionalFiles",
        PricingCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "AB1021.md");

    public static readonly DiagnosticDescriptor InternalError = Error("AB1999", "AgentBudget price-table generator failed",
        "The AgentBudget price-table generator failed ({0}); the price table was not generated. Please report this with the pricing files that trigger it.");

    /// <summary>The descriptor for a pricing-file problem code from the shared rules.</summary>
    public static DiagnosticDescriptor ForPricingCode(string code) => code switch
    {
        "AB1001" => MalformedJson,
        "AB1002" => MissingProperty,
        "AB1003" => NegativePrice,
        "AB1004" => PriceNotANumber,
        "AB1005" => TooManyDecimals,
        "AB1006" => PriceInWrongUnit,
        "AB1007" => UnknownProperty,
        "AB1008" => TierNotIncreasing,
        "AB1009" => DuplicateModel,
        "AB1010" => InvalidDate,
        "AB1011" => UnsupportedSchemaVersion,
        "AB1012" => InvalidValue,
        "AB1013" => InvalidModelId,
        "AB1014" => DuplicateProperty,
        "AB1015" => ImplausiblePrice,
        "AB1020" => LanguageVersionTooLow,
        "AB1021" => RuntimeNotReferenced,
        _ => InternalError,
    };

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, PricingCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
