using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentBudget.Benchmarks.Support;

/// <summary>The two ways the suite runs: measured (by hand, on a quiet machine) and dry (CI).</summary>
internal static class BenchmarkConfigs
{
    /// <summary>
    /// Removes <c>--dry</c>, or <c>--job dry</c>, from the arguments and reports whether it was there. The dry job is
    /// run in process: BenchmarkDotNet's usual separate build of a host project would take longer than the whole run.
    /// </summary>
    public static string[] ParseDryMode(string[] args, out bool dry)
    {
        dry = false;
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (string.Equals(args[i], "--dry", StringComparison.OrdinalIgnoreCase))
            {
                dry = true;
            }
            else if ((args[i] == "--job" || args[i] == "-j") && i + 1 < args.Length && string.Equals(args[i + 1], "dry", StringComparison.OrdinalIgnoreCase))
            {
                dry = true;
                i++;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }

    /// <summary>The default configuration plus median and allocation columns; one table per benchmark class.</summary>
    public static IConfig Measure() => DefaultConfig.Instance
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(StatisticColumn.Median)
        .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value));

    /// <summary>One cold invocation per benchmark, in process: proves every benchmark still runs, measures nothing.</summary>
    public static IConfig Dry() => ManualConfig.CreateMinimumViable()
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("dry-in-process"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
}
