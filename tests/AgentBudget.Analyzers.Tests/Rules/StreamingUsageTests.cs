using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Streaming;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0002: a streaming chat-completions body sent as written, without stream_options.include_usage.</summary>
public class StreamingUsageTests
{
    private const string Usings = """
        using System;
        using System.ClientModel;
        using System.ClientModel.Primitives;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        """;

    [Fact]
    public Task Anonymous_object_sent_through_the_protocol_overload() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public async Task<ClientResult> StreamAsync(ChatClient client)
            {
                var body = new { model = "gpt-4o", stream = true, messages = new[] { new { role = "user", content = "Hi" } } };
                return await client.CompleteChatAsync({|AB0002:BinaryContent.Create(BinaryData.FromObjectAsJson(body))|}, new RequestOptions { BufferResponse = false });
            }
        }
        """);

    [Fact]
    public Task String_literals_of_every_kind() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """""
        public class Raw
        {
            public void Send(ChatClient client)
            {
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}"))|});
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString(@"{""model"":""gpt-4o"",""stream"":true}"))|});
                client.CompleteChat({|AB0002:BinaryContent.Create(new BinaryData("{\"stream\": true}"u8.ToArray()))|});
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString(""""
                    {
                      "model": "gpt-4o",
                      "stream": true,
                      "messages": [{ "role": "user", "content": "Hi" }]
                    }
                    """"))|});
            }
        }
        """"");

    [Fact]
    public Task Interpolated_literal_with_holes_in_values() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public void Send(ChatClient client, string model, string prompt)
            {
                var json = $"{{\"model\": \"{model}\", \"stream\": true, \"messages\": [{{\"role\": \"user\", \"content\": \"{prompt}\"}}]}}";
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString(json))|});
            }
        }
        """);

    [Fact]
    public Task JsonObject_and_dictionary_bodies_built_in_steps() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                var node = new JsonObject { ["model"] = "gpt-4o" };
                node["stream"] = true;
                await http.PostAsync("https://api.openai.com/v1/chat/completions", {|AB0002:new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json")|});

                var dictionary = new Dictionary<string, object> { { "model", "gpt-4o" }, { "stream", true } };
                await http.PostAsJsonAsync("v1/chat/completions", {|AB0002:dictionary|});

                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(http.BaseAddress!, "chat/completions"));
                request.Content = {|AB0002:JsonContent.Create(new { model = "gpt-4o", stream = true })|};
                await http.SendAsync(request);
            }
        }
        """);

    [Fact]
    public Task Include_usage_false_is_reported_and_true_is_not() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                var off = new { model = "gpt-4o", stream = true, stream_options = new { include_usage = false } };
                await http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:off|});

                var on = new { model = "gpt-4o", stream = true, stream_options = new { include_usage = true } };
                await http.PostAsJsonAsync("/v1/chat/completions", on);

                using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.test/v1/chat/completions")
                {
                    Content = {|AB0002:JsonContent.Create(new { model = "gpt-4o", stream = true, stream_options = new { } })|},
                };
                await http.SendAsync(request);
            }
        }
        """);

    [Fact]
    public Task Bodies_that_do_not_stream_or_go_elsewhere_are_not_reported() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public async Task SendAsync(HttpClient http, ChatClient client, bool stream)
            {
                await http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", stream = false });
                await http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", stream });
                await http.PostAsJsonAsync("/v1/messages", new { model = "claude-sonnet-4-5", stream = true });
                await http.PostAsJsonAsync("/v1/responses", new { model = "gpt-4.1", stream = true });
                client.CompleteChat(BinaryContent.Create(BinaryData.FromString("{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")));

                // A body passed through code the rule cannot follow may get stream_options there.
                var node = new JsonObject { ["model"] = "gpt-4o", ["stream"] = true };
                AddOptions(node);
                await http.PostAsync("/v1/chat/completions", new StringContent(node.ToJsonString()));
            }

            private static void AddOptions(JsonObject node) => node["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        """);

    [Fact]
    public Task Typed_streaming_calls_ask_for_usage_themselves() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Typed
        {
            public async Task StreamAsync(ChatClient client)
            {
                await foreach (var update in client.CompleteChatStreamingAsync(new UserChatMessage("Hi")))
                {
                    Console.Write(update.ContentUpdate.Count);
                }
            }
        }
        """);

    [Fact]
    public Task A_parsed_literal_changed_afterwards_is_read_with_its_changes() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                var streaming = JsonNode.Parse("{\"model\": \"gpt-4o\"}")!;
                streaming["stream"] = true;
                await http.PostAsync("/v1/chat/completions", {|AB0002:new StringContent(streaming.ToJsonString())|});

                var fixedUp = JsonNode.Parse("{\"model\": \"gpt-4o\", \"stream\": true}")!;
                fixedUp["stream_options"] = new JsonObject { ["include_usage"] = true };
                await http.PostAsync("/v1/chat/completions", new StringContent(fixedUp.ToJsonString()));
            }
        }
        """);

    [Fact]
    public Task The_place_the_body_is_written_is_an_additional_location() => Verify.AnalyzerAsync<StreamingUsageAnalyzer>(Usings + """
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http)
            {
                var body = {|#1:new { model = "gpt-4o", stream = true }|};
                return http.PostAsJsonAsync("/v1/chat/completions", {|#0:body|});
            }
        }
        """,
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Generators.Diagnostics.DiagnosticDescriptors.StreamingRequestWithoutUsage)
            .WithLocation(0).WithLocation(1));
}
