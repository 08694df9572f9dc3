using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AgentBudget.Distributed;
using AgentBudget.Redis.Tests.Infrastructure;

namespace AgentBudget.Redis.Tests.Redis;

/// <summary>
/// Several OS processes (the LoadWorker), each running many concurrent sessions, race for one small layered budget in a
/// real Redis: the check-then-increment race that lets LiteLLM's proxy overspend must not exist here.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class MultiProcessTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Several_processes_with_many_sessions_spend_exactly_the_shared_budget_and_never_more()
    {
        const int processes = 3;
        const int sessionsPerProcess = 20;
        const int users = 3;
        const long amount = 12_345_678_901; // $0.012345678901 per call
        var sessionLimit = 5 * amount;
        var userLimit = 30 * amount;
        var tenantLimit = (70 * amount) + (amount / 2); // room for exactly 70 calls
        var prefix = "race-" + Guid.NewGuid().ToString("N");
        var startAt = DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeMilliseconds();

        var workers = Enumerable.Range(0, processes).Select(process => StartWorker(
            "contend", "--endpoint", redis.Endpoint, "--prefix", prefix, "--process", Text(process),
            "--sessions", Text(sessionsPerProcess), "--users", Text(users), "--amount", Text(amount),
            "--session-limit", Text(sessionLimit), "--user-limit", Text(userLimit), "--tenant-limit", Text(tenantLimit),
            "--start-at", Text(startAt))).ToList();
        var outputs = await Task.WhenAll(workers.Select(FinishAsync));

        var results = outputs.Select(ParseResult).ToList();
        var store = new RedisBudgetStore(redis.Inspector, new RedisBudgetStoreOptions { KeyPrefix = prefix });
        var tenant = await store.GetUsageAsync(new BudgetScope(BudgetScopeKey.Tenant("acme"), Money.FromPicodollars(tenantLimit), BudgetPeriod.Monthly));
        var userUsage = new List<BudgetUsage>();
        for (var user = 0; user < users; user++)
        {
            userUsage.Add(await store.GetUsageAsync(new BudgetScope(BudgetScopeKey.User("u" + user), Money.FromPicodollars(userLimit), BudgetPeriod.Daily)));
        }

        var sessionUsage = new List<BudgetUsage>();
        for (var process = 0; process < processes; process++)
        {
            for (var session = 0; session < sessionsPerProcess; session++)
            {
                sessionUsage.Add(await store.GetUsageAsync(new BudgetScope(
                    BudgetScopeKey.Session($"p{process}-s{session}"), Money.FromPicodollars(sessionLimit), BudgetPeriod.None)));
            }
        }

        Assert.All(results, result => Assert.Equal(0, result.Errors));
        // What the processes recorded adds up to what Redis holds, to the picodollar...
        Assert.Equal(70 * amount, results.Sum(result => result.Settled));
        Assert.Equal(70, results.Sum(result => result.Admitted));
        Assert.Equal(processes * sessionsPerProcess, results.Sum(result => result.Refused)); // every session ran until refused
        Assert.Equal((Money.FromPicodollars(70 * amount), Money.Zero), (tenant.Settled, tenant.Reserved));
        // ...and no layer went over its limit.
        Assert.All(userUsage, usage => Assert.True(usage.Settled.Picodollars <= userLimit, $"{usage.Scope.Key} spent {usage.Settled}"));
        Assert.Equal(70 * amount, userUsage.Sum(usage => usage.Settled.Picodollars));
        Assert.All(sessionUsage, usage => Assert.True(usage.Settled.Picodollars <= sessionLimit, $"{usage.Scope.Key} spent {usage.Settled}"));
        Assert.Equal(70 * amount, sessionUsage.Sum(usage => usage.Settled.Picodollars));
        Assert.All(sessionUsage.Concat(userUsage), usage => Assert.Equal(Money.Zero, usage.Reserved));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Process StartWorker(params string[] arguments)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "AgentBudget.Redis.LoadWorker.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(worker);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");
    }

    private static async Task<string> FinishAsync(Process worker)
    {
        using (worker)
        {
            var output = worker.StandardOutput.ReadToEndAsync();
            var error = worker.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await worker.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                worker.Kill(entireProcessTree: true);
                throw new TimeoutException("A worker did not finish within 60 s: " + await error);
            }

            Assert.True(worker.ExitCode == 0, $"worker exited with {worker.ExitCode}: {await error}");
            return await output;
        }
    }

    private static (long Settled, int Admitted, int Refused, int Errors) ParseResult(string output)
    {
        var match = ResultLine().Match(output);
        Assert.True(match.Success, "no RESULT line in: " + output);
        return (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"RESULT settled=(\d+) admitted=(\d+) refused=(\d+) errors=(\d+)")]
    private static partial Regex ResultLine();
}
