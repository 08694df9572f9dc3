using System.ClientModel;
using System.Net;
using AgentBudget.Integrations.Tests.Support;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

public sealed class EmbeddingGeneratorTests
{
    [Fact]
    public async Task Embeddings_are_admitted_and_charged_their_reported_input_tokens()
    {
        var handler = new FakeHandler().Json(Canned.OpenAIEmbeddings);
        var session = TestPrices.Session("$1.00");
        var generator = Sdk.OpenAIEmbeddings(handler).AsBuilder().UseBudget(session).Build();

        var embeddings = await generator.GenerateAsync(["a", "b"]);

        Assert.Equal(2, embeddings.Count);
        // 8 input tokens × $0.02/M = 0.16 µ$.
        Assert.Equal(TestPrices.Usd("0.00000016"), session.Spent);
        var reservation = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.ReservationAdmitted);
        // Estimate ⌈2 chars ÷ 4⌉ = 1 token × $0.02/M.
        Assert.Equal(TestPrices.Usd("0.00000002"), reservation.Amount);
        Assert.Equal(0.00000016m, session.Report().Breakdown.Llm.ByModel["text-embedding-3-small"]);
    }

    [Fact]
    public async Task Failed_embedding_call_charges_nothing()
    {
        var handler = new FakeHandler().Status(HttpStatusCode.InternalServerError, Canned.OpenAIServerError);
        var session = TestPrices.Session("$1.00");
        var generator = Sdk.OpenAIEmbeddings(handler).AsBuilder().UseBudget(session).Build();

        await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["a", "b"]));

        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
    }
}
