using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AgentBudget.Generators.Manual;

namespace AgentBudget.Analyzers.Tests.Infrastructure;

/// <summary>
/// The manual-mode extensions (<c>session.Record/Track/Wrap</c>) exactly as the real generator writes them for a
/// project that references the three SDKs. Code-fix tests add them as a source file because the code-fix workspace
/// does not run generators.
/// </summary>
internal static class ManualModeSource
{
    private static readonly Lazy<string> LazyText = new(Generate);

    public const string FileName = "/0/AgentBudget.ManualMode.g.cs";

    public static string Text => LazyText.Value;

    private static string Generate()
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("namespace Consumer { }", new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.Framework.Concat(TestReferences.Sdks).Concat(TestReferences.AgentBudget),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new ManualModeGenerator()).RunGenerators(compilation);
        var generated = driver.GetRunResult().GeneratedTrees;
        if (generated.Length == 0)
        {
            throw new InvalidOperationException("The manual-mode generator produced nothing for a project with the SDKs.");
        }

        return string.Join("\n", generated.Select(tree => tree.ToString()));
    }
}
