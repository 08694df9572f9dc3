using System.Reflection;
using System.Runtime.Loader;
using AgentBudget.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Benchmarks.Pricing;

/// <summary>
/// Which exact-id lookup the generated table should use, at 100 and 3,000 models: the generator's output for the
/// repository's pricing files and for a synthetic 3,000-model table is compiled in memory (Release) with a probe class
/// that looks an id up three ways: the generated <c>FrozenDictionary</c> (Ordinal), a plain <c>Dictionary</c> (Ordinal)
/// filled from it (baseline), and the generated string <c>switch</c>. All three are static methods of the same
/// generated assembly called through the same kind of delegate, so the comparison is fair (the delegate call, about a
/// nanosecond, is in every figure).
/// </summary>
[MemoryDiagnoser]
public class GeneratedLookupBenchmarks
{
    private const string ProbeSource = """
        namespace Probe
        {
            public static class Lookups
            {
                private static readonly global::System.Collections.Generic.Dictionary<string, int> Plain =
                    new(global::AgentBudget.Pricing.BuiltInPriceTable.Index, global::System.StringComparer.Ordinal);

                public static int Frozen(string id) => global::AgentBudget.Pricing.BuiltInPriceTable.Index.TryGetValue(id, out var i) ? i : -1;

                public static int Dictionary(string id) => Plain.TryGetValue(id, out var i) ? i : -1;

                public static int Switch(string id) => global::AgentBudget.Pricing.BuiltInPriceTable.TryGetIndexBySwitch(id, out var i) ? i : -1;

                public static int Count => global::AgentBudget.Pricing.BuiltInPriceTable.Index.Count;
            }
        }
        """;

    private Func<string, int> _frozen = null!;
    private Func<string, int> _dictionary = null!;
    private Func<string, int> _switch = null!;
    private string _hit = null!;
    private string _miss = null!;

    [Params(GeneratorHost.RepositoryTable, GeneratorHost.SyntheticTable)]
    public string Table { get; set; } = GeneratorHost.RepositoryTable;

    // One compiled table per table size and process (the in-process dry run would otherwise compile it per benchmark).
    private static readonly Dictionary<string, Type> Compiled = [];

    [GlobalSetup]
    public void Setup()
    {
        lock (Compiled)
        {
            if (!Compiled.TryGetValue(Table, out var compiled))
            {
                compiled = Compile(Table);
                Compiled[Table] = compiled;
            }

            BindAndCheck(compiled);
        }
    }

    private static Type Compile(string table)
    {
        var files = GeneratorHost.PricingFiles(table);
        // Role "BuiltIn": the generator writes AgentBudget.Pricing.BuiltInPriceTable and no module initializer, so loading
        // the table does not register an overlay in this process's PriceCatalog.Default.
        var compilation = GeneratorHost.Compilation("GeneratedLookup" + (files.Count > 20 ? "3000" : "100"), ProbeSource, "/src/Probe/Lookups.cs");
        GeneratorHost.Driver(GeneratorHost.Texts(files), (CSharpParseOptions)compilation.SyntaxTrees[0].Options, trackSteps: false, role: "BuiltIn")
            .RunGeneratorsAndUpdateCompilation(compilation, out var withTable, out _);
        using var image = new MemoryStream();
        var emitted = withTable.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated table does not compile: "
                + string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        }

        image.Position = 0;
        return new AssemblyLoadContext("generated-lookup-" + table).LoadFromStream(image).GetType("Probe.Lookups")!;
    }

    private void BindAndCheck(Type lookups)
    {
        _frozen = Bind(lookups, "Frozen");
        _dictionary = Bind(lookups, "Dictionary");
        _switch = Bind(lookups, "Switch");

        var ids = Table == GeneratorHost.RepositoryTable ? ["claude-sonnet-4-5"] : SyntheticPricing.ModelIds(3000);
        _hit = new string(ids[ids.Count * 3 / 5].AsSpan()); // not the table's own string instance
        _miss = "acme-frontier-9000";
        var count = (int)lookups.GetProperty("Count")!.GetValue(null)!;
        if (_frozen(_hit) < 0 || _frozen(_hit) != _dictionary(_hit) || _frozen(_hit) != _switch(_hit)
            || _frozen(_miss) != -1 || _switch(_miss) != -1 || _dictionary(_miss) != -1)
        {
            throw new InvalidOperationException("The three lookups disagree.");
        }

        Console.WriteLine($"// {Table}: {count} ids and aliases in the generated index; hit '{_hit}'.");
    }

    [Benchmark(Baseline = true, Description = "Hit: Dictionary (Ordinal)")]
    public int HitDictionary() => _dictionary(_hit);

    [Benchmark(Description = "Hit: generated FrozenDictionary (Ordinal)")]
    public int HitFrozen() => _frozen(_hit);

    [Benchmark(Description = "Hit: generated switch")]
    public int HitSwitch() => _switch(_hit);

    [Benchmark(Description = "Miss: Dictionary (Ordinal)")]
    public int MissDictionary() => _dictionary(_miss);

    [Benchmark(Description = "Miss: generated FrozenDictionary (Ordinal)")]
    public int MissFrozen() => _frozen(_miss);

    [Benchmark(Description = "Miss: generated switch")]
    public int MissSwitch() => _switch(_miss);

    private static Func<string, int> Bind(Type type, string name)
        => type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<string, int>>();
}
