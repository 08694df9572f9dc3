using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentBudget.Generators.Pricing;

/// <summary>Decides which additional files are pricing files.</summary>
internal static class PricingFileFilter
{
    /// <summary>The item metadata the package's build files set on <c>pricing/*.json</c> (made visible by CompilerVisibleItemMetadata).</summary>
    public const string KindMetadataKey = "build_metadata.AdditionalFiles.AgentBudgetKind";

    public const string PricingKind = "Pricing";

    /// <summary>
    /// A pricing file is a <c>.json</c> additional file (not <c>*.schema.json</c>) tagged <c>AgentBudgetKind="Pricing"</c>,
    /// or, when untagged, one whose folder is named <c>pricing</c>. A file tagged with another kind is never one.
    /// </summary>
    public static bool IsPricingFile(AdditionalText text, AnalyzerConfigOptionsProvider options)
    {
        var path = text.Path ?? string.Empty;
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (options.GetOptions(text).TryGetValue(KindMetadataKey, out var kind) && !string.IsNullOrEmpty(kind))
        {
            return string.Equals(kind, PricingKind, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(ParentFolderName(path), "pricing", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The file name without directories (never emit absolute paths).</summary>
    public static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    private static string ParentFolderName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        if (slash <= 0)
        {
            return string.Empty;
        }

        var previous = Math.Max(path.LastIndexOf('/', slash - 1), path.LastIndexOf('\\', slash - 1));
        return path.Substring(previous + 1, slash - previous - 1);
    }
}
