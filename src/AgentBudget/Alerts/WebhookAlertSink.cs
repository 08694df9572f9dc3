using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Reporting;

namespace AgentBudget.Alerts;

/// <summary>
/// Delivers alerts to an HTTP endpoint from a background sender, so a webhook that is down, slow or failing never
/// blocks or fails the agent. <see cref="Publish"/> only serializes the alert and queues it (bounded; when full the
/// alert is dropped and counted in <see cref="Dropped"/>). The sender posts alerts in order, each with a per-request
/// timeout, retrying with exponential backoff up to <see cref="WebhookAlertOptions.MaxAttempts"/>; every attempt of
/// one alert carries the same <c>Idempotency-Key</c> header and an <c>X-AgentBudget-Signature</c> HMAC header.
/// </summary>
public sealed class WebhookAlertSink : IBudgetEventSink, IDisposable, IAsyncDisposable
{
    /// <summary>The signature header name.</summary>
    public const string SignatureHeader = "X-AgentBudget-Signature";

    /// <summary>The idempotency header name.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The header carrying the event type.</summary>
    public const string EventTypeHeader = "X-AgentBudget-Event";

    /// <summary>The header carrying the attempt number, from 1.</summary>
    public const string AttemptHeader = "X-AgentBudget-Attempt";

    private readonly WebhookAlertOptions _options;
    private readonly Uri _endpoint;
    private readonly byte[]? _key;
    private readonly HttpClient _client;
    private readonly ConcurrentQueue<Delivery> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private long _pending;
    private long _delivered;
    private long _dropped;
    private long _failed;
    private long _attempts;
    private int _disposed;

    /// <summary>Creates the sink and starts its background sender.</summary>
    public WebhookAlertSink(WebhookAlertOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _endpoint = options.Endpoint ?? throw new ArgumentException("An endpoint is required.", nameof(options));
        if (options.QueueCapacity < 1 || options.MaxAttempts < 1 || options.RequestTimeout <= TimeSpan.Zero
            || options.InitialBackoff < TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Queue capacity and attempts must be at least 1, the timeout positive, and backoffs non-negative with MaxBackoff ≥ InitialBackoff.");
        }

        _key = options.Secret is null ? null : Encoding.UTF8.GetBytes(options.Secret);
        _client = options.Handler is null ? new HttpClient() : new HttpClient(options.Handler, disposeHandler: false);
        _client.Timeout = Timeout.InfiniteTimeSpan; // Each attempt has its own timeout, measured with the TimeProvider.
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Creates a sink for <paramref name="endpoint"/> signing with <paramref name="secret"/>, with default settings.</summary>
    public WebhookAlertSink(Uri endpoint, string? secret)
        : this(new WebhookAlertOptions { Endpoint = endpoint, Secret = secret })
    {
    }

    /// <summary>Alerts delivered (answered with a 2xx status).</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Alerts dropped because the queue was full (or the sink was disposed).</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Alerts given up after the last attempt failed, or rejected by the receiver with a 4xx status.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>HTTP attempts made, retries included.</summary>
    public long Attempts => Volatile.Read(ref _attempts);

    /// <summary>Alerts queued or being delivered.</summary>
    public long Pending => Volatile.Read(ref _pending);

    /// <summary>Queues an alert for delivery. Never blocks on the network and never throws.</summary>
    public void Publish(BudgetAlert alert)
    {
        if (alert is null || Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (Interlocked.Increment(ref _pending) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _pending);
            Interlocked.Increment(ref _dropped);
            return;
        }

        var payload = new WebhookPayload
        {
            EventType = alert.Kind.ToSnakeCase(),
            IdempotencyKey = alert.IdempotencyKey,
            SessionId = alert.SessionId,
            Timestamp = alert.Event.Timestamp,
            Amount = alert.Event.Amount.ToDecimal(),
            Name = alert.Event.Name,
            Reason = alert.Event.Reason?.ToSnakeCase(),
            Spent = alert.Spent.ToDecimal(),
            Budget = alert.Limit.ToDecimal(),
            Remaining = alert.Remaining.ToDecimal(),
            Report = _options.IncludeReport ? alert.Report() : null,
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, BudgetReportJsonContext.Default.WebhookPayload);
        _queue.Enqueue(new Delivery(body, payload.IdempotencyKey, payload.EventType, Sign(body)));
        _signal.Release();
    }

    /// <summary>Completes when every queued alert was delivered or given up (or <paramref name="cancellationToken"/> fires).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        while (Volatile.Read(ref _pending) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DelayAsync(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The signature header value for a body: <c>sha256=</c> and the lowercase hex HMAC-SHA256 keyed with the secret.</summary>
    public static string ComputeSignature(byte[] body, string secret)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        if (secret is null)
        {
            throw new ArgumentNullException(nameof(secret));
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return "sha256=" + ToHex(hmac.ComputeHash(body));
    }

    /// <summary>Stops the sender at once; alerts not yet delivered are abandoned. Use <see cref="DisposeAsync"/> to drain first.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _client.Dispose();
    }

    /// <summary>Stops accepting alerts, waits up to one request timeout per pending alert for the queue to drain, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var budget = TimeSpan.FromTicks(_options.RequestTimeout.Ticks * Math.Max(1, Math.Min(Pending, 10)));
        using (var drain = new CancellationTokenSource())
        {
            var delay = DelayAsync(budget, drain.Token);
            var flush = FlushAsync(drain.Token);
            await Task.WhenAny(flush, delay).ConfigureAwait(false);
            drain.Cancel();
            await IgnoreCancellationAsync(flush).ConfigureAwait(false);
            await IgnoreCancellationAsync(delay).ConfigureAwait(false);
        }

        _stop.Cancel();
        await IgnoreCancellationAsync(_worker).ConfigureAwait(false);
        _client.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                await _signal.WaitAsync(token).ConfigureAwait(false);
                if (!_queue.TryDequeue(out var delivery))
                {
                    continue;
                }

                try
                {
                    await DeliverAsync(delivery, token).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stopToken)
    {
        var backoff = _options.InitialBackoff;
        for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
        {
            Interlocked.Increment(ref _attempts);
            var outcome = await TrySendAsync(delivery, attempt, stopToken).ConfigureAwait(false);
            if (outcome == Outcome.Delivered)
            {
                Interlocked.Increment(ref _delivered);
                return;
            }

            if (outcome == Outcome.Rejected || attempt == _options.MaxAttempts)
            {
                break;
            }

            await DelayAsync(backoff, stopToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }

        Interlocked.Increment(ref _failed);
    }

    private async Task<Outcome> TrySendAsync(Delivery delivery, int attempt, CancellationToken stopToken)
    {
        using var timeout = CreateTimeoutSource(_options.RequestTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(IdempotencyHeader, delivery.IdempotencyKey);
        request.Headers.TryAddWithoutValidation(EventTypeHeader, delivery.EventType);
        request.Headers.TryAddWithoutValidation(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        if (delivery.Signature is not null)
        {
            request.Headers.TryAddWithoutValidation(SignatureHeader, delivery.Signature);
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return Outcome.Delivered;
            }

            // A 4xx other than "timeout" or "too many requests" will not succeed by retrying the same body.
            return status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.RequestTimeout && status != 429
                ? Outcome.Rejected
                : Outcome.Retry;
        }
        catch (OperationCanceledException) when (!stopToken.IsCancellationRequested)
        {
            return Outcome.Retry; // The attempt timed out.
        }
        catch (HttpRequestException)
        {
            return Outcome.Retry; // Connection refused, reset, DNS…
        }
    }

    private string? Sign(byte[] body)
    {
        if (_key is null)
        {
            return null;
        }

        using var hmac = new HMACSHA256(_key);
        return "sha256=" + ToHex(hmac.ComputeHash(body));
    }

    private static string ToHex(byte[] bytes)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    private CancellationTokenSource CreateTimeoutSource(TimeSpan delay)
    {
#if NET8_0_OR_GREATER
        return new CancellationTokenSource(delay, _options.TimeProvider);
#else
        return _options.TimeProvider.CreateCancellationTokenSource(delay);
#endif
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, _options.TimeProvider, cancellationToken);
#else
        return _options.TimeProvider.Delay(delay, cancellationToken);
#endif
    }

    private static async Task IgnoreCancellationAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected when stopping.
        }
    }

    private enum Outcome
    {
        Delivered,
        Retry,
        Rejected,
    }

    private sealed class Delivery
    {
        public Delivery(byte[] body, string idempotencyKey, string eventType, string? signature)
        {
            Body = body;
            IdempotencyKey = idempotencyKey;
            EventType = eventType;
            Signature = signature;
        }

        public byte[] Body { get; }

        public string IdempotencyKey { get; }

        public string EventType { get; }

        public string? Signature { get; }
    }
}
