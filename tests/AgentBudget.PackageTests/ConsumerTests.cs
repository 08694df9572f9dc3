using System.Text.RegularExpressions;
using AgentBudget.PackageTests.Infrastructure;

namespace AgentBudget.PackageTests;

/// <summary>
/// Fresh projects that consume the packed package from the local feed: what a user gets from
/// <c>dotnet add package AgentBudget</c>, with nothing from this repository's build files.
/// </summary>
[Trait("Category", "E2E")]
[Collection(PackedFeedCollection.Name)]
public sealed partial class ConsumerTests(PackedFeed feed)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Net10_consumer_builds_with_the_expected_warnings_runs_intercepted_and_follows_price_edits()
    {
        var app = feed.CreateConsumer("App");

        var build = await BuildAsync(app);
        Assert.True(build.ExitCode == 0, build.ToString());
        // Exactly the two seeded problems, each reported once at its position: the untracked call and the unknown model
        // (the manual-mode call records its usage, so it is not AB0001).
        Assert.Equal(["AB0001", "AB0004"], WarningCodes(build.Output));
        Assert.Equal(2, WarningLines(build.Output).Distinct().Count());
        var source = File.ReadAllLines(Path.Combine(app, "Program.cs"));
        var untracked = Position(source, "await chat.CompleteChatAsync([new UserChatMessage(\"Hi\")]);", "CompleteChatAsync");
        var unknown = Position(source, "\"gpt-nonexistent-9000\"", "\"gpt-nonexistent-9000\"");
        Assert.Contains($"Program.cs({untracked}): warning AB0001: The cost of this 'CompleteChatAsync' call is not recorded", build.Output, StringComparison.Ordinal);
        Assert.Contains($"Program.cs({unknown}): warning AB0004: Model 'gpt-nonexistent-9000' is not in the price table", build.Output, StringComparison.Ordinal);

        // The generator wrote the [Budgeted] members, the interceptors and the project's own price table.
        var generated = Path.Combine(app, "obj", DotNetCli.Configuration, "net10.0", "generated", "AgentBudget.Generators");
        Assert.True(File.Exists(Path.Combine(generated, "AgentBudget.Generators.Budgeted.BudgetedGenerator", "Consumer_Agent.Budgeted.g.cs")));
        Assert.True(File.Exists(Path.Combine(generated, "AgentBudget.Generators.Budgeted.BudgetedGenerator", "AgentBudget.Interceptors.OpenAI.g.cs")));
        Assert.True(File.Exists(Path.Combine(generated, "AgentBudget.Generators.Pricing.PriceTableGenerator", "AgentBudget.Generated.ProjectPriceTable.g.cs")));

        // Project price for gpt-4o-mini: input $0.20/M (the built-in list price is $0.15/M), cached $0.075/M, output $0.60/M.
        // 200 uncached × 0.20 + 1000 cached × 0.075 + 300 output × 0.60 = 295 µ$, plus the $0.01 tool call.
        var run = await RunAsync(app);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            ["answer=Hello from the fake server.", "lookup=12", "spent=0.010295", "llm-calls=1", "tool-calls=1", "manual-spent=0.010295"],
            Lines(run.Output));

        // Change the project's price and rebuild: the compiled table, and so the charge, follow the JSON.
        var pricing = Path.Combine(app, "pricing", "consumer.json");
        File.WriteAllText(pricing, File.ReadAllText(pricing).Replace("\"input\": 0.2,", "\"input\": 0.5,", StringComparison.Ordinal));
        var rebuild = await BuildAsync(app);
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());

        // 200 × 0.50 + 1000 × 0.075 + 300 × 0.60 = 355 µ$, plus $0.01.
        var rerun = await RunAsync(app);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("spent=0.010355", Lines(rerun.Output));
        Assert.Contains("manual-spent=0.010355", Lines(rerun.Output));
    }

    [Fact]
    public async Task CSharp73_library_gets_AB2001_not_CS8370_and_a_transitive_consumer_builds_clean_with_nothing_generated()
    {
        feed.CreateConsumer("Legacy");
        var host = feed.CreateConsumer("Host");

        var build = await BuildAsync(host);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("CS8370", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning AB2001: AgentBudget cannot intercept the calls in [Budgeted] types because the project compiles with C# 7.3", build.Output, StringComparison.Ordinal);
        Assert.Equal(["AB2001"], WarningCodes(build.Output));
        // Every warning comes from the library; the transitive host compiles without one.
        Assert.All(WarningLines(build.Output), line => Assert.Contains("Legacy.csproj", line, StringComparison.Ordinal));

        // The host got the package's buildTransitive files (interceptor opt-in) and the analyzers, and generated nothing.
        var properties = await DotNetCli.RunAsync(host, feed.ConsumerEnvironment, BuildTimeout, "msbuild", "-getProperty:InterceptorsNamespaces", "-getProperty:AgentBudgetEnabled");
        Assert.True(properties.ExitCode == 0, properties.ToString());
        Assert.Contains("\"InterceptorsNamespaces\": \";AgentBudget.Generated\"", properties.Output, StringComparison.Ordinal);
        Assert.Contains("\"AgentBudgetEnabled\": \"true\"", properties.Output, StringComparison.Ordinal);
        var generated = Path.Combine(host, "obj", DotNetCli.Configuration, "net10.0", "generated");
        Assert.False(Directory.Exists(Path.Combine(generated, "AgentBudget.Generators")), "the transitive host has no [Budgeted] type, pricing file or intercepted call");

        var run = await RunAsync(host);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["length=12"], Lines(run.Output));

        // The documented off switch removes the generator and analyzers from both projects.
        var disabled = await DotNetCli.RunAsync(host, feed.ConsumerEnvironment, BuildTimeout,
            "build", "-c", DotNetCli.Configuration, "--disable-build-servers", "--no-incremental", "-p:AgentBudgetEnabled=false");
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.Empty(WarningLines(disabled.Output));
    }

    private Task<CommandResult> BuildAsync(string project)
        => DotNetCli.RunAsync(project, feed.ConsumerEnvironment, BuildTimeout, "build", "-c", DotNetCli.Configuration, "--disable-build-servers");

    private Task<CommandResult> RunAsync(string project)
        => DotNetCli.RunAsync(project, feed.ConsumerEnvironment, BuildTimeout, "run", "--no-build", "-c", DotNetCli.Configuration);

    // "line,column" (1-based) of <paramref name="token"/> on the first source line containing <paramref name="lineMarker"/>.
    private static string Position(string[] source, string lineMarker, string token)
    {
        var line = Array.FindIndex(source, l => l.Contains(lineMarker, StringComparison.Ordinal));
        Assert.True(line >= 0, "marker not found: " + lineMarker);
        return (line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ","
            + (source[line].IndexOf(token, StringComparison.Ordinal) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] WarningLines(string output) => Lines(output).Where(l => WarningPattern().IsMatch(l)).ToArray();

    private static string[] WarningCodes(string output)
        => WarningLines(output).Select(l => WarningPattern().Match(l).Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"warning ([A-Z]+\d+):")]
    private static partial Regex WarningPattern();
}
