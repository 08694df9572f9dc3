using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Text;
using AgentBudget;
using AgentBudget.Pricing;
using Consumer;
using OpenAI;
using OpenAI.Chat;

// The OpenAI SDK talks to an in-process handler that answers with fixed usage: 1,200 prompt tokens (1,000 cached)
// and 300 completion tokens (120 of them reasoning).
var options = new OpenAIClientOptions
{
    Endpoint = new Uri("http://localhost/v1/"),
    Transport = new HttpClientPipelineTransport(new HttpClient(new CannedHandler())),
    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
};
var agent = new Agent(new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-test"), options));
Console.WriteLine("answer=" + await agent.AskAsync("Hi"));
Console.WriteLine("lookup=" + agent.Lookup("x").ToString(CultureInfo.InvariantCulture));
var report = agent.Report();
Console.WriteLine("spent=" + agent.Spent.ToString("R", CultureInfo.InvariantCulture));
Console.WriteLine("llm-calls=" + report.Breakdown.Llm.Calls.ToString(CultureInfo.InvariantCulture));
Console.WriteLine("tool-calls=" + report.Breakdown.Tools.Calls.ToString(CultureInfo.InvariantCulture));
Console.WriteLine("manual-spent=" + (await Manual.RunAsync(new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-test"), options))).ToString("R", CultureInfo.InvariantCulture));

namespace Consumer
{
    // The README's quickstart agent, as written there.
    [Budgeted("$1.00")]
    public partial class Agent(ChatClient chat)
    {
        public async Task<string> AskAsync(string question)
        {
            // Intercepted: admitted against the budget, then charged the exact usage of the model that answered.
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(question)],
                new ChatCompletionOptions { MaxOutputTokenCount = 500 });
            return completion.Content[0].Text;
        }

        public int Lookup(string key) => Search(key).Length;

        [TrackTool(0.01)]                       // exactly one cent per call, admitted before the tool runs
        private string Search(string key) => "result for " + key;

        partial void OnSoftLimit(BudgetAlert alert) => Console.WriteLine($"90% used: {alert.Spent}");
    }

    // Manual mode (the README's example): a session of its own, the usage recorded by hand; no AB0001 here.
    public static class Manual
    {
        public static async Task<Money> RunAsync(ChatClient chat)
        {
            var budget = new Budget(new BudgetOptions { MaxSpend = Money.FromDollars(5m), Prices = PriceCatalog.Default });
            using var session = budget.StartSession();
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Research competitors in the CRM space")]);
            session.Record(completion);                          // generated for the OpenAI SDK: priced for completion.Model
            session.Track(Money.FromDollars(0.01m), "serp_api");
            return session.Spent;
        }
    }

    public static class Untracked
    {
        // AB0001 expected here: outside any [Budgeted] type, no UseBudget, and the result is never recorded.
        public static async Task<string> CallAsync(ChatClient chat)
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
            return completion.Content[0].Text;
        }

        // AB0004 expected here: no price table knows this model.
        public static ChatClient Unknown(OpenAIClientOptions options) => new("gpt-nonexistent-9000", new ApiKeyCredential("sk-test"), options);
    }

    internal sealed class CannedHandler : HttpMessageHandler
    {
        private const string Body = """{"id":"chatcmpl-e2e","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake server.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,"prompt_tokens_details":{"cached_tokens":1000,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":120,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}""";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent(Body, Encoding.UTF8, "application/json") });
    }
}
