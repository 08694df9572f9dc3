using System.Reflection;
using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Corpus;

/// <summary>
/// A realistic agent code base (six files, about 500 lines: a budgeted research agent with tools and streams, an
/// IChatClient support bot, manual-mode tracking, raw gateway requests, an embedding indexer, an orchestrator and
/// attribute mistakes) checked by every analyzer at once. The expected list is exact: each entry is a real problem,
/// and the tracked code in the corpus produces nothing.
/// </summary>
public class AgentCorpusTests
{
    private static readonly string[] Files =
    [
        "Agent/ResearchAgent.cs",
        "Agent/SupportBot.cs",
        "Agent/ManualTracking.cs",
        "Agent/Indexer.cs",
        "Agent/Orchestrator.cs",
        "Agent/AttributeMistakes.cs",
    ];

    [Fact]
    public async Task Corpus_produces_exactly_the_expected_diagnostics()
    {
        var test = new AllRulesTest { WithManualMode = true };
        foreach (var file in Files)
        {
            test.TestState.Sources.Add(("/corpus/" + file, Load(file)));
        }

        test.ExpectedDiagnostics.AddRange(Expected);
        await test.RunAsync();
    }

    private static DiagnosticResult At(DiagnosticDescriptor descriptor, string file, int line, int column, int endLine, int endColumn, params object[] arguments)
    {
        var result = new DiagnosticResult(descriptor).WithSpan("/corpus/" + file, line, column, endLine, endColumn);
        return arguments.Length == 0 ? result : result.WithArguments(arguments);
    }

    private static readonly DiagnosticResult[] Expected =
    [
        // Attribute mistakes.
        At(DiagnosticDescriptors.InvalidBudgetLiteral, "Agent/AttributeMistakes.cs", 6, 11, 6, 17,
            "The budget \"5,00\" is not valid: it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\""),
        At(DiagnosticDescriptors.BudgetedTypeNotPartial, "Agent/AttributeMistakes.cs", 14, 14, 14, 27, "ForgotPartial", ""),
        At(DiagnosticDescriptors.InvalidTrackTool, "Agent/AttributeMistakes.cs", 16, 6, 16, 19, "Refund", "the cost -1 is negative; a tool call cannot earn money, use 0 for a free tool"),
        At(DiagnosticDescriptors.InvalidTrackTool, "Agent/AttributeMistakes.cs", 22, 6, 22, 21, "Weather",
            "'ToolBox' is not [Budgeted], so there is no session to charge; mark the type [Budgeted(\"$…\")] or move the tool into the agent class"),

        // The indexer is budgeted; the command-line helper is not, and misspells its model.
        At(DiagnosticDescriptors.UnknownModel, "Agent/Indexer.cs", 38, 57, 38, 80, "text-embedding-3-larg", " (did you mean 'text-embedding-3-large'?)"),
        At(DiagnosticDescriptors.UntrackedLlmCall, "Agent/Indexer.cs", 42, 32, 42, 78, "GenerateEmbeddingsAsync", DiagnosticDescriptors.UntrackedOutsideBudgetedType),

        // Manual mode: one call is never recorded; two hand-written streaming bodies forget include_usage.
        At(DiagnosticDescriptors.UntrackedLlmCall, "Agent/ManualTracking.cs", 57, 36, 57, 96, "CompleteChatAsync", DiagnosticDescriptors.UntrackedOutsideBudgetedType),
        At(DiagnosticDescriptors.StreamingRequestWithoutUsage, "Agent/ManualTracking.cs", 85, 81, 85, 85)
            .WithSpan("/corpus/Agent/ManualTracking.cs", 79, 20, 84, 10),
        At(DiagnosticDescriptors.StreamingRequestWithoutUsage, "Agent/ManualTracking.cs", 118, 46, 118, 95)
            .WithSpan("/corpus/Agent/ManualTracking.cs", 111, 29, 117, 16),

        // The orchestrator's first loop swallows the budget's exceptions; the careful one does not.
        At(DiagnosticDescriptors.BudgetExceptionSwallowed, "Agent/Orchestrator.cs", 40, 13, 40, 33, "catch (Exception ex)", "BudgetExhaustedException and LoopDetectedException"),

        // The research agent is budgeted: its calls are tracked, but two streams are left before their end.
        At(DiagnosticDescriptors.StreamAbandonedEarly, "Agent/ResearchAgent.cs", 99, 17, 99, 23, "CompleteChatStreamingAsync", "break"),
        At(DiagnosticDescriptors.StreamAbandonedEarly, "Agent/ResearchAgent.cs", 119, 17, 119, 40, "CompleteChatStreaming", "return"),

        // The support bot's injected IChatClient is the host's budgeted pipeline; the maintenance script is not.
        At(DiagnosticDescriptors.StreamAbandonedEarly, "Agent/SupportBot.cs", 34, 17, 34, 29, "GetStreamingResponseAsync", "yield break"),
        At(DiagnosticDescriptors.UnknownModel, "Agent/SupportBot.cs", 43, 51, 43, 71, "gpt-4o-mini-latest", ""),
        At(DiagnosticDescriptors.UntrackedLlmCall, "Agent/SupportBot.cs", 57, 37, 57, 107, "GetResponseAsync", DiagnosticDescriptors.UntrackedOutsideBudgetedType),
    ];

    private static string Load(string file)
    {
        using var stream = typeof(AgentCorpusTests).Assembly.GetManifestResourceStream("Corpus/" + file)
            ?? throw new InvalidOperationException("Missing corpus resource " + file);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
