using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentBudget.Alerts;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Alerts;

public class WebhookAlertSinkTests
{
    private const string Secret = "s3cret-key";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private static WebhookAlertSink Sink(Uri url, Action<WebhookAlertOptions>? configure = null)
    {
        var options = new WebhookAlertOptions
        {
            Endpoint = url,
            Secret = Secret,
            RequestTimeout = TimeSpan.FromSeconds(5),
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(80),
            MaxAttempts = 10,
        };
        configure?.Invoke(options);
        return new WebhookAlertSink(options);
    }

    private static BudgetSession Session(IBudgetEventSink sink, string id, int maxRepeatedCalls = 10)
    {
        var options = new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            SoftLimitFraction = 0.5,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = maxRepeatedCalls },
        };
        options.AlertSinks.Add(sink);
        return new Budget(options).StartSession(id);
    }

    private static string ExpectedSignature(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_idempotency_key_and_a_verifiable_signature()
    {
        using var server = new TestWebhookServer(TestWebhookServer.FreePort(), r => Task.FromResult(r.Index == 1 ? 500 : 200)).Start();
        await using var sink = Sink(server.Url);
        using var session = Session(sink, "sess-w1");

        session.Track(Usd.Of(0.60m), "scrape");
        await sink.FlushAsync(new CancellationTokenSource(TestTimeout).Token);

        var requests = server.Received;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Header("Idempotency-Key"), requests[1].Header("Idempotency-Key"));
        Assert.StartsWith("sess-w1:", requests[0].Header("Idempotency-Key"), StringComparison.Ordinal);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Equal(ExpectedSignature(requests[0].Body), requests[0].Header("X-AgentBudget-Signature"));
        Assert.Equal(ExpectedSignature(requests[1].Body), requests[1].Header("X-AgentBudget-Signature"));
        Assert.Equal(WebhookAlertSink.ComputeSignature(requests[0].Body, Secret), requests[0].Header("X-AgentBudget-Signature"));
        Assert.Equal("1", requests[0].Header("X-AgentBudget-Attempt"));
        Assert.Equal("2", requests[1].Header("X-AgentBudget-Attempt"));
        Assert.Equal("soft_limit", requests[0].Header("X-AgentBudget-Event"));
        Assert.Equal(1, sink.Delivered);
        Assert.Equal(2, sink.Attempts);
        Assert.Equal(0, sink.Failed);

        using var payload = JsonDocument.Parse(requests[1].Body);
        var root = payload.RootElement;
        Assert.Equal("soft_limit", root.GetProperty("event_type").GetString());
        Assert.Equal("sess-w1", root.GetProperty("session_id").GetString());
        Assert.Equal(requests[0].Header("Idempotency-Key"), root.GetProperty("idempotency_key").GetString());
        Assert.Equal(0.6m, root.GetProperty("spent").GetDecimal());
        Assert.Equal(1m, root.GetProperty("budget").GetDecimal());
        Assert.Equal(0.4m, root.GetProperty("remaining").GetDecimal());
        Assert.Equal(0.6m, root.GetProperty("report").GetProperty("total_spent").GetDecimal());
        Assert.Equal(0.6m, root.GetProperty("report").GetProperty("breakdown").GetProperty("tools").GetProperty("by_tool").GetProperty("scrape").GetDecimal());
    }

    [Fact]
    public async Task A_slow_endpoint_never_blocks_the_agent_and_the_alert_is_retried_after_the_timeout()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new TestWebhookServer(TestWebhookServer.FreePort(), r =>
        {
            if (r.Index == 1)
            {
                firstArrived.SetResult();
                return releaseFirst.Task; // Hangs until the test ends: longer than the sink's request timeout.
            }

            return Task.FromResult(200);
        }).Start();
        await using var sink = Sink(server.Url, o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        using var session = Session(sink, "sess-w2");
        try
        {
            session.Track(Usd.Of(0.60m), "scrape");
            await firstArrived.Task.WaitAsync(TestTimeout);

            // The endpoint is holding the first delivery; the agent carries on regardless.
            session.Track(Usd.Of(0.10m), "scrape", 2);
            Assert.Equal(Usd.Of(0.70m), session.Spent);
            Assert.Equal(1, sink.Pending);

            await sink.FlushAsync(new CancellationTokenSource(TestTimeout).Token);

            // At least the held attempt and one retry; a loaded machine may time out another attempt, which is the
            // same alert again under the same key.
            var requests = server.Received;
            Assert.InRange(requests.Count, 2, 10);
            Assert.All(requests, r => Assert.Equal(requests[0].Header("Idempotency-Key"), r.Header("Idempotency-Key")));
            Assert.All(requests, r => Assert.Equal(requests[0].Body, r.Body));
            Assert.Equal(1, sink.Delivered);
            Assert.Equal(0, sink.Failed);
            Assert.Equal(requests.Count, sink.Attempts);
        }
        finally
        {
            releaseFirst.TrySetResult(200);
        }
    }

    [Fact]
    public async Task Alerts_raised_while_the_endpoint_is_down_are_delivered_in_order_once_it_is_up()
    {
        var port = TestWebhookServer.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/hooks/budget");
        await using var sink = Sink(url, o => o.MaxAttempts = 1000);
        using var first = Session(sink, "sess-w3", maxRepeatedCalls: 2);
        using var second = Session(sink, "sess-w4");

        first.Track(Usd.Of(0.60m), "scrape");                  // soft_limit
        first.Track(Usd.Of(0.01m), "poll", 5);
        first.Track(Usd.Of(0.01m), "poll", 5);
        Assert.Throws<LoopDetectedException>(() => first.Track(Usd.Of(0.01m), "poll", 5)); // loop_detected
        Assert.Throws<BudgetExhaustedException>(() => second.Track(Usd.Of(2m), "huge"));  // hard_limit

        await WaitUntilAsync(() => sink.Attempts >= 3);
        Assert.Equal(0, sink.Delivered);
        Assert.Equal(3, sink.Pending);

        using var server = new TestWebhookServer(port, _ => Task.FromResult(200)).Start();
        await sink.FlushAsync(new CancellationTokenSource(TestTimeout).Token);

        Assert.Equal(3, sink.Delivered);
        Assert.Equal(0, sink.Dropped);
        Assert.Equal(0, sink.Failed);
        var requests = server.Received;
        Assert.Equal(["soft_limit", "loop_detected", "hard_limit"], requests.Select(r => r.Header("X-AgentBudget-Event")));
        Assert.Equal(3, requests.Select(r => r.Header("Idempotency-Key")).Distinct().Count());
        Assert.True(int.Parse(requests[0].Header("X-AgentBudget-Attempt"), System.Globalization.CultureInfo.InvariantCulture) >= 3);
        Assert.All(requests, r => Assert.Equal(ExpectedSignature(r.Body), r.Header("X-AgentBudget-Signature")));
    }

    [Fact]
    public void A_full_queue_drops_and_counts_without_blocking_or_throwing()
    {
        var url = new Uri($"http://127.0.0.1:{TestWebhookServer.FreePort()}/hooks/budget");
        using var sink = Sink(url, o =>
        {
            o.QueueCapacity = 2;
            o.InitialBackoff = TimeSpan.FromSeconds(30);
            o.MaxBackoff = TimeSpan.FromSeconds(30);
        });
        using var session = new Budget("$1").StartSession("sess-w5");

        for (var i = 1; i <= 5; i++)
        {
            sink.Publish(new BudgetAlert(session, new BudgetEvent(i, BudgetEventKind.SoftLimit, DateTimeOffset.UnixEpoch,
                AgentBudget.Money.Zero, null, default, BudgetEventFlags.None, null, 0)));
        }

        Assert.Equal(3, sink.Dropped);
        Assert.Equal(2, sink.Pending);
    }

    [Fact]
    public async Task A_4xx_rejection_is_not_retried()
    {
        using var server = new TestWebhookServer(TestWebhookServer.FreePort(), _ => Task.FromResult(400)).Start();
        await using var sink = Sink(server.Url);
        using var session = Session(sink, "sess-w6");

        session.Track(Usd.Of(0.60m), "scrape");
        await sink.FlushAsync(new CancellationTokenSource(TestTimeout).Token);

        Assert.Single(server.Received);
        Assert.Equal(1, sink.Failed);
        Assert.Equal(0, sink.Delivered);
    }

    [Fact]
    public async Task Without_a_secret_no_signature_header_is_sent()
    {
        using var server = new TestWebhookServer(TestWebhookServer.FreePort(), _ => Task.FromResult(200)).Start();
        await using var sink = Sink(server.Url, o => o.Secret = null);
        using var session = Session(sink, "sess-w7");

        session.Track(Usd.Of(0.60m), "scrape");
        await sink.FlushAsync(new CancellationTokenSource(TestTimeout).Token);

        var request = Assert.Single(server.Received);
        Assert.Equal(string.Empty, request.Header("X-AgentBudget-Signature"));
        Assert.StartsWith("sess-w7:", request.Header("Idempotency-Key"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_helper_is_the_hex_hmac_sha256_of_the_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"event_type\":\"soft_limit\"}");
        Assert.Equal(ExpectedSignature(body), WebhookAlertSink.ComputeSignature(body, Secret));
        Assert.Equal("sha256=", WebhookAlertSink.ComputeSignature(body, Secret)[..7]);
        Assert.Equal(71, WebhookAlertSink.ComputeSignature(body, Secret).Length);
    }
}
