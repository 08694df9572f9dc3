using System.Diagnostics;
using System.Globalization;
using AgentBudget;
using AgentBudget.Distributed;
using AgentBudget.Redis;
using StackExchange.Redis;

// Usage:
//   contend --endpoint 127.0.0.1:6379 --prefix P --process 0 --sessions 20 --users 3 --amount PD
//           --session-limit PD --user-limit PD --tenant-limit PD --start-at UNIX_MS
//     Runs --sessions concurrent sessions; each reserves --amount (picodollars) against its session, its user's daily and
//     the tenant's monthly budget, settles exactly that amount, and repeats until refused. Prints one line:
//     RESULT settled=PD admitted=N refused=N errors=N
//   bench --endpoint 127.0.0.1:6379 --prefix P --pairs 20000 --concurrency 32
//     Measures reserve+settle pairs against a large budget. Prints: BENCH pairs=N seconds=S pairs_per_s=X scripts_per_s=Y
var options = ParseOptions(args.Skip(1));
var mode = args.Length > 0 ? args[0] : "";
var configuration = new ConfigurationOptions
{
    AbortOnConnectFail = false,
    BacklogPolicy = BacklogPolicy.FailFast,
    ConnectTimeout = 5000,
    AsyncTimeout = 5000,
    SyncTimeout = 5000,
};
configuration.EndPoints.Add(options["endpoint"]);
using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
var store = new RedisBudgetStore(connection, new RedisBudgetStoreOptions { KeyPrefix = options["prefix"] });

return mode switch
{
    "contend" => await ContendAsync(store, options),
    "bench" => await BenchAsync(store, options),
    _ => Usage(),
};

static async Task<int> ContendAsync(RedisBudgetStore store, Dictionary<string, string> options)
{
    var process = int.Parse(options["process"], CultureInfo.InvariantCulture);
    var sessions = int.Parse(options["sessions"], CultureInfo.InvariantCulture);
    var users = int.Parse(options["users"], CultureInfo.InvariantCulture);
    var amount = Money.FromPicodollars(long.Parse(options["amount"], CultureInfo.InvariantCulture));
    var sessionLimit = Money.FromPicodollars(long.Parse(options["session-limit"], CultureInfo.InvariantCulture));
    var userLimit = Money.FromPicodollars(long.Parse(options["user-limit"], CultureInfo.InvariantCulture));
    var tenantLimit = Money.FromPicodollars(long.Parse(options["tenant-limit"], CultureInfo.InvariantCulture));
    var startAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(options["start-at"], CultureInfo.InvariantCulture));

    // Every process waits for the same instant, so that the processes really race instead of running one after another.
    var wait = startAt - DateTimeOffset.UtcNow;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }

    long settled = 0;
    int admitted = 0, refused = 0, errors = 0;
    var tasks = Enumerable.Range(0, sessions).Select(session => Task.Run(async () =>
    {
        var sessionId = $"p{process}-s{session}";
        var scopes = new[]
        {
            new BudgetScope(BudgetScopeKey.Session(sessionId), sessionLimit, BudgetPeriod.None),
            new BudgetScope(BudgetScopeKey.User("u" + ((process * sessions) + session) % users), userLimit, BudgetPeriod.Daily),
            new BudgetScope(BudgetScopeKey.Tenant("acme"), tenantLimit, BudgetPeriod.Monthly),
        };
        for (var call = 0; ; call++)
        {
            var reservationId = $"{sessionId}-c{call}";
            try
            {
                var reservation = await store.ReserveAsync(scopes, amount, reservationId, TimeSpan.FromMinutes(1));
                if (!reservation.IsAdmitted)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                Interlocked.Increment(ref admitted);
                var result = await store.SettleAsync(reservationId, amount, reservationId + ":settle");
                Interlocked.Add(ref settled, result.Charged.Picodollars);
            }
            catch (BudgetStoreUnavailableException)
            {
                Interlocked.Increment(ref errors);
                return;
            }
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RESULT settled={settled} admitted={admitted} refused={refused} errors={errors}"));
    return 0;
}

static async Task<int> BenchAsync(RedisBudgetStore store, Dictionary<string, string> options)
{
    var pairs = int.Parse(options["pairs"], CultureInfo.InvariantCulture);
    var concurrency = int.Parse(options["concurrency"], CultureInfo.InvariantCulture);
    var scopes = new[]
    {
        new BudgetScope(BudgetScopeKey.User("bench-user"), Money.FromDollars(1_000_000m), BudgetPeriod.Daily),
        new BudgetScope(BudgetScopeKey.Tenant("bench-tenant"), Money.FromDollars(1_000_000m), BudgetPeriod.Monthly),
    };
    var amount = Money.FromDollars(0.012345m);
    var run = Guid.NewGuid().ToString("N");

    // Warm-up: loads the scripts and the connection.
    for (var i = 0; i < 200; i++)
    {
        await store.ReserveAsync(scopes, amount, $"{run}-warm-{i}", TimeSpan.FromMinutes(1));
        await store.SettleAsync($"{run}-warm-{i}", amount, $"{run}-warm-{i}:s");
    }

    var next = -1;
    var stopwatch = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < pairs)
        {
            var id = $"{run}-{index}";
            var reservation = await store.ReserveAsync(scopes, amount, id, TimeSpan.FromMinutes(1));
            if (!reservation.IsAdmitted)
            {
                throw new InvalidOperationException("The benchmark budget is too small.");
            }

            await store.SettleAsync(id, amount, id + ":s");
        }
    })).ToArray();
    await Task.WhenAll(workers);
    stopwatch.Stop();
    var seconds = stopwatch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"BENCH pairs={pairs} concurrency={concurrency} seconds={seconds:F3} pairs_per_s={pairs / seconds:F0} scripts_per_s={2 * pairs / seconds:F0}"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: AgentBudget.Redis.LoadWorker contend|bench --endpoint HOST:PORT --prefix P [...]");
    return 2;
}

static Dictionary<string, string> ParseOptions(IEnumerable<string> arguments)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    string? name = null;
    foreach (var argument in arguments)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal))
        {
            name = argument[2..];
        }
        else if (name is not null)
        {
            result[name] = argument;
            name = null;
        }
    }

    return result;
}
