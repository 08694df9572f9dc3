using System.Reflection;
using System.Runtime.CompilerServices;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>Every diagnostic id is documented, release-tracked and maps back from its shared-rules code.</summary>
public class DiagnosticCatalogTests
{
    [Fact]
    public void Every_descriptor_has_a_docs_page_a_release_entry_and_a_unique_AB1xxx_id()
    {
        var descriptors = typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
            .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
            .Where(descriptor => descriptor.Category == "AgentBudget.Pricing" && descriptor.Id.StartsWith("AB1", StringComparison.Ordinal))
            .ToList();
        var root = RepositoryRoot();
        var releases = File.ReadAllText(Path.Combine(root, "src", "AgentBudget.Generators", "AnalyzerReleases.Unshipped.md"));

        Assert.Equal(18, descriptors.Count);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        foreach (var descriptor in descriptors)
        {
            Assert.Matches("^AB1[0-9]{3}$", descriptor.Id);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id + " has no docs page");
            Assert.Contains($"{descriptor.Id} | AgentBudget.Pricing | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
            Assert.Same(descriptor, DiagnosticDescriptors.ForPricingCode(descriptor.Id));
        }
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
