using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace AgentBudget.Redis.Tests.Infrastructure;

/// <summary>
/// Starts a real redis-server on a free loopback port with persistence off, and stops it when the collection ends.
/// The server can be stopped and started again on the same port to test outages.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private Process? _server;

    public int Port { get; private set; }

    public string Endpoint => "127.0.0.1:" + Port;

    /// <summary>A connection used by the tests to look at Redis directly (not through a store).</summary>
    public ConnectionMultiplexer Inspector { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartServerAsync();
        Inspector = await ConnectAsync(Endpoint);
    }

    public async Task DisposeAsync()
    {
        if (Inspector is not null)
        {
            await Inspector.DisposeAsync();
        }

        StopServer();
    }

    /// <summary>
    /// A connection configured as the docs recommend (reconnect by itself, fail fast while disconnected), returned once it
    /// answers, so that a slow handshake on a loaded machine cannot fail a test's first command.
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string endpoint, int timeoutMs = 2000)
    {
        var connection = await ConnectUncheckedAsync(endpoint, timeoutMs);
        await WaitUntilConnectedAsync(connection);
        return connection;
    }

    /// <summary>A connection as above, returned without waiting for it to answer (for endpoints that never will).</summary>
    public static Task<ConnectionMultiplexer> ConnectUncheckedAsync(string endpoint, int timeoutMs = 2000)
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = timeoutMs,
            AsyncTimeout = timeoutMs,
            SyncTimeout = timeoutMs,
            ReconnectRetryPolicy = new LinearRetry(250),
        };
        configuration.EndPoints.Add(endpoint);
        return ConnectionMultiplexer.ConnectAsync(configuration);
    }

    /// <summary>Waits (bounded) until a connection answers again, e.g. after the server was restarted.</summary>
    public static async Task WaitUntilConnectedAsync(IConnectionMultiplexer connection)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void StopServer()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        _server = null;
    }

    public async Task StartServerAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("REDIS_SERVER") ?? "redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                "redis-server is not installed (apt-get install redis-server; .ci/run does it) or not on PATH (set REDIS_SERVER).", exception);
        }

        // Drain its output so that a full pipe never blocks the server.
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (read >= 5 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }

            if (_server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port}.");
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
