using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.CodeFixes.Streaming;
using AgentBudget.Generators.Analyzers.Streaming;

namespace AgentBudget.Analyzers.Tests.Fixes;

/// <summary>AB0002 fix: add stream_options.include_usage in the body's own form and layout.</summary>
public class StreamingFixTests
{
    private const string Usings = """
        using System;
        using System.ClientModel;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json.Nodes;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        """;

    private static Task Fix(string source, string fixedSource) =>
        Verify.CodeFixAsync<StreamingUsageAnalyzer, RequestStreamUsageCodeFix>(Usings + source, Usings + fixedSource);

    [Fact]
    public Task Anonymous_object_gets_a_member() => Fix("""
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:new { model = "gpt-4o", stream = true, messages = Array.Empty<object>() }|});
        }
        """, """
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", stream = true, stream_options = new { include_usage = true }, messages = Array.Empty<object>() });
        }
        """);

    [Fact]
    public Task Multi_line_anonymous_object_gets_a_line() => Fix("""
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http)
            {
                var body = new
                {
                    model = "gpt-4o",
                    stream = true,
                };
                return http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:body|});
            }
        }
        """, """
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http)
            {
                var body = new
                {
                    model = "gpt-4o",
                    stream = true,
                    stream_options = new { include_usage = true },
                };
                return http.PostAsJsonAsync("/v1/chat/completions", body);
            }
        }
        """);

    [Fact]
    public Task Escaped_string_literal_gets_escaped_text() => Fix("""
        public class Raw
        {
            public ClientResult Send(ChatClient client) =>
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}"))|});
        }
        """, """
        public class Raw
        {
            public ClientResult Send(ChatClient client) =>
                client.CompleteChat(BinaryContent.Create(BinaryData.FromString("{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}")));
        }
        """);

    [Fact]
    public Task Raw_multi_line_literal_gets_a_line_with_its_indentation() => Verify.CodeFixAsync<StreamingUsageAnalyzer, RequestStreamUsageCodeFix>(Usings + """""
        public class Raw
        {
            public ClientResult Send(ChatClient client) =>
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString("""
                    {
                      "model": "gpt-4o",
                      "stream": true
                    }
                    """))|});
        }
        """"", Usings + """""
        public class Raw
        {
            public ClientResult Send(ChatClient client) =>
                client.CompleteChat(BinaryContent.Create(BinaryData.FromString("""
                    {
                      "model": "gpt-4o",
                      "stream": true,
                      "stream_options": { "include_usage": true }
                    }
                    """)));
        }
        """"");

    [Fact]
    public Task Verbatim_and_interpolated_literals_keep_their_escaping() => Fix("""
        public class Raw
        {
            public void Send(ChatClient client, string model)
            {
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString(@"{""stream"": true}"))|});
                client.CompleteChat({|AB0002:BinaryContent.Create(BinaryData.FromString($"{{\"model\": \"{model}\", \"stream\": true}}"))|});
            }
        }
        """, """
        public class Raw
        {
            public void Send(ChatClient client, string model)
            {
                client.CompleteChat(BinaryContent.Create(BinaryData.FromString(@"{""stream"": true, ""stream_options"": {""include_usage"": true}}")));
                client.CompleteChat(BinaryContent.Create(BinaryData.FromString($"{{\"model\": \"{model}\", \"stream\": true, \"stream_options\": {{\"include_usage\": true}}}}")));
            }
        }
        """);

    [Fact]
    public Task JsonObject_initializer_and_statement_forms() => Fix("""
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                var first = new JsonObject { ["model"] = "gpt-4o", ["stream"] = true };
                await http.PostAsync("/v1/chat/completions", {|AB0002:new StringContent(first.ToJsonString())|});

                var second = new JsonObject();
                second["model"] = "gpt-4o";
                second["stream"] = true;
                await http.PostAsync("/v1/chat/completions", {|AB0002:new StringContent(second.ToJsonString())|});
            }
        }
        """, """
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                var first = new JsonObject { ["model"] = "gpt-4o", ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true } };
                await http.PostAsync("/v1/chat/completions", new StringContent(first.ToJsonString()));

                var second = new JsonObject();
                second["model"] = "gpt-4o";
                second["stream"] = true;
                second["stream_options"] = new JsonObject { ["include_usage"] = true };
                await http.PostAsync("/v1/chat/completions", new StringContent(second.ToJsonString()));
            }
        }
        """);

    [Fact]
    public Task Dictionary_collection_initializer_keeps_its_style_and_type() => Fix("""
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:new Dictionary<string, object> { { "model", "gpt-4o" }, { "stream", true } }|});
        }
        """, """
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", new Dictionary<string, object> { { "model", "gpt-4o" }, { "stream", true }, { "stream_options", new Dictionary<string, object> { { "include_usage", true } } } });
        }
        """);

    [Fact]
    public Task Existing_stream_options_are_completed_or_corrected() => Fix("""
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                await http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:new { stream = true, stream_options = new { } }|});
                await http.PostAsJsonAsync("/v1/chat/completions", {|AB0002:new { stream = true, stream_options = new { include_usage = false } }|});
                await http.PostAsync("/v1/chat/completions", {|AB0002:new StringContent("{\"stream\": true, \"stream_options\": {\"include_obfuscation\": false}}")|});
            }
        }
        """, """
        public class Raw
        {
            public async Task SendAsync(HttpClient http)
            {
                await http.PostAsJsonAsync("/v1/chat/completions", new { stream = true, stream_options = new { include_usage = true } });
                await http.PostAsJsonAsync("/v1/chat/completions", new { stream = true, stream_options = new { include_usage = true } });
                await http.PostAsync("/v1/chat/completions", new StringContent("{\"stream\": true, \"stream_options\": {\"include_usage\": true, \"include_obfuscation\": false}}"));
            }
        }
        """);

    [Fact]
    public Task Nothing_to_fix_when_usage_is_requested() => Fix("""
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", stream = true, stream_options = new { include_usage = true } });
        }
        """, """
        public class Raw
        {
            public Task<HttpResponseMessage> SendAsync(HttpClient http) =>
                http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o", stream = true, stream_options = new { include_usage = true } });
        }
        """);
}
