using System.Collections.Immutable;
using AgentBudget.Generators.Pricing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.Generators.Tests;

/// <summary>Builds real compilations and generator drivers for the tests.</summary>
internal static class GeneratorHarness
{
    public const string ConsumerPricingFolder = "/repo/consumer/pricing/";

    public static string FixturesDirectory => Path.Combine(AppContext.BaseDirectory, "Pricing", "Fixtures");

    public static string BrokenFilesDirectory => Path.Combine(AppContext.BaseDirectory, "Pricing", "BrokenFiles");

    /// <summary>The framework assemblies of this test process plus the AgentBudget runtime.</summary>
    public static readonly ImmutableArray<MetadataReference> References = CreateReferences(includeRuntime: true);

    public static readonly ImmutableArray<MetadataReference> ReferencesWithoutRuntime = CreateReferences(includeRuntime: false);

    private static ImmutableArray<MetadataReference> CreateReferences(bool includeRuntime)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted
            .Where(path =>
            {
                var name = Path.GetFileNameWithoutExtension(path);
                return name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib";
            })
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        if (includeRuntime)
        {
            references.Add(MetadataReference.CreateFromFile(typeof(AgentBudget.Pricing.PriceCatalog).Assembly.Location));
        }

        return [.. references];
    }

    public static CSharpCompilation CreateCompilation(string source = "namespace Consumer { public static class Marker { } }",
        LanguageVersion languageVersion = LanguageVersion.Latest, bool withRuntime = true, string assemblyName = "Consumer.App")
        => CSharpCompilation.Create(assemblyName,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion), path: "/repo/consumer/Program.cs")],
            withRuntime ? References : ReferencesWithoutRuntime,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> texts, string? role = null,
        LanguageVersion languageVersion = LanguageVersion.Latest, IReadOnlyDictionary<string, string>? kindByPath = null)
    {
        var global = new Dictionary<string, string>();
        if (role is not null)
        {
            global[PriceTableGenerator.RoleProperty] = role;
        }

        return CSharpGeneratorDriver.Create(
            [new PriceTableGenerator().AsSourceGenerator()],
            texts,
            new CSharpParseOptions(languageVersion),
            new TestOptionsProvider(global, kindByPath ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static AdditionalText PricingFile(string fileName, string content) => new InMemoryAdditionalText(ConsumerPricingFolder + fileName, content);

    public static AdditionalText Fixture(string fileName)
        => PricingFile(fileName, File.ReadAllText(Path.Combine(FixturesDirectory, fileName)));

    public static ImmutableArray<AdditionalText> AllFixtures()
        => [Fixture("anthropic.json"), Fixture("google.json"), Fixture("openai.json")];

    /// <summary>Runs the generator once and returns its result.</summary>
    public static GeneratorRunResult Run(IEnumerable<AdditionalText> texts, string? role = null, CSharpCompilation? compilation = null,
        LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var driver = CreateDriver(texts, role, languageVersion).RunGenerators(compilation ?? CreateCompilation(languageVersion: languageVersion));
        return driver.GetRunResult().Results.Single();
    }

    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return diagnostic.Id + " " + Path.GetFileName(span.Path) + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")";
    }
}

internal sealed class InMemoryAdditionalText(string path, string content) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(content);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class ThrowingAdditionalText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => throw new IOException("disk on fire");
}

internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> global, IReadOnlyDictionary<string, string> kindByPath)
    : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => kindByPath.TryGetValue(textFile.Path, out var kind)
            ? new TestOptions(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AgentBudgetKind"] = kind })
            : TestOptions.Empty;
}

internal sealed class TestOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
{
    public static readonly TestOptions Empty = new(new Dictionary<string, string>());

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
