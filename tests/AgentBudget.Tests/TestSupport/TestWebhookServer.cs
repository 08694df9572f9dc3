using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AgentBudget.Tests.TestSupport;

/// <summary>One request as the webhook receiver saw it.</summary>
public sealed record ReceivedRequest(int Index, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : string.Empty;
}

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (<see cref="HttpListener"/>). <c>respond</c> decides, per request (numbered from
/// 1), which status to answer and may delay the answer to simulate a slow endpoint.
/// </summary>
public sealed class TestWebhookServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<ReceivedRequest, Task<int>> _respond;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _count;

    public TestWebhookServer(int port, Func<ReceivedRequest, Task<int>> respond)
    {
        Port = port;
        _respond = respond;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/budget");

    public IReadOnlyList<ReceivedRequest> Received => _received.OrderBy(r => r.Index).ToList();

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public TestWebhookServer Start()
    {
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
        return this;
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string? key in context.Request.Headers.AllKeys)
            {
                if (key is not null)
                {
                    headers[key.ToLowerInvariant()] = context.Request.Headers[key] ?? string.Empty;
                }
            }

            var request = new ReceivedRequest(Interlocked.Increment(ref _count), buffer.ToArray(), headers);
            _received.Enqueue(request);
            var status = await _respond(request);
            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client gave up (timeout) or the listener stopped: nothing to answer.
        }
    }

    public void Dispose()
    {
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
    }
}
