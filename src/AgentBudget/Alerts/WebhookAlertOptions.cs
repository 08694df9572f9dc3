using System;
using System.Net.Http;

namespace AgentBudget.Alerts;

/// <summary>Settings of a <see cref="WebhookAlertSink"/>.</summary>
public sealed class WebhookAlertOptions
{
    /// <summary>The URL alerts are POSTed to. Required.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// The shared secret for the <c>X-AgentBudget-Signature: sha256=&lt;hex&gt;</c> header (HMAC-SHA256 of the exact
    /// request body, keyed with the UTF-8 bytes of the secret). Without a secret no signature is sent.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Alerts waiting or in delivery at most; when full, new alerts are dropped and counted. Default 1000.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Timeout of one delivery attempt. Default 5 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delivery attempts per alert before it is given up and counted as failed. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; doubled after every failed attempt up to <see cref="MaxBackoff"/>. Default 500 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts. Default 30 seconds.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the payload carries the full session report. Default true.</summary>
    public bool IncludeReport { get; set; } = true;

    /// <summary>The clock for timeouts and backoff. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>An HTTP handler to send with (for example with a proxy or client certificate); null uses a default handler.</summary>
    public HttpMessageHandler? Handler { get; set; }
}
