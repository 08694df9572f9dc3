using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentBudget.PackageTests.Infrastructure;

/// <summary>
/// Packs <c>src/AgentBudget</c> once per test run into a local folder feed with a unique prerelease version, and
/// prepares a temporary workspace where fresh consumer projects restore from that feed plus the machine's own
/// package sources, into an isolated packages folder (so no cached package can hide a packaging problem).
/// </summary>
public sealed partial class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The temporary folder holding the feed, the packages folder and the consumer projects.</summary>
    public string Workspace { get; } = Path.Combine(Path.GetTempPath(), "agentbudget-e2e-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The unique version packed for this run (NuGet caches by id and version).</summary>
    public string Version { get; } = "0.1.0-e2e-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The local folder feed.</summary>
    public string Feed => Path.Combine(Workspace, "feed");

    /// <summary>The isolated global packages folder the consumers restore into.</summary>
    public string PackagesFolder => Path.Combine(Workspace, "packages");

    /// <summary>The packed <c>.nupkg</c>.</summary>
    public string PackagePath => Path.Combine(Feed, "AgentBudget." + Version + ".nupkg");

    /// <summary>The packed symbols package.</summary>
    public string SymbolsPackagePath => Path.Combine(Feed, "AgentBudget." + Version + ".snupkg");

    /// <summary>The package sources copied from the machine's NuGet configuration (besides the local feed).</summary>
    public IReadOnlyList<string> UpstreamSources { get; private set; } = [];

    /// <summary>Environment for consumer commands: the isolated packages folder, whatever the machine sets.</summary>
    public IReadOnlyDictionary<string, string?> ConsumerEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = PackagesFolder,
    };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Workspace);
        var pack = await DotNetCli.RunAsync(Repository.Root, null, PackTimeout,
            "pack", Repository.PathOf("src/AgentBudget/AgentBudget.csproj"), "-c", DotNetCli.Configuration, "-o", Feed,
            "-p:PackageVersion=" + Version, "--disable-build-servers");
        if (pack.ExitCode != 0 || !File.Exists(PackagePath))
        {
            throw new InvalidOperationException("Packing AgentBudget failed. " + pack);
        }

        UpstreamSources = await ReadMachineSourcesAsync();
        WriteWorkspaceFiles();
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("AGENTBUDGET_E2E_KEEP") != "1" && Directory.Exists(Workspace))
        {
            Directory.Delete(Workspace, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Copies the consumer project <paramref name="name"/> (from <c>Consumers/</c>) into the workspace, filling in
    /// the packed version and the pinned OpenAI version in its <c>*.template</c> files.
    /// </summary>
    /// <param name="name">The consumer folder name.</param>
    /// <returns>The consumer's folder in the workspace.</returns>
    public string CreateConsumer(string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Consumers", name);
        var target = Path.Combine(Workspace, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var destination = Path.Combine(target, relative.EndsWith(".template", StringComparison.Ordinal) ? relative[..^".template".Length] : relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var text = File.ReadAllText(file)
                .Replace("$AgentBudgetVersion$", Version, StringComparison.Ordinal)
                .Replace("$OpenAIVersion$", Repository.OpenAIVersion, StringComparison.Ordinal);
            File.WriteAllText(destination, text);
        }

        return target;
    }

    // The public feed is not written anywhere in the repository: its address is read from the machine's NuGet
    // configuration (the same sources a plain `dotnet restore` would use) and written only into the temp workspace.
    private async Task<IReadOnlyList<string>> ReadMachineSourcesAsync()
    {
        var list = await DotNetCli.RunAsync(Path.GetTempPath(), null, TimeSpan.FromMinutes(2), "nuget", "list", "source", "--format", "short");
        var sources = EnabledSource().Matches(list.Output).Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();
        if (list.ExitCode != 0 || sources.Count == 0)
        {
            throw new InvalidOperationException("No enabled NuGet source is configured on this machine, so the consumers cannot restore OpenAI. " + list);
        }

        return sources;
    }

    private void WriteWorkspaceFiles()
    {
        var config = new StringBuilder()
            .AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .AppendLine("<configuration>")
            .AppendLine("  <packageSources>")
            .AppendLine("    <clear />")
            .AppendLine($"    <add key=\"agentbudget-e2e\" value=\"{SecurityElement.Escape(Feed)}\" />");
        for (var i = 0; i < UpstreamSources.Count; i++)
        {
            config.AppendLine($"    <add key=\"upstream-{i}\" value=\"{SecurityElement.Escape(UpstreamSources[i])}\" />");
        }

        // AgentBudget comes from the local feed only; everything else from upstream.
        config.AppendLine("  </packageSources>")
            .AppendLine("  <packageSourceMapping>")
            .AppendLine("    <packageSource key=\"agentbudget-e2e\"><package pattern=\"AgentBudget\" /></packageSource>");
        for (var i = 0; i < UpstreamSources.Count; i++)
        {
            config.AppendLine($"    <packageSource key=\"upstream-{i}\"><package pattern=\"*\" /></packageSource>");
        }

        config.AppendLine("  </packageSourceMapping>")
            .AppendLine("  <config>")
            .AppendLine($"    <add key=\"globalPackagesFolder\" value=\"{SecurityElement.Escape(PackagesFolder)}\" />")
            .AppendLine("  </config>")
            .AppendLine("</configuration>");
        File.WriteAllText(Path.Combine(Workspace, "NuGet.config"), config.ToString());

        // Stop MSBuild's upward search for build files and central package management at the workspace, and build
        // with the SDK the repository pins.
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Workspace, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Workspace, "Directory.Packages.props"), "<Project />\n");
        File.Copy(Repository.PathOf("global.json"), Path.Combine(Workspace, "global.json"), overwrite: true);
    }

    [GeneratedRegex(@"^\s*E\s+(\S.*)$", RegexOptions.Multiline)]
    private static partial Regex EnabledSource();
}

/// <summary>The tests that share one packed feed (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Packed AgentBudget feed";
}
