using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using AgentBudget.Generators.Budgeted;
using AgentBudget.Generators.Manual;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.ManualMode.Tests.Infrastructure;

/// <summary>
/// Compiles source text with the real generators (manual mode and, alongside it, [Budgeted] interception, as a
/// consumer gets both from the package) against the real SDK assemblies, then emits and loads the result.
/// </summary>
internal static class GeneratorHarness
{
    private static readonly string[] SdkAssemblies = ["OpenAI", "Anthropic", "Microsoft.Extensions.AI.Abstractions", "Microsoft.Extensions.AI", "Microsoft.Extensions.AI.OpenAI"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>The references minus the given assemblies (by simple name).</summary>
    public static ImmutableArray<MetadataReference> ReferencesWithout(params string[] names)
        => References.Where(r => !names.Contains(Path.GetFileNameWithoutExtension(r.Display), StringComparer.Ordinal)).ToImmutableArray();

    /// <summary>The references without any LLM SDK.</summary>
    public static ImmutableArray<MetadataReference> ReferencesWithoutSdks => ReferencesWithout(SdkAssemblies);

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest)
        => new CSharpParseOptions(version)
            .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", BudgetedGenerator.InterceptorsNamespace)]);

    public static CSharpCompilation Compile(IEnumerable<string> sources, CSharpParseOptions? parseOptions = null,
        IEnumerable<MetadataReference>? references = null, string assemblyName = "ManualModeTest")
    {
        parseOptions ??= ParseOptions();
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: "/src/File" + i + ".cs"));
        return CSharpCompilation.Create(assemblyName, trees, references ?? References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["OPENAI001"] = ReportDiagnostic.Suppress,
                    ["MEAI001"] = ReportDiagnostic.Suppress,
                    ["SCME0001"] = ReportDiagnostic.Suppress,
                    ["SCME0002"] = ReportDiagnostic.Suppress,
                    // Unified assembly versions (Anthropic was built against an older MEAI): MSBuild suppresses it by default too.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                }));
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions, bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new ManualModeGenerator().AsSourceGenerator(), new BudgetedGenerator().AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generators; returns the output compilation, their diagnostics and the manual-mode sources by hint name.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, IReadOnlyDictionary<string, string> Manual, IReadOnlyList<string> AllHints) Run(
        CSharpCompilation compilation)
    {
        var driver = CreateDriver((CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var results = driver.GetRunResult().Results;
        var manual = results.Single(r => r.Generator.GetGeneratorType() == typeof(ManualModeGenerator)).GeneratedSources
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var all = results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName).Order(StringComparer.Ordinal).ToList();
        return (output, diagnostics, manual, all);
    }

    /// <summary>Compiles, generates, checks there are no errors or warnings, emits and loads the assembly.</summary>
    public static (Assembly Assembly, IReadOnlyDictionary<string, string> Manual) CompileAndLoad(params string[] sources)
    {
        var (output, generatorDiagnostics, manual, _) = Run(Compile(sources));
        var problems = generatorDiagnostics.Concat(output.GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Compilation failed:\n" + string.Join("\n", problems.Select(p => p.ToString()))
                + "\n\nGenerated:\n" + string.Join("\n\n", manual.Select(g => "// ==== " + g.Key + "\n" + g.Value)));
        }

        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("manual-mode-test-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        return (context.LoadFromStream(stream), manual);
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
