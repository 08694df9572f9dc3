using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using AgentBudget.Generators.Budgeted;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Budgeted.Tests.Infrastructure;

/// <summary>Compiles source text with the real generator and the real SDK assemblies, once per set of references.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest, bool interceptors = true)
    {
        var options = new CSharpParseOptions(version);
        return interceptors
            ? options.WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", BudgetedGenerator.InterceptorsNamespace)])
            : options;
    }

    public static CSharpCompilation Compile(IEnumerable<string> sources, CSharpParseOptions? parseOptions = null, string assemblyName = "BudgetedAgentTest")
    {
        parseOptions ??= ParseOptions();
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: "/src/File" + i + ".cs"));
        return CSharpCompilation.Create(assemblyName, trees, References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["OPENAI001"] = ReportDiagnostic.Suppress,
                    ["MEAI001"] = ReportDiagnostic.Suppress,
                    ["SCME0001"] = ReportDiagnostic.Suppress,
                    ["SCME0002"] = ReportDiagnostic.Suppress,
                }));
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions, bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new BudgetedGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the output compilation, the generator's diagnostics and its sources by hint name.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyDictionary<string, string> Generated) Run(
        CSharpCompilation compilation, CSharpParseOptions? parseOptions = null)
    {
        var driver = CreateDriver(parseOptions ?? (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var generated = driver.GetRunResult().Results.Single().GeneratedSources
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return (output, diagnostics, generated);
    }

    /// <summary>Compiles, generates, checks there are no errors or warnings, emits and loads the assembly.</summary>
    public static (Assembly Assembly, IReadOnlyDictionary<string, string> Generated) CompileAndLoad(params string[] sources)
    {
        var (output, generatorDiagnostics, generated) = Run(Compile(sources));
        var problems = generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", problems.Select(p => p.ToString()))
                + "\n\nGenerated:\n" + string.Join("\n\n", generated.Select(g => "// ==== " + g.Key + "\n" + g.Value)));
        }

        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("budgeted-test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return (context.LoadFromStream(stream), generated);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Every assembly the test process runs with: the framework, AgentBudget and the real SDK packages.
        _ = typeof(global::OpenAI.Chat.ChatClient);
        _ = typeof(global::Anthropic.AnthropicClient);
        _ = typeof(global::Microsoft.Extensions.AI.IChatClient);
        _ = typeof(global::Microsoft.Extensions.AI.ChatClientBuilder);
        _ = typeof(global::Microsoft.Extensions.AI.OpenAIClientExtensions);
        _ = typeof(global::AgentBudget.Budget);
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
