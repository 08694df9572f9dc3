using System.Xml.Linq;

namespace AgentBudget.PackageTests.Infrastructure;

/// <summary>Paths and pinned versions of the repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The repository root (the folder holding <c>AgentBudget.Generators.sln</c>).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The OpenAI SDK version pinned in <c>Directory.Packages.props</c> (consumers use the same one).</summary>
    public static string OpenAIVersion { get; } = PinnedVersion("OpenAI");

    /// <summary>A path under the repository root.</summary>
    /// <param name="relative">The path relative to the root, with forward slashes.</param>
    /// <returns>The full path.</returns>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentBudget.Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AgentBudget.Generators.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string PinnedVersion(string packageId)
    {
        var props = XDocument.Load(PathOf("Directory.Packages.props"));
        return props.Descendants("PackageVersion")
            .Where(e => (string?)e.Attribute("Include") == packageId)
            .Select(e => (string?)e.Attribute("Version"))
            .SingleOrDefault() ?? throw new InvalidOperationException(packageId + " is not pinned in Directory.Packages.props");
    }
}
