using System.ClientModel;
using System.ClientModel.Primitives;
using System.ComponentModel;
using System.Globalization;
using AgentBudget;
using AgentBudget.Pricing;
using AgentBudget.Samples.Display;
using AgentBudget.Samples.ScriptedModel;
using ChatPipeline;
using Microsoft.Extensions.AI;
using OpenAI;

// The model: the embedded scripted endpoint by default, the real OpenAI API when OPENAI_API_KEY is set.
var apiKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
var scripted = string.IsNullOrWhiteSpace(apiKey) ? new ScriptedOpenAIHandler(PipelineScript.Answer) : null;
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

// Manual mode: a Budget and a session, no generator involved. The pipeline charges every model round trip and every
// tool call to the session; past the soft limit it sends the remaining calls to the cheaper model.
var budget = new Budget(new BudgetOptions
{
    MaxSpend = Money.FromDollars(0.01m),
    SoftLimitFraction = 0.5,
    Prices = PriceCatalog.Default,
    OnSoftLimit = alert => printer.Alert($"soft limit: spent {StepPrinter.Usd(alert.Spent)} of {StepPrinter.Usd(alert.Limit)}; "
        + "the pipeline now routes calls to gpt-4o-mini"),
});
using var session = budget.StartSession("chat-pipeline");

using var chat = openAI.GetChatClient("gpt-4o").AsIChatClient()
    .AsBuilder()
    .UseBudgetedFunctionInvocation(session, pipeline =>
    {
        pipeline.DegradeToModel = "gpt-4o-mini";
        pipeline.DegradeClient = openAI.GetChatClient("gpt-4o-mini").AsIChatClient();
    })
    .Build();

var options = new ChatOptions
{
    MaxOutputTokens = 300,
    Tools = [AIFunctionFactory.Create(Tools.GetWeather, "get_weather").WithCost(0.002m)],
};

output.WriteLine("AgentBudget sample: a Microsoft.Extensions.AI chat pipeline with UseBudgetedFunctionInvocation");
output.WriteLine(scripted is null
    ? "Model: the OpenAI API (OPENAI_API_KEY is set)"
    : "Model: embedded scripted OpenAI endpoint (no API key, no network; set OPENAI_API_KEY to use the real API)");
output.WriteLine($"Budget: {StepPrinter.Usd(session.Limit)}, soft limit at {StepPrinter.Usd(session.SoftLimit)}; get_weather costs $0.002 a call");
output.WriteLine();

string[] questions =
[
    "What is the weather in Paris right now?",
    "Give me three tips for packing light for a weekend trip.",
    "And what is the weather in Lisbon?",
    "Summarise our conversation in one sentence.",
];

for (var i = 0; i < questions.Length; i++)
{
    output.WriteLine("> " + questions[i]);
    if (i == 1)
    {
        // Streaming: the budget charges the usage carried by the last update.
        output.Write("< ");
        await foreach (var update in chat.GetStreamingResponseAsync(questions[i], options))
        {
            output.Write(update.Text);
        }

        output.WriteLine();
    }
    else
    {
        var response = await chat.GetResponseAsync(questions[i], options);
        output.WriteLine("< " + response.Text);
    }

    printer.Step("turn " + (i + 1).ToString(CultureInfo.InvariantCulture), session);
}

output.WriteLine();
ReportTable.Write(output, "Pipeline report", session.Report());

namespace ChatPipeline
{
    /// <summary>The tools the model may call.</summary>
    internal static class Tools
    {
        /// <summary>Looks up the current weather (a fixed answer: the sample is about its cost, not the weather).</summary>
        /// <param name="city">The city.</param>
        /// <returns>A short weather report.</returns>
        [Description("Gets the current weather in a city.")]
        public static string GetWeather([Description("The city name.")] string city) => city switch
        {
            "Paris" => "18 °C, light clouds",
            "Lisbon" => "24 °C, sunny",
            _ => "15 °C, overcast",
        };
    }
}
