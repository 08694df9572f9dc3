using System.ClientModel;
using System.ClientModel.Primitives;
using AgentBudget;
using AgentBudget.Reporting;
using OpenAI;
using ResearchAgent.Agent;
using ResearchAgent.ScriptedModel;
using AgentBudget.Samples.Display;
using AgentBudget.Samples.ScriptedModel;

// The model: the embedded scripted endpoint by default (no key, no network, same output every run), or the real
// OpenAI API when OPENAI_API_KEY is set. Either way it is the real OpenAI SDK making the calls.
var apiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
var scripted = string.IsNullOrWhiteSpace(apiKey) ? new ScriptedOpenAIHandler(ResearchScript.Answer) : null;
var openAI = scripted is null
    ? new OpenAIClient(new ApiKeyCredential(apiKey!))
    : new OpenAIClient(new ApiKeyCredential("sk-scripted-no-key-needed"), new OpenAIClientOptions
    {
        Endpoint = new Uri("http://scripted-model.invalid/v1/"),
        Transport = new HttpClientPipelineTransport(new HttpClient(scripted)),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

var output = Console.Out;
var printer = new StepPrinter(output);
var agent = new Researcher(openAI.GetChatClient("gpt-4o-mini"), openAI.GetChatClient("gpt-4o"), WebCorpus.Default, printer);

output.WriteLine("AgentBudget sample: a research agent under a hard dollar limit");
output.WriteLine(scripted is null
    ? "Model: the OpenAI API (OPENAI_API_KEY is set); web tools are simulated"
    : "Model: embedded scripted OpenAI endpoint (no API key, no network; set OPENAI_API_KEY to use the real API)");
output.WriteLine($"Budget per task: {StepPrinter.Usd(agent.BudgetSession.Limit)} hard limit, soft limit at {StepPrinter.Usd(agent.BudgetSession.SoftLimit)}, "
    + "loop = the same call more than 3 times in 60 s");
output.WriteLine();

// Task 1: the model gets stuck asking for the same search; loop detection stops it.
const string firstQuestion = "Which open-source vector databases support hybrid search, and how do they fuse results?";
output.WriteLine("== Task 1: " + firstQuestion);
try
{
    var notes = await agent.ResearchAsync(firstQuestion);
    printer.Note("notes: " + notes);
}
catch (LoopDetectedException loop)
{
    output.WriteLine($"  XX loop caught: '{loop.CallName}' was called with the same arguments more than {loop.MaxRepeatedCalls} times "
        + $"within {loop.Window.TotalSeconds} s; the repeat was refused before it ran (spent {StepPrinter.Usd(loop.Spent)})");
}

output.WriteLine();
ReportTable.Write(output, "Task 1 report", agent.Report());
output.WriteLine();

// Task 2: a fresh session with the full budget. The agent finishes its research, then asks for a long report whose
// worst case does not fit in what is left: the budget refuses the call before the request is sent.
const string secondQuestion = "Write a market report on vector databases for a Postgres shop.";
agent.StartNewBudgetSession();
printer.Reset();
output.WriteLine("== Task 2: " + secondQuestion);
var requestsBefore = 0;
try
{
    var notes = await agent.ResearchAsync(secondQuestion);
    requestsBefore = scripted?.RequestCount ?? 0;
    var report = await agent.WriteFullReportAsync(secondQuestion, notes);
    printer.Note("report: " + report);
}
catch (BudgetExhaustedException exhausted)
{
    output.WriteLine($"  XX hard limit: the '{exhausted.CallName}' call needed up to {StepPrinter.Usd(exhausted.Requested)} (its prompt plus 16,000 output tokens) "
        + $"but only {StepPrinter.Usd(exhausted.Limit - exhausted.Spent - exhausted.Reserved)} was left; it was refused before it was sent");
    if (scripted is not null)
    {
        output.WriteLine($"     requests the model received: {requestsBefore} before the refused call, {scripted.RequestCount} after it");
    }
}

output.WriteLine();
var finalReport = agent.Report();
ReportTable.Write(output, "Task 2 report", finalReport);
output.WriteLine($"  exact spend of task 2: {finalReport.TotalSpent.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture)} USD "
    + $"({agent.Spent.Picodollars} picodollars), never above the {StepPrinter.Usd(agent.BudgetSession.Limit)} limit");
output.WriteLine();
output.WriteLine("Task 2 report as JSON:");
output.WriteLine(finalReport.ToJson(indented: true));
