using System.Collections.Immutable;
using AgentBudget.Benchmarks.Support;
using AgentBudget.Generators.Pricing;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Benchmarks.Generators;

/// <summary>
/// The price-table generator run by a real <see cref="CSharpGeneratorDriver"/> over a real compilation of a consuming
/// project, on the repository's 100-model <c>pricing/*.json</c> and on a synthetic 3,000-model table made in memory.
/// "Full run" is a cold driver (what a clean build does); "unrelated edit" re-runs a warm driver after a C# edit that
/// has nothing to do with pricing (what every keystroke in an IDE does); setup proves that this re-run does no pricing
/// work (every pricing step cached or unchanged, the output not re-emitted) and fails the benchmark otherwise.
/// </summary>
[MemoryDiagnoser]
public class PriceTableGeneratorBenchmarks
{
    private const string AgentSource = "namespace Consumer { public static class Agent { public static int Answer() => 41; } }";
    private const string EditedAgentSource = "namespace Consumer { public static class Agent { public static int Answer() => 42; public static void More() { } } }";

    private ImmutableArray<AdditionalText> _texts;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private bool _nextIsEdited;

    [Params(GeneratorHost.RepositoryTable, GeneratorHost.SyntheticTable)]
    public string Table { get; set; } = GeneratorHost.RepositoryTable;

    [GlobalSetup]
    public void Setup()
    {
        var files = GeneratorHost.PricingFiles(Table);
        _texts = GeneratorHost.Texts(files);
        _compilation = GeneratorHost.Compilation("Consumer.App", AgentSource);
        _edited = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText(EditedAgentSource, (CSharpParseOptions)_compilation.SyntaxTrees[0].Options, path: _compilation.SyntaxTrees[0].FilePath));

        var models = VerifyFullRun(files.Count);
        VerifyIncrementalRunDoesNoPricingWork();
        Console.WriteLine($"// {Table}: {files.Count} files, {models} models in the generated table; unrelated edit re-runs no pricing step.");

        _warm = CreateDriver(trackSteps: false).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "Full run (cold driver)")]
    public GeneratorDriver FullRun() => CreateDriver(trackSteps: false).RunGenerators(_compilation);

    [Benchmark(Description = "Re-run after an unrelated C# edit")]
    public GeneratorDriver RerunAfterUnrelatedEdit()
    {
        // Alternate between the two versions, so every run sees an edit relative to the previous one.
        _warm = _warm.RunGenerators(_nextIsEdited ? _edited : _compilation);
        _nextIsEdited = !_nextIsEdited;
        return _warm;
    }

    private int VerifyFullRun(int fileCount)
    {
        var result = CreateDriver(trackSteps: false).RunGenerators(_compilation).GetRunResult().Results.Single();
        var errors = result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        if (result.Exception is not null || errors.Count > 0 || result.GeneratedSources.Length != 1)
        {
            throw new InvalidOperationException($"The generator did not produce one table from {fileCount} files: "
                + string.Join("; ", errors.Select(error => error.ToString())) + result.Exception);
        }

        var source = result.GeneratedSources[0].SourceText.ToString();
        var marker = "internal const int ModelCount = ";
        var start = source.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return int.Parse(source.AsSpan(start, source.IndexOf(';', start) - start), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void VerifyIncrementalRunDoesNoPricingWork()
    {
        var driver = CreateDriver(trackSteps: true).RunGenerators(_compilation).RunGenerators(_edited);
        var result = driver.GetRunResult().Results.Single();
        string[] pricingSteps = [PriceTableGeneratorSteps.PricingInputs, PriceTableGeneratorSteps.PricingFiles,
            PriceTableGeneratorSteps.PricingFileSpecs, PriceTableGeneratorSteps.PriceTable, PriceTableGeneratorSteps.PricingDiagnostics];
        foreach (var step in pricingSteps)
        {
            var reasons = result.TrackedSteps.TryGetValue(step, out var runs)
                ? runs.SelectMany(run => run.Outputs).Select(output => output.Reason).ToList()
                : [];
            if (reasons.Count == 0 || reasons.Any(reason => reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
            {
                throw new InvalidOperationException($"After an unrelated edit the pricing step {step} ran: {string.Join(", ", reasons)}.");
            }
        }

        if (result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs)
            .Any(output => output.Reason != IncrementalStepRunReason.Cached))
        {
            throw new InvalidOperationException("After an unrelated edit the price table was emitted again.");
        }
    }

    private GeneratorDriver CreateDriver(bool trackSteps)
        => GeneratorHost.Driver(_texts, (CSharpParseOptions)_compilation.SyntaxTrees[0].Options, trackSteps);
}
