using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace AgentBudget.PackageTests.Infrastructure;

/// <summary>The result of one <c>dotnet</c> command: exit code and the interleaved standard output and error.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>A readable failure message with the whole output, for assertions.</summary>
    public override string ToString() => $"`{Command}` exited with {ExitCode}:\n{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process, the way a user would, but hermetically: no build servers (so no
/// process outlives the command and keeps its output pipe open), no telemetry or first-run banners, and none of the
/// MSBuild variables that <c>dotnet test</c> puts into this process's environment.
/// </summary>
public static class DotNetCli
{
    private static readonly string[] InheritedVariablesToDrop =
    [
        "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly",
        "MSBUILDNOINPROCNODE", "VSTEST_HOST_DEBUG", "OPENAI_API_KEY",
    ];

    /// <summary>The configuration this test assembly was built in (the pack and the samples reuse it).</summary>
    public static string Configuration { get; } =
        typeof(DotNetCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="timeout">Killed (with its process tree) after this long.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The exit code and output.</returns>
    public static async Task<CommandResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in InheritedVariablesToDrop)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed after {timeout.TotalSeconds} s]");
            return new CommandResult("dotnet " + string.Join(' ', arguments), -1, Snapshot(output));
        }

        return new CommandResult("dotnet " + string.Join(' ', arguments), process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
