using System.Collections;
using System.Reflection;
using AgentBudget.Budgeted.Tests.Infrastructure;
using AgentBudget.Generators.Budgeted;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Budgeted.Tests;

/// <summary>Cacheability of the generator pipeline, checked with tracked steps over real compilations.</summary>
public sealed class IncrementalTests
{
    private const string First = """
using System.Threading.Tasks;
using AgentBudget;
using OpenAI.Chat;
namespace Agents;
[Budgeted("$1.00")]
public partial class FirstAgent(ChatClient chat)
{
    [TrackTool(0.01)] public string Tool(string q) => q;
    public async Task<string> RunAsync() { await chat.CompleteChatAsync([new UserChatMessage("Hi")]); return Tool("x"); }
}
""";

    private const string Second = """
using AgentBudget;
namespace Agents;
[Budgeted("$2.00")]
public partial class SecondAgent
{
    [TrackTool(0.02)] public string Other(int n) => n.ToString();
    public string Run() => Other(1);
}
""";

    private const string Unrelated = """
namespace Agents;
public static class Helpers { public static int Twice(int x) => x * 2; }
""";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compile([First, Second, Unrelated]);
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.ParseOptions(), trackSteps: true).RunGenerators(compilation);
        return (driver, compilation);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int file, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/File" + file + ".cs");
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, old.FilePath));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step)
        => driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, 2, Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal)));

        Assert.All(Reasons(driver, BudgetedGeneratorStepNames.BudgetedTypeSpec), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(driver, BudgetedGeneratorStepNames.CallSites), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(Reasons(driver, BudgetedGeneratorStepNames.CollectedCallSites), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_one_budgeted_class_reruns_only_that_class()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, 1, Second.Replace("$2.00", "$3.00", StringComparison.Ordinal)));

        var specs = driver.GetRunResult().Results.Single().TrackedSteps[BudgetedGeneratorStepNames.BudgetedTypeSpec]
            .SelectMany(s => s.Outputs).ToList();
        var modified = specs.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => (string)o.Value.GetType().GetProperty("DisplayName")!.GetValue(o.Value)!).ToList();
        Assert.Equal(["SecondAgent"], modified);
        Assert.Contains(specs, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        // Call sites of the untouched file are not re-scanned.
        Assert.Contains(IncrementalStepRunReason.Cached, Reasons(driver, BudgetedGeneratorStepNames.CallSites));
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var (driver, _) = FirstRun();
        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        var checkedValues = 0;
        foreach (var name in new[] { BudgetedGeneratorStepNames.BudgetedTypeSpec, BudgetedGeneratorStepNames.CallSites,
                     BudgetedGeneratorStepNames.CollectedCallSites, BudgetedGeneratorStepNames.InterceptionSettings })
        {
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, new HashSet<object>(ReferenceEqualityComparer.Instance));
                checkedValues++;
            }
        }

        Assert.True(checkedValues >= 6, checkedValues.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Equivalent_sources_produce_equal_models()
    {
        var (first, _) = FirstRun();
        var (second, _) = FirstRun();
        var a = first.GetRunResult().Results.Single().TrackedSteps[BudgetedGeneratorStepNames.CallSites].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        var b = second.GetRunResult().Results.Single().TrackedSteps[BudgetedGeneratorStepNames.CallSites].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        // CompleteChatAsync and Tool("x") in the first agent, Other(1) in the second.
        Assert.Equal(3, a.Count);
        Assert.Equal(a, b);
        Assert.Equal(a.Select(v => v.GetHashCode()), b.Select(v => v.GetHashCode()));
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location, value.GetType().FullName);
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertNoRoslynObjects(item, seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen);
        }
    }
}
