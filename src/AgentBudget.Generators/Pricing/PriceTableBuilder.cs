using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using AgentBudget.Generators.Common;
using AgentBudget.Generators.Pricing.Model;

namespace AgentBudget.Generators.Pricing;

/// <summary>
/// Merges the parsed files into one table spec (source branch) and computes the cross-file diagnostics
/// (diagnostics branch). Both walk the files in ordinal path order and let the first definition of a name win, so
/// the emitted table and the reported duplicates always agree.
/// </summary>
internal static class PriceTableBuilder
{
    public const string BuiltInTableName = "BuiltInPriceTable";
    public const string ProjectTableName = "ProjectPriceTable";

    /// <summary>Oldest C# the consumer table compiles under: <c>[ModuleInitializer]</c> needs C# 9.</summary>
    public const int MinimumLanguageVersion = 900;

    public enum Decision
    {
        Emit,
        NothingToEmit,
        LanguageVersionTooLow,
        RuntimeNotReferenced,
    }

    public static Decision Decide(PriceTableRole role, bool hasPricingFiles, ConsumerFacts facts)
    {
        if (role == PriceTableRole.BuiltIn)
        {
            // The runtime references BuiltInPriceTable, so it is emitted even when empty.
            return Decision.Emit;
        }

        if (!hasPricingFiles)
        {
            // A transitive consumer without pricing files pays nothing: no source, no diagnostic.
            return Decision.NothingToEmit;
        }

        if (!facts.HasRuntime)
        {
            return Decision.RuntimeNotReferenced;
        }

        return facts.LanguageVersion < MinimumLanguageVersion ? Decision.LanguageVersionTooLow : Decision.Emit;
    }

    public static PriceTableSpec? BuildTable(ImmutableArray<PricingFileSpec> files, PriceTableRole role, ConsumerFacts facts)
    {
        if (Decide(role, files.Length > 0, facts) != Decision.Emit)
        {
            return null;
        }

        var sorted = new List<PricingFileSpec>(files);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.SortKey, b.SortKey));

        var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var models = new List<PricingModelSpec>();
        var sources = new List<PriceSourceSpec>();
        foreach (var file in sorted)
        {
            sources.Add(new PriceSourceSpec(file.FileName, file.Provider, file.Source, file.Checked));
            foreach (var model in file.Models)
            {
                if (!claimed.Add(model.Id))
                {
                    continue; // reported as AB1009 by the diagnostics branch
                }

                var aliases = new List<string>();
                foreach (var alias in model.Aliases)
                {
                    if (claimed.Add(alias))
                    {
                        aliases.Add(alias);
                    }
                }

                aliases.Sort(StringComparer.Ordinal);
                models.Add(model with { Aliases = new EquatableArray<string>(aliases) });
            }
        }

        models.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var tableName = role == PriceTableRole.BuiltIn ? BuiltInTableName : ProjectTableName;
        var label = role == PriceTableRole.BuiltIn ? "built-in" : facts.AssemblyName;
        return new PriceTableSpec(role, tableName, label, new EquatableArray<PricingModelSpec>(models), new EquatableArray<PriceSourceSpec>(sources),
            EmitModuleInitializerPolyfill: role == PriceTableRole.Consumer && !facts.HasModuleInitializerAttribute);
    }

    public static EquatableArray<PricingDiagnosticInfo> BuildDiagnostics(ImmutableArray<PricingFileResult> files, PriceTableRole role, ConsumerFacts facts)
    {
        var diagnostics = new List<PricingDiagnosticInfo>();
        var sorted = new List<PricingFileResult>(files);
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));

        var claimed = new Dictionary<string, KeyValuePair<PricingFileResult, PricingNameSite>>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in sorted)
        {
            diagnostics.AddRange(file.Problems);
            foreach (var site in file.Names)
            {
                if (claimed.TryGetValue(site.Name, out var first))
                {
                    var what = site.IsAlias ? "The alias '" + site.Name + "' of model '" + site.ModelId + "'" : "The model id '" + site.Name + "'";
                    var where = first.Key.Spec.FileName + " (line " + (first.Value.Position.StartLine + 1).ToString(CultureInfo.InvariantCulture)
                        + ", column " + (first.Value.Position.StartColumn + 1).ToString(CultureInfo.InvariantCulture) + ")";
                    diagnostics.Add(new PricingDiagnosticInfo("AB1009",
                        what + " is already defined in " + where + (first.Value.IsAlias ? " as an alias of model '" + first.Value.ModelId + "'" : string.Empty)
                        + "; ids and aliases must be unique across all pricing files (case-insensitive). The first definition is used; remove this one.",
                        site.Position is null ? null : file.Path, site.Position));
                    continue;
                }

                claimed.Add(site.Name, new KeyValuePair<PricingFileResult, PricingNameSite>(file, site));
            }
        }

        switch (Decide(role, files.Length > 0, facts))
        {
            case Decision.LanguageVersionTooLow:
                diagnostics.Add(new PricingDiagnosticInfo("AB1020", FormatLanguageVersion(facts.LanguageVersion), null, null));
                break;
            case Decision.RuntimeNotReferenced:
                diagnostics.Add(new PricingDiagnosticInfo("AB1021", string.Empty, null, null));
                break;
        }

        return new EquatableArray<PricingDiagnosticInfo>(diagnostics);
    }

    private static string FormatLanguageVersion(int version)
        => (version / 100).ToString(CultureInfo.InvariantCulture) + (version % 100 == 0 ? string.Empty : "." + (version % 100).ToString(CultureInfo.InvariantCulture));
}
