using AgentBudget.Budgeted.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Budgeted.Tests;

/// <summary>The generator's AB2xxx diagnostics, each at the file and line it belongs to.</summary>
public sealed class DiagnosticTests
{
    private const string Problems = """
using System.Threading.Tasks;
using AgentBudget;
namespace Agents;
[Budgeted("$1.00")]
public class NotPartial { }
[Budgeted("5 dollars")]
public partial class BadBudget { }
[Budgeted("$1.00")]
public partial class Collides { public int Spent => 0; }
[Budgeted("$1.00")]
public partial class Tools
{
    [TrackTool(-0.01)] public void Negative() { }
    [TrackTool(0.0000000000001)] public void TooPrecise() { }
    [TrackTool(0.01)] public T Generic<T>(T value) => value;
    [TrackTool(0.01)] public Task RefAsync(ref int x) => Task.CompletedTask;
    [TrackTool(0.01)] public string Fine(string q) => q;
    public string Call() => Fine("x");
}
public partial class Host
{
    [Budgeted("$1.00")]
    private partial class Hidden { public void Run() { } }
}
""";

    private const string Simple = """
using AgentBudget;
namespace Agents;
[Budgeted("$1.00")]
public partial class Agent
{
    [TrackTool(0.01)] public string Tool(string q) => q;
    public string Run() => Tool("x");
}
""";

    private static List<(string Id, int Line)> Diagnostics(string source, CSharpParseOptions options)
    {
        var (_, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.Compile([source], options), options);
        return diagnostics
            .Select(d => (d.Id, Line: d.Location.IsInSource ? d.Location.GetLineSpan().StartLinePosition.Line + 1 : 0))
            .OrderBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void Type_and_tool_problems_are_reported_where_they_are()
    {
        var diagnostics = Diagnostics(Problems, GeneratorHarness.ParseOptions());

        // A type that is not partial, a bad budget, and bad or untrackable tools are skipped by the generator without a
        // diagnostic of its own: analyzers AB0007, AB0005 and AB0006 report them once, with code fixes.
        Assert.Equal(
        [
            ("AB2005", 9),  // Spent
            ("AB2008", 23), // private nested type
        ], diagnostics);
    }

    [Fact]
    public void CSharp_10_gets_AB2001_and_no_interceptors()
    {
        var options = GeneratorHarness.ParseOptions(LanguageVersion.CSharp10);
        var (output, diagnostics, generated) = GeneratorHarness.Run(GeneratorHarness.Compile([Simple], options), options);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("AB2001", diagnostic.Id);
        Assert.Contains("C# 10.0", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(["Agents_Agent.Budgeted.g.cs"], generated.Keys);
        // The budget members still compile, so manual tracking keeps working.
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Missing_interceptor_opt_in_gets_AB2002_and_no_interceptors()
    {
        var options = GeneratorHarness.ParseOptions(interceptors: false);
        var (output, diagnostics, generated) = GeneratorHarness.Run(GeneratorHarness.Compile([Simple], options), options);

        Assert.Equal("AB2002", Assert.Single(diagnostics).Id);
        Assert.Equal(["Agents_Agent.Budgeted.g.cs"], generated.Keys);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Preview_property_name_alone_is_not_trusted_and_gets_AB2002()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest)
            .WithFeatures([new KeyValuePair<string, string>("InterceptorsPreviewNamespaces", "Other.Namespace;AgentBudget.Generated")]);
        var (output, diagnostics, generated) = GeneratorHarness.Run(GeneratorHarness.Compile([Simple], options), options);

        // The compiler this generator is built against reports CS9137 for the preview name alone, so no interceptor is emitted.
        Assert.Equal("AB2002", Assert.Single(diagnostics).Id);
        Assert.Equal(["Agents_Agent.Budgeted.g.cs"], generated.Keys);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
