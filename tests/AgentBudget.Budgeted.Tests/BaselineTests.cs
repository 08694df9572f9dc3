using AgentBudget.Budgeted.Tests.Infrastructure;

namespace AgentBudget.Budgeted.Tests;

/// <summary>
/// The emitted code, compared with committed baselines (Baselines/*.txt). To accept an intended change, run the tests
/// with AGENTBUDGET_UPDATE_BASELINES=1 and review the diff.
/// </summary>
public sealed class BaselineTests
{
    internal const string Source = """
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBudget;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Samples.Research;

[Budgeted("$5.00", SoftLimit = 0.8, FinalizationReserve = 0.05, MaxRepeatedCalls = 5, LoopWindowSeconds = 30, MaxLlmCalls = 20)]
public partial class ResearchAgent(ChatClient chat, IChatClient meai)
{
    [TrackTool(0.01, Name = "serp_api")]
    private Task<string> SearchAsync(string query, int page) => Task.FromResult(query + page);

    [TrackTool("$0.002", OnFailure = ToolFailureCharge.Release)]
    internal string Fetch(string url) => url;

    public async Task<string> RunAsync(string topic)
    {
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(topic)]);
        var hits = await SearchAsync(topic, 1);
        await foreach (var update in meai.GetStreamingResponseAsync(hits)) { }
        return completion.Content[0].Text + Fetch("https://example.test");
    }

    private IEnumerable<int> Steps() { yield return 1; }
}

public static partial class Outer
{
    public static partial class Holder
    {
        [Budgeted("$1")]
        internal partial class Nested<T> where T : class
        {
            public string Describe(T value) => value.ToString() ?? string.Empty;
        }
    }
}

public static class Entry
{
    public static Task<string> Run(ResearchAgent agent) => agent.RunAsync("roslyn");
}
""";

    private static readonly string[] ExpectedFiles =
    [
        "Samples_Research_ResearchAgent.Budgeted.g.cs",
        "Samples_Research_Outer_Holder_Nested_1.Budgeted.g.cs",
        "AgentBudget.Interceptors.BudgetedMembers.g.cs",
        "AgentBudget.Interceptors.OpenAI.g.cs",
        "AgentBudget.Interceptors.ExtensionsAI.g.cs",
    ];

    public static TheoryData<string> GeneratedFiles() => new(ExpectedFiles);

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Generated = new(() =>
    {
        var (output, diagnostics, generated) = GeneratorHarness.Run(GeneratorHarness.Compile([Source]));
        var problems = diagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return generated;
    });

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public void Generated_code_matches_the_baseline(string hintName)
    {
        var actual = Generated.Value[hintName].Replace("\r\n", "\n", StringComparison.Ordinal);
        var path = Path.Combine(BaselineDirectory(), hintName + ".txt");
        if (Environment.GetEnvironmentVariable("AGENTBUDGET_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), "Missing baseline " + path);
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }

    [Fact]
    public void Exactly_the_expected_files_are_generated()
    {
        Assert.Equal(ExpectedFiles.Order(StringComparer.Ordinal), Generated.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Output_is_deterministic_across_runs()
    {
        var (_, _, again) = GeneratorHarness.Run(GeneratorHarness.Compile([Source]));
        foreach (var (hint, text) in Generated.Value)
        {
            Assert.Equal(text, again[hint]);
        }
    }

    private static string BaselineDirectory([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
        => Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines");
}
