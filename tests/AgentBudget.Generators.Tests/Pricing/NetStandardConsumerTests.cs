using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>
/// A netstandard2.0 consumer has no ModuleInitializerAttribute. With C# 9 the generator must supply an internal one
/// and the table must compile against the real netstandard2.0 build of the runtime.
/// </summary>
public class NetStandardConsumerTests
{
    [Fact]
    public void A_netstandard20_consumer_on_csharp_9_gets_the_attribute_polyfill_and_compiles()
    {
        var compilation = CSharpCompilation.Create("Consumer.NetStandard",
            [CSharpSyntaxTree.ParseText("namespace Consumer { public static class Agent { } }", new CSharpParseOptions(LanguageVersion.CSharp9))],
            NetStandardReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Null(compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute"));

        GeneratorHarness.CreateDriver(GeneratorHarness.AllFixtures(), languageVersion: LanguageVersion.CSharp9)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var generated = output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("ProjectPriceTable.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("internal sealed class ModuleInitializerAttribute : global::System.Attribute", generated, StringComparison.Ordinal);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        Assert.Empty(emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void A_consumer_that_has_the_attribute_gets_no_polyfill()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.AllFixtures());

        Assert.DoesNotContain("class ModuleInitializerAttribute", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    private static MetadataReference[] NetStandardReferences()
    {
        var metadata = typeof(NetStandardConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
        var packages = metadata["NuGetPackageRoot"];
        return
        [
            MetadataReference.CreateFromFile(Path.Combine(packages, "netstandard.library", "2.0.3", "build", "netstandard2.0", "ref", "netstandard.dll")),
            MetadataReference.CreateFromFile(Path.Combine(packages, "system.collections.immutable", "8.0.0", "lib", "netstandard2.0", "System.Collections.Immutable.dll")),
            MetadataReference.CreateFromFile(metadata["AgentBudgetNetStandardAssembly"]),
        ];
    }
}
