using System.Collections.Immutable;
using AgentBudget.Generators.Pricing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.Benchmarks.Support;

/// <summary>Real compilations, pricing files and generator drivers for the generator benchmarks.</summary>
internal static class GeneratorHost
{
    public const string RepositoryTable = "repository (100 models)";
    public const string SyntheticTable = "synthetic (3,000 models)";

    public static IReadOnlyList<KeyValuePair<string, string>> PricingFiles(string table)
        => table == RepositoryTable ? RepositoryPricing.Files() : SyntheticPricing.Files(3000);

    public static ImmutableArray<AdditionalText> Texts(IReadOnlyList<KeyValuePair<string, string>> files)
        => [.. files.Select(file => (AdditionalText)new InMemoryText("/src/Consumer/pricing/" + file.Key, file.Value))];

    /// <summary>A compilation of one file that references the framework and the AgentBudget runtime, as a consumer's would.</summary>
    public static CSharpCompilation Compilation(string assemblyName, string source, string path = "/src/Consumer/Agent.cs")
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(file => Path.GetFileName(file) is var name && (name.StartsWith("System.", StringComparison.Ordinal)
                || name is "System.dll" or "netstandard.dll" or "mscorlib.dll"))
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .Append(MetadataReference.CreateFromFile(typeof(AgentBudget.Pricing.PriceCatalog).Assembly.Location));
        return CSharpCompilation.Create(assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: path)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release));
    }

    /// <summary>A driver for the price-table generator; <paramref name="role"/> is the <c>AgentBudgetPriceTableRole</c> property (null: consumer).</summary>
    public static GeneratorDriver Driver(ImmutableArray<AdditionalText> texts, CSharpParseOptions parseOptions, bool trackSteps, string? role = null)
        => CSharpGeneratorDriver.Create(
            [new PriceTableGenerator().AsSourceGenerator()],
            texts,
            parseOptions,
            new PricingOptionsProvider(role),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private sealed class InMemoryText(string path, string content) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(content);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>What the package's build files give the compiler: every additional file tagged as a pricing file, and the role.</summary>
    private sealed class PricingOptionsProvider(string? role) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Pricing = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AgentBudgetKind"] = "Pricing" });

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(role is null
            ? []
            : new Dictionary<string, string> { [PriceTableGenerator.RoleProperty] = role });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Pricing;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new([]);

            public override bool TryGetValue(string key, out string value)
            {
                if (values.TryGetValue(key, out var found))
                {
                    value = found;
                    return true;
                }

                value = string.Empty;
                return false;
            }
        }
    }
}
