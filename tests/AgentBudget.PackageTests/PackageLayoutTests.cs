using System.IO.Compression;
using System.Xml.Linq;
using AgentBudget.PackageTests.Infrastructure;

namespace AgentBudget.PackageTests;

/// <summary>The packed AgentBudget.nupkg: one package with the runtime, the analyzers and the build files.</summary>
[Trait("Category", "E2E")]
[Collection(PackedFeedCollection.Name)]
public sealed class PackageLayoutTests(PackedFeed feed)
{
    private static readonly string[] ExpectedFiles =
    [
        "AgentBudget.nuspec",
        "README.md",
        "analyzers/dotnet/roslyn4.14/cs/AgentBudget.CodeFixes.dll",
        "analyzers/dotnet/roslyn4.14/cs/AgentBudget.Generators.dll",
        "build/AgentBudget.props",
        "build/AgentBudget.targets",
        "buildTransitive/AgentBudget.props",
        "buildTransitive/AgentBudget.targets",
        "content/pricing/pricing.schema.json",
        "lib/net10.0/AgentBudget.dll",
        "lib/net10.0/AgentBudget.xml",
        "lib/netstandard2.0/AgentBudget.dll",
        "lib/netstandard2.0/AgentBudget.xml",
    ];

    [Fact]
    public void Package_holds_exactly_the_runtime_analyzers_build_files_docs_and_readme()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath);
        var files = package.Entries
            .Select(e => e.FullName)
            .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
                && !name.StartsWith("package/", StringComparison.Ordinal)
                && name != "[Content_Types].xml")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(ExpectedFiles, files);
        Assert.Equal(File.ReadAllText(Repository.PathOf("README.md")), Read(package, "README.md"));
        Assert.Equal(File.ReadAllText(Repository.PathOf("src/AgentBudget/build/AgentBudget.targets")), Read(package, "buildTransitive/AgentBudget.targets"));
        Assert.Equal(Read(package, "build/AgentBudget.props"), Read(package, "buildTransitive/AgentBudget.props"));
    }

    [Fact]
    public void Nuspec_has_the_metadata_users_expect_and_no_leaked_build_dependencies()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath);
        var nuspec = XDocument.Parse(Read(package, "AgentBudget.nuspec"));
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("AgentBudget", metadata.Element(ns + "id")!.Value);
        Assert.Equal(feed.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("Apache-2.0", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.StartsWith("A hard dollar limit for AI agent sessions", metadata.Element(ns + "description")!.Value, StringComparison.Ordinal);
        Assert.Contains("source-generator", metadata.Element(ns + "tags")!.Value.Split(' '));
        Assert.Equal("git", metadata.Element(ns + "repository")!.Attribute("type")!.Value);

        var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group")
            .ToDictionary(g => g.Attribute("targetFramework")!.Value, g => g.Elements(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToArray());
        Assert.Equal(["net10.0", ".NETStandard2.0"], groups.Keys.ToArray());
        Assert.Empty(groups["net10.0"]);
        Assert.Contains("System.Collections.Immutable", groups[".NETStandard2.0"]);
        // The generator, analyzers and code fixes are inside the package, never dependencies of it.
        Assert.DoesNotContain(groups.Values.SelectMany(ids => ids), id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || id.StartsWith("AgentBudget", StringComparison.Ordinal));
    }

    [Fact]
    public void Symbols_package_holds_the_pdbs_of_both_targets()
    {
        using var symbols = ZipFile.OpenRead(feed.SymbolsPackagePath);
        var pdbs = symbols.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".pdb", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["lib/net10.0/AgentBudget.pdb", "lib/netstandard2.0/AgentBudget.pdb"], pdbs);
    }

    private static string Read(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }
}
