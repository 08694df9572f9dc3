using System.Reflection;
using AgentBudget.Benchmarks.Support;
using BenchmarkDotNet.Running;

namespace AgentBudget.Benchmarks;

/// <summary>
/// Entry point. Every BenchmarkDotNet command-line option works (<c>--filter</c>, <c>--job</c>, <c>--iterationCount</c>…).
/// <c>--dry</c> (or <c>--job dry</c>) runs every selected benchmark once, in this process, so CI can prove the suite
/// still builds and runs in about a minute; its timings mean nothing. Exit code 1 when any benchmark failed.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var arguments = BenchmarkConfigs.ParseDryMode(args, out var dry);
        var config = dry ? BenchmarkConfigs.Dry() : BenchmarkConfigs.Measure();
        if (dry && !arguments.Contains("--filter"))
        {
            // Without a filter the switcher asks on the console; CI has no console to answer.
            arguments = [.. arguments, "--filter", "*"];
        }

        var summaries = BenchmarkSwitcher.FromAssembly(Assembly.GetExecutingAssembly()).Run(arguments, config).ToList();
        var failed = summaries.Count == 0
            || summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success));
        if (failed)
        {
            Console.Error.WriteLine("error: a benchmark failed, did not run, or no benchmark matched the filter.");
        }

        return failed ? 1 : 0;
    }
}
