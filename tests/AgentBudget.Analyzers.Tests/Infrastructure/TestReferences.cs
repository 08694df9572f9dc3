using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Infrastructure;

/// <summary>
/// The references every test compilation gets: the local .NET reference pack (no download), and the real SDK and
/// AgentBudget assemblies that this test project restores and copies to its output folder.
/// </summary>
internal static class TestReferences
{
    /// <summary>An empty reference set: the framework comes from <see cref="Framework"/> instead of a NuGet download.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>The reference assemblies of the running .NET (the ref pack installed with the SDK).</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } = LoadFramework();

    /// <summary>OpenAI, System.ClientModel, Anthropic, Microsoft.Extensions.AI(.Abstractions/.OpenAI) and their dependencies.</summary>
    public static ImmutableArray<MetadataReference> Sdks { get; } = LoadFromOutput(
        "OpenAI.dll",
        "System.ClientModel.dll",
        "System.Memory.Data.dll",
        "Anthropic.dll",
        "Microsoft.Extensions.AI.dll",
        "Microsoft.Extensions.AI.Abstractions.dll",
        "Microsoft.Extensions.AI.OpenAI.dll",
        "Microsoft.Extensions.Logging.Abstractions.dll",
        "Microsoft.Extensions.DependencyInjection.Abstractions.dll",
        "Microsoft.Extensions.Caching.Abstractions.dll",
        "Microsoft.Extensions.Primitives.dll");

    /// <summary>The AgentBudget runtime (attributes, sessions, exceptions) and its Microsoft.Extensions.AI middleware (UseBudget).</summary>
    public static ImmutableArray<MetadataReference> AgentBudget { get; } = LoadFromOutput("AgentBudget.dll", "AgentBudget.Extensions.AI.dll");

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        // .../dotnet/shared/Microsoft.NETCore.App/10.0.x/System.Private.CoreLib.dll -> .../dotnet/packs/Microsoft.NETCore.App.Ref/10.0.x/ref/net10.0
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var refDirectory = Path.Combine(packs, version, "ref", "net10.0");
        if (!Directory.Exists(refDirectory))
        {
            // Another patch of the ref pack than the runtime: take the highest 10.0 one.
            refDirectory = Directory.GetDirectories(packs, "10.0.*")
                .OrderBy(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "ref", "net10.0"))
                .Last(Directory.Exists);
        }

        return Directory.GetFiles(refDirectory, "*.dll")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadFromOutput(params string[] fileNames) =>
        fileNames
            .Select(name => Path.Combine(AppContext.BaseDirectory, name))
            .Select(path => File.Exists(path) ? path : throw new FileNotFoundException("Test reference missing from the output folder.", path))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
}
