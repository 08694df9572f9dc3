using OpenAI.Chat;

namespace AgentBudget.Benchmarks.Interception;

/// <summary>
/// A <c>[Budgeted]</c> agent compiled with the real AgentBudget generator: its <see cref="ChatClient"/> calls are
/// intercepted (reserve before, settle the reported usage after), and calls of its members open its session scope.
/// Loop detection is off because a benchmark repeats the same prompt millions of times.
/// </summary>
[Budgeted("$1000000.00", MaxRepeatedCalls = 0)]
public partial class TrackedChatAgent(ChatClient chat)
{
    public string Ask() => chat.CompleteChat(new UserChatMessage("Hi")).Value.Content[0].Text;

    public async Task<string> AskAsync() => (await chat.CompleteChatAsync([new UserChatMessage("Hi")]).ConfigureAwait(false)).Value.Content[0].Text;
}

/// <summary>The same agent without <c>[Budgeted]</c>: nothing is generated or intercepted.</summary>
public class UntrackedChatAgent(ChatClient chat)
{
    // Untracked on purpose: this is the baseline the generated tracking is measured against, so AB0001 ("the cost of
    // this call is not recorded") is exactly what this class is for.
#pragma warning disable AB0001
    public string Ask() => chat.CompleteChat(new UserChatMessage("Hi")).Value.Content[0].Text;

    public async Task<string> AskAsync() => (await chat.CompleteChatAsync([new UserChatMessage("Hi")]).ConfigureAwait(false)).Value.Content[0].Text;
#pragma warning restore AB0001
}
