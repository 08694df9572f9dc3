using System.Collections.Immutable;
using AgentBudget.Generators.Pricing;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentBudget.Benchmarks.Analyzers;

/// <summary>
/// Every AgentBudget analyzer (AB0001–AB0008) on a large compilation: the analyzer tests' realistic agent corpus
/// (six files, about 500 lines: a budgeted research agent, a support bot, manual tracking, an indexer, an orchestrator,
/// attribute mistakes) copied <see cref="Copies"/> times into their own namespaces, compiled against the real OpenAI,
/// Anthropic and Microsoft.Extensions.AI assemblies and the runtime. Baseline: the compiler's own diagnostics (binding
/// every method body) of a fresh compilation; the other row adds the analyzers to the same fresh compilation, so the
/// difference is what the analyzers cost a build. Setup checks that the corpus compiles without errors, that the
/// analyzers report their findings in every copy, and that no analyzer throws (AD0001).
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    public const int Copies = 50;

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private CSharpCompilationOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var corpus = CorpusFiles();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = [.. Enumerable.Range(0, Copies).SelectMany(copy => corpus.Select(file => CSharpSyntaxTree.ParseText(
            file.Value.Replace("namespace Corpus.", "namespace Corpus.Copy" + copy.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".", StringComparison.Ordinal),
            parse, path: "/corpus/copy" + copy.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + file.Key)))];
        _references = References();
        _options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // The SDKs mark parts of their API experimental; the corpus uses them like users who opted in.
                ["OPENAI001"] = ReportDiagnostic.Suppress,
                ["MEAI001"] = ReportDiagnostic.Suppress,
                ["SCME0001"] = ReportDiagnostic.Suppress,
                ["SCME0002"] = ReportDiagnostic.Suppress,
            });
        _analyzers = [.. typeof(PriceTableGenerator).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

        var errors = Fresh().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The corpus does not compile ({errors.Count} errors): " + string.Join("; ", errors.Take(5)));
        }

        var found = Fresh().WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var crashes = found.Where(d => d.Id == "AD0001").ToList();
        var perCopy = found.Where(d => d.Location.SourceTree?.FilePath.StartsWith("/corpus/copy0/", StringComparison.Ordinal) == true).ToList();
        if (crashes.Count > 0 || perCopy.Count == 0 || found.Length != perCopy.Count * Copies)
        {
            throw new InvalidOperationException($"Unexpected analyzer results: {found.Length} diagnostics, {perCopy.Count} in the first copy, "
                + $"{crashes.Count} analyzer exceptions: " + string.Join("; ", crashes.Take(3)));
        }

        Console.WriteLine($"// {_analyzers.Length} analyzers, {_trees.Length} files, {_trees.Sum(t => t.GetText().Lines.Count)} lines: "
            + $"{found.Length} diagnostics ({perCopy.Count} per copy: {string.Join(", ", perCopy.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "×" + g.Count()))}).");
    }

    [Benchmark(Baseline = true, Description = "Compiler diagnostics only (fresh compilation)")]
    public int CompilerOnly() => Fresh().GetDiagnostics().Length;

    [Benchmark(Description = "Compiler + every AgentBudget analyzer (fresh compilation)")]
    public int CompilerAndAnalyzers() => Fresh().WithAnalyzers(_analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    private CSharpCompilation Fresh() => CSharpCompilation.Create("Corpus.Agents", _trees, _references, _options);

    /// <summary>The analyzer tests' corpus, read from the repository (the same files the corpus test checks).</summary>
    private static List<KeyValuePair<string, string>> CorpusFiles()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var corpus = Path.Combine(directory.FullName, "tests", "AgentBudget.Analyzers.Tests", "Corpus", "Agent");
            if (Directory.Exists(corpus))
            {
                return [.. Directory.GetFiles(corpus, "*.cs.txt").OrderBy(path => path, StringComparer.Ordinal)
                    .Select(path => new KeyValuePair<string, string>(Path.GetFileName(path)[..^4], File.ReadAllText(path)))];
            }
        }

        throw new InvalidOperationException("The analyzer corpus was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The framework, the SDK assemblies this program itself loads, their dependencies, and AgentBudget.</summary>
    private static ImmutableArray<MetadataReference> References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(file => Path.GetFileName(file) is var name && (name.StartsWith("System.", StringComparison.Ordinal)
                || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"));
        var output = Path.GetDirectoryName(typeof(OpenAI.Chat.ChatClient).Assembly.Location)!;
        string[] packages =
        [
            "OpenAI.dll", "System.ClientModel.dll", "System.Memory.Data.dll", "Anthropic.dll",
            "Microsoft.Extensions.AI.dll", "Microsoft.Extensions.AI.Abstractions.dll", "Microsoft.Extensions.AI.OpenAI.dll",
            "Microsoft.Extensions.Logging.Abstractions.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll",
            "Microsoft.Extensions.Caching.Abstractions.dll", "Microsoft.Extensions.Primitives.dll",
            "AgentBudget.dll", "AgentBudget.Extensions.AI.dll",
        ];
        var frameworkNames = new HashSet<string>(framework.Select(Path.GetFileName)!, StringComparer.OrdinalIgnoreCase);
        return [.. framework.Concat(packages.Where(name => !frameworkNames.Contains(name)).Select(name => Path.Combine(output, name))
                .Where(File.Exists))
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))];
    }
}
