using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Enforcement;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0008: a catch inside an LLM loop that swallows the budget's stopping exceptions.</summary>
public class SwallowedBudgetExceptionTests
{
    private const string Both = "BudgetExhaustedException and LoopDetectedException";

    private static DiagnosticResult Swallowed(int markup, string clause, string caught) =>
        new DiagnosticResult(DiagnosticDescriptors.BudgetExceptionSwallowed).WithLocation(markup).WithArguments(clause, caught);

    [Fact]
    public Task Catching_exception_or_the_budget_types_and_continuing_is_reported() => Verify.AnalyzerAsync<SwallowedBudgetExceptionAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using AgentBudget;
        using OpenAI.Chat;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task RunAsync(IEnumerable<string> tasks)
            {
                foreach (var task in tasks)
                {
                    try
                    {
                        await _chat.CompleteChatAsync(new UserChatMessage(task));
                    }
                    {|#0:catch (Exception ex)|}
                    {
                        Console.WriteLine(ex.Message);
                    }
                }

                for (var step = 0; step < 10; step++)
                {
                    try
                    {
                        await _chat.CompleteChatAsync(new UserChatMessage("step"));
                    }
                    {|#1:catch (BudgetException)|}
                    {
                        continue;
                    }
                }

                while (true)
                {
                    try
                    {
                        _chat.CompleteChat(new UserChatMessage("again"));
                    }
                    {|#2:catch (LoopDetectedException)|}
                    {
                    }
                    {|#3:catch|}
                    {
                        await Task.Delay(10);
                    }
                }
            }
        }
        """,
        Swallowed(0, "catch (Exception ex)", Both),
        Swallowed(1, "catch (BudgetException)", Both),
        Swallowed(2, "catch (LoopDetectedException)", "LoopDetectedException"),
        Swallowed(3, "catch", "BudgetExhaustedException"));

    [Fact]
    public Task Rethrowing_leaving_the_loop_filters_and_earlier_handlers_are_fine() => Verify.AnalyzerAsync<SwallowedBudgetExceptionAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading.Tasks;
        using AgentBudget;
        using OpenAI.Chat;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<int> RunAsync(IEnumerable<string> tasks)
            {
                var done = 0;
                foreach (var task in tasks)
                {
                    try { await _chat.CompleteChatAsync(new UserChatMessage(task)); done++; }
                    catch (BudgetException) { throw; }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }

                    try { await _chat.CompleteChatAsync(new UserChatMessage(task)); }
                    catch (Exception ex) when (ex is not BudgetException) { Console.WriteLine(ex.Message); }

                    try { await _chat.CompleteChatAsync(new UserChatMessage(task)); }
                    catch (HttpRequestException) { }

                    try { await _chat.CompleteChatAsync(new UserChatMessage(task)); }
                    catch (Exception) { break; }

                    try { await _chat.CompleteChatAsync(new UserChatMessage(task)); }
                    catch (Exception) { return done; }
                }

                // Not in a loop: one failed call is handled once.
                try { await _chat.CompleteChatAsync(new UserChatMessage("summary")); }
                catch (Exception) { }

                // The LLM call is outside the try: parsing its answer cannot throw a budget exception.
                foreach (var task in tasks)
                {
                    var answer = await _chat.CompleteChatAsync(new UserChatMessage(task));
                    try { done += Parse(answer.Value.Content[0].Text); }
                    catch (Exception) { }
                }

                // A loop without LLM calls.
                for (var i = 0; i < 3; i++)
                {
                    try { Console.WriteLine(i); }
                    catch (Exception) { }
                }

                return done;
            }

            private static int Parse(string text) => int.Parse(text);
        }
        """);
}
