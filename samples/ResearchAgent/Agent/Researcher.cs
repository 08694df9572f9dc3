using System.Globalization;
using System.Text;
using AgentBudget;
using OpenAI.Chat;
using AgentBudget.Samples.Display;

namespace ResearchAgent.Agent;

/// <summary>
/// A small research agent: it plans searches with a cheap model (streamed), runs its web tools, has a stronger model
/// summarise the sources, then lets the model ask for more searches until it is satisfied.
/// </summary>
/// <remarks>
/// <para>
/// <c>[Budgeted]</c> is all the budgeting code there is: the generator adds <see cref="BudgetSession"/>,
/// <c>Spent</c>, <c>Remaining</c>, <c>Report()</c> and the limit hooks to this class, and intercepts every OpenAI call
/// and every <c>[TrackTool]</c> call below. Each call is admitted against the budget <i>before</i> it is made (an LLM
/// call reserves its worst case: the prompt plus <c>MaxOutputTokenCount</c> at the model's price), then charged its
/// exact cost from the usage the API reports.
/// </para>
/// <para>Budget: $0.05 per task, soft limit at 60%, and a call repeated with the same arguments more than 3 times
/// within 60 s is a loop.</para>
/// </remarks>
[Budgeted("$0.05", SoftLimit = 0.6, MaxRepeatedCalls = 3)]
public partial class Researcher
{
    private const string SystemPrompt =
        "You are a careful research agent working for an engineering team. You plan web searches, read the sources you are "
        + "given and write concise notes that cite them. Prefer primary documentation over blog posts, say when sources "
        + "disagree, and never invent a source, a number or a product feature. Keep answers short: the team reads them on "
        + "a phone. Follow the output format each task asks for exactly, with no preamble and no closing remarks. "
        + "Formats: PLAN gives search lines, SUMMARIZE gives notes, NEXT gives one action line, REPORT gives a report.";

    // More rounds than the loop detector allows, so a model that keeps asking for the same search is caught by the
    // budget rather than by this cap.
    private const int MaxFollowUpRounds = 6;

    private readonly ChatClient _planner;
    private readonly ChatClient _writer;
    private readonly WebCorpus _web;
    private readonly StepPrinter _printer;
    private ChatClient _activeWriter;

    /// <summary>Creates the agent.</summary>
    /// <param name="planner">The cheap model used to plan and to decide the next action (streamed).</param>
    /// <param name="writer">The stronger model used to summarise and to write reports.</param>
    /// <param name="web">The web the tools search and fetch from.</param>
    /// <param name="printer">Where the agent reports its steps and the budget bar.</param>
    public Researcher(ChatClient planner, ChatClient writer, WebCorpus web, StepPrinter printer)
    {
        _planner = planner;
        _writer = writer;
        _activeWriter = writer;
        _web = web;
        _printer = printer;
    }

    /// <summary>Researches a question and returns the notes.</summary>
    /// <param name="question">The question.</param>
    /// <returns>The notes.</returns>
    public async Task<string> ResearchAsync(string question)
    {
        _activeWriter = _writer;
        var plan = await PlanAsync(question);

        var sources = new List<string>();
        foreach (var query in SearchQueries(plan))
        {
            var hits = WebSearch(query);
            _printer.Step($"WebSearch(\"{query}\") -> {hits.Count} results", BudgetSession);
            foreach (var url in hits)
            {
                sources.Add(await FetchPageAsync(url));
                _printer.Step($"FetchPage({url})", BudgetSession);
            }
        }

        var notes = await SummarizeAsync(question, sources);

        var followUps = new List<string>();
        for (var round = 1; round <= MaxFollowUpRounds; round++)
        {
            var next = await NextActionAsync(question, notes, followUps);
            var query = SearchQueries(next).FirstOrDefault();
            if (query is null)
            {
                _printer.Step("model is satisfied: " + FirstLine(next), BudgetSession);
                break;
            }

            var hits = WebSearch(query);
            followUps.Add(query + ": " + string.Join(", ", hits));
            _printer.Step($"follow-up {round}: WebSearch(\"{query}\") -> {hits.Count} results", BudgetSession);
        }

        return notes;
    }

    /// <summary>Writes a long-form report from the notes with the stronger model (up to 16,000 output tokens).</summary>
    /// <param name="question">The question.</param>
    /// <param name="notes">The research notes.</param>
    /// <returns>The report.</returns>
    public async Task<string> WriteFullReportAsync(string question, string notes)
    {
        _printer.Note("writing the full report with " + _writer.Model + " (up to 16,000 output tokens)");
        var messages = Conversation("TASK: REPORT. Write a complete, structured report (every section, every source) on: "
            + question + "\n\nNotes:\n" + notes);
        ChatCompletion report = await _writer.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 16_000 });
        _printer.Step("full report written", BudgetSession);
        return report.Content[0].Text;
    }

    /// <summary>Searches the web (a fixed cost per call, charged by the generated interceptor).</summary>
    [TrackTool(0.005)]
    private IReadOnlyList<string> WebSearch(string query) => _web.Search(query);

    /// <summary>Fetches a page (a fixed cost per call).</summary>
    [TrackTool("$0.002", Name = "FetchPage")]
    private Task<string> FetchPageAsync(string url) => _web.FetchAsync(url);

    /// <summary>Called once per task by the generated code when spending crosses the soft limit.</summary>
    partial void OnSoftLimit(BudgetAlert alert)
    {
        // Degrade instead of stopping: the rest of this task summarises with the cheaper model.
        _activeWriter = _planner;
        _printer.Alert($"soft limit: spent {alert.Spent:F6} of {alert.Limit:F2} ({Percent(alert.Spent, alert.Limit)}%), "
            + $"switching the writer from {_writer.Model} to {_planner.Model}");
    }

    /// <summary>Called by the generated code when a call is refused because it does not fit in the budget.</summary>
    partial void OnHardLimit(BudgetAlert alert)
        => _printer.Alert($"hard limit: a call did not fit; spent {alert.Spent:F6} + reserved {alert.Reserved:F6} of {alert.Limit:F2}");

    /// <summary>Called by the generated code when the loop detector trips.</summary>
    partial void OnLoopDetected(BudgetAlert alert)
        => _printer.Alert($"loop detector tripped on '{alert.Event.Name}'");

    private async Task<string> PlanAsync(string question)
    {
        var messages = Conversation("TASK: PLAN. Give two web searches that would answer the question below, one per line, "
            + "each starting with 'SEARCH: '.\nQuestion: " + question);
        var text = new StringBuilder();
        _printer.StreamStart("plan (" + _planner.Model + ", streamed)");
        await foreach (var update in _planner.CompleteChatStreamingAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 200 }))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                _printer.StreamText(part.Text);
            }
        }

        _printer.StreamEnd();
        _printer.Step("plan ready", BudgetSession);
        return text.ToString();
    }

    private async Task<string> SummarizeAsync(string question, List<string> sources)
    {
        var prompt = new StringBuilder("TASK: SUMMARIZE. Write research notes (at most 120 words) that answer the question from the sources.\n")
            .Append("Question: ").Append(question).Append('\n');
        for (var i = 0; i < sources.Count; i++)
        {
            prompt.Append("Source ").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(": ").Append(sources[i]).Append('\n');
        }

        var writer = _activeWriter;
        ChatCompletion notes = await writer.CompleteChatAsync(Conversation(prompt.ToString()), new ChatCompletionOptions { MaxOutputTokenCount = 400 });
        _printer.Step("summary (" + writer.Model + ")", BudgetSession);
        return notes.Content[0].Text;
    }

    private async Task<string> NextActionAsync(string question, string notes, List<string> followUps)
    {
        var prompt = new StringBuilder("TASK: NEXT. If the notes fully answer the question, reply 'ANSWER: ' and a one-line answer. ")
            .Append("Otherwise reply 'SEARCH: ' and one more web search.\nQuestion: ").Append(question)
            .Append("\nNotes: ").Append(notes);
        foreach (var followUp in followUps)
        {
            prompt.Append("\nAlready searched: ").Append(followUp);
        }

        ChatCompletion next = await _planner.CompleteChatAsync(Conversation(prompt.ToString()), new ChatCompletionOptions { MaxOutputTokenCount = 100 });
        return next.Content[0].Text;
    }

    private static List<ChatMessage> Conversation(string task) => [new SystemChatMessage(SystemPrompt), new UserChatMessage(task)];

    private static IEnumerable<string> SearchQueries(string modelOutput)
    {
        foreach (var line in modelOutput.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("SEARCH:", StringComparison.OrdinalIgnoreCase))
            {
                yield return trimmed["SEARCH:".Length..].Trim().Trim('"');
            }
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private static string Percent(Money part, Money whole)
        => whole.Picodollars == 0 ? "0" : (part.Picodollars * 100 / whole.Picodollars).ToString(CultureInfo.InvariantCulture);
}
