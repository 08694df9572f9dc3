using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentBudget.Redis.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on loopback between a client and redis-server that can lose the reply to one chosen request: it forwards
/// the request (so Redis executes it) and then either withholds the replies on that connection until released (a
/// network stall that makes the client time out) or cuts the connection without forwarding the reply (a dropped link).
/// The request is chosen by a marker string it contains (e.g. an idempotency key).
/// </summary>
public sealed class FaultyNetworkProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly object _gate = new();
    private byte[]? _marker;
    private FaultKind _fault;
    private Link? _faultyLink;
    private readonly Task _acceptLoop;

    public FaultyNetworkProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public enum FaultKind
    {
        WithholdReplies,
        CutConnection,
    }

    public string Endpoint => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the request with the marker has been forwarded to Redis and its reply was caught.</summary>
    public TaskCompletionSource ReplyCaught { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Arms the fault for the next request that contains <paramref name="marker"/>.</summary>
    public void LoseReplyTo(string marker, FaultKind fault)
    {
        lock (_gate)
        {
            _marker = Encoding.UTF8.GetBytes(marker);
            _fault = fault;
            ReplyCaught = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Forwards the withheld replies (in order) and lets that connection flow again.</summary>
    public async Task ReleaseWithheldAsync()
    {
        Link? link;
        lock (_gate)
        {
            link = _faultyLink;
            _faultyLink = null;
        }

        if (link is not null)
        {
            await link.ReleaseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_gate)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
            }

            var link = new Link(this, client, upstream);
            _ = link.RunAsync();
        }
    }

    private sealed class Link(FaultyNetworkProxy proxy, TcpClient client, TcpClient upstream)
    {
        private readonly SemaphoreSlim _replyGate = new(1, 1);
        private readonly List<byte[]> _withheld = [];
        private volatile bool _faultArmed;
        private bool _withholding;

        public async Task RunAsync()
        {
            var requests = PumpRequestsAsync();
            var replies = PumpRepliesAsync();
            await Task.WhenAny(requests, replies);
            Close();
        }

        public async Task ReleaseAsync()
        {
            await _replyGate.WaitAsync();
            try
            {
                foreach (var chunk in _withheld)
                {
                    await client.GetStream().WriteAsync(chunk);
                }

                _withheld.Clear();
                _withholding = false;
            }
            finally
            {
                _replyGate.Release();
            }
        }

        private void Close()
        {
            client.Dispose();
            upstream.Dispose();
        }

        private async Task PumpRequestsAsync()
        {
            var buffer = new byte[64 * 1024];
            var tail = Array.Empty<byte>();
            try
            {
                int read;
                while ((read = await client.GetStream().ReadAsync(buffer)) > 0)
                {
                    // Look for the marker across chunk boundaries (tail of the previous chunk + this chunk).
                    var window = tail.Concat(buffer.Take(read)).ToArray();
                    lock (proxy._gate)
                    {
                        if (proxy._marker is { } marker && window.AsSpan().IndexOf(marker) >= 0)
                        {
                            proxy._marker = null;
                            proxy._faultyLink = this;
                            _faultArmed = true;
                        }

                        tail = proxy._marker is { } pending ? window.TakeLast(Math.Max(0, pending.Length - 1)).ToArray() : [];
                    }

                    await upstream.GetStream().WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
            {
            }
        }

        private async Task PumpRepliesAsync()
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await upstream.GetStream().ReadAsync(buffer)) > 0)
                {
                    await _replyGate.WaitAsync();
                    try
                    {
                        if (_faultArmed)
                        {
                            _faultArmed = false;
                            proxy.ReplyCaught.TrySetResult();
                            if (proxy._fault == FaultKind.CutConnection)
                            {
                                return;
                            }

                            _withholding = true;
                        }

                        if (_withholding)
                        {
                            _withheld.Add(buffer.AsSpan(0, read).ToArray());
                        }
                        else
                        {
                            await client.GetStream().WriteAsync(buffer.AsMemory(0, read));
                        }
                    }
                    finally
                    {
                        _replyGate.Release();
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
            {
            }
        }
    }
}
