using System.Text.Json;
using AgentBudget.PackageTests.Infrastructure;

namespace AgentBudget.PackageTests;

/// <summary>
/// The samples, run the way the README tells users to run them (no API key, so on the embedded scripted model), with
/// their output asserted to the picodollar: every figure follows from the scripted usage and the built-in prices.
/// </summary>
[Trait("Category", "Samples")]
public sealed class SampleTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task ResearchAgent_shows_the_bar_soft_limit_loop_and_hard_limit_and_reports_the_exact_spend()
    {
        var run = await RunSampleAsync("ResearchAgent");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Contains("Model: embedded scripted OpenAI endpoint (no API key, no network; set OPENAI_API_KEY to use the real API)", lines);
        Assert.Contains("     plan (gpt-4o-mini, streamed): SEARCH: open-source vector database hybrid search | SEARCH: reciprocal rank fusion explained", lines);
        // The live bar after a step: 5,000 of 50,000 µ$ went on the first search.
        Assert.Contains("  02 WebSearch(\"open-source vector database hybrid search\") ... [##..................]  10% spent $0.005048  left $0.044952", lines);
        // The soft limit (60% of $0.05) is crossed by the second follow-up search; the generated OnSoftLimit hook prints this.
        Assert.Contains("  !! soft limit: spent $0.030312 of $0.05 (60%), switching the writer from gpt-4o to gpt-4o-mini", lines);
        // The fourth identical WebSearch is refused before it runs.
        Assert.Contains("  !! loop detector tripped on 'WebSearch'", lines);
        Assert.Contains("  XX loop caught: 'WebSearch' was called with the same arguments more than 3 times within 60 s; the repeat was refused before it ran (spent $0.035418)", lines);
        Assert.Contains("  | total                                |    15 |     2107 |       175 |    $0.03541755 |", lines);
        // Task 2: the long report's worst case ($0.16) does not fit in the $0.0298 left; the request is never sent.
        Assert.Contains("  XX hard limit: the 'gpt-4o' call needed up to $0.160653 (its prompt plus 16,000 output tokens) but only $0.029800 was left; it was refused before it was sent", lines);
        Assert.Contains("     requests the model received: 9 before the refused call, 9 after it", lines);
        Assert.Contains("  exact spend of task 2: 0.02020035 USD (20200350000 picodollars), never above the $0.050000 limit", lines);

        var json = run.Output[(run.Output.IndexOf("Task 2 report as JSON:\n", StringComparison.Ordinal) + "Task 2 report as JSON:\n".Length)..];
        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        Assert.Equal(0.02020035m, root.GetProperty("total_spent").GetDecimal());
        Assert.Equal(0.05m, root.GetProperty("budget").GetDecimal());
        Assert.Equal("budget_exhausted", root.GetProperty("terminated_by").GetString());
        Assert.Equal(0.01m, root.GetProperty("breakdown").GetProperty("tools").GetProperty("by_tool").GetProperty("WebSearch").GetDecimal());
        Assert.Equal(0.008m, root.GetProperty("breakdown").GetProperty("tools").GetProperty("by_tool").GetProperty("FetchPage").GetDecimal());
        Assert.Equal(3, root.GetProperty("breakdown").GetProperty("llm").GetProperty("calls").GetInt64());
    }

    [Fact]
    public async Task ChatPipeline_charges_tool_round_trips_streams_and_degrades_at_the_soft_limit()
    {
        var run = await RunSampleAsync("ChatPipeline");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Contains("< It is 18 °C, light clouds in Paris.", lines);
        Assert.Contains("  !! soft limit: spent $0.006365 of $0.010000; the pipeline now routes calls to gpt-4o-mini", lines);
        Assert.Contains("  | LLM  gpt-4o-2024-08-06               |     4 |      546 |       100 |      $0.002365 |", lines);
        Assert.Contains("  | LLM  gpt-4o-mini-2024-07-18          |     2 |      295 |        25 |    $0.00005925 |", lines);
        Assert.Contains("  | tool get_weather                     |     2 |          |           |      $0.004000 |", lines);
        Assert.Contains("  | total                                |     8 |      841 |       125 |    $0.00642425 |", lines);
    }

    // The test project references the samples, so they are built in this configuration before the tests run; the
    // command is the README's `dotnet run --project samples/<name>`, without rebuilding.
    private static Task<CommandResult> RunSampleAsync(string name)
        => DotNetCli.RunAsync(Repository.Root, new Dictionary<string, string?> { ["DOTNET_CLI_UI_LANGUAGE"] = "en" }, RunTimeout,
            "run", "--project", Repository.PathOf("samples/" + name), "--no-build", "-c", DotNetCli.Configuration);
}
