using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBudget.CodeFixes.Common;

/// <summary>Adds a <c>using</c> directive where the file keeps them, in the repository's order (System first, then ordinal).</summary>
internal static class Imports
{
    public static SyntaxNode Ensure(SyntaxNode root, string namespaceName)
    {
        if (root is not CompilationUnitSyntax unit || HasUsing(unit, namespaceName))
        {
            return root;
        }

        var lineBreak = Tracking.MakeBudgetedCodeFix.LineBreakOf(unit);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(lineBreak);

        if (unit.Usings.Count == 0)
        {
            // No usings yet: the directive goes first, followed by a blank line, and the file's header stays on top.
            var first = unit.GetLeadingTrivia();
            var withBlankLine = directive.WithLeadingTrivia(first).WithTrailingTrivia(lineBreak, lineBreak);
            return unit.WithoutLeadingTrivia().WithUsings(unit.Usings.Add(withBlankLine));
        }

        var index = 0;
        while (index < unit.Usings.Count && Compare(unit.Usings[index], namespaceName) < 0)
        {
            index++;
        }

        if (index == 0)
        {
            var first = unit.Usings[0];
            var usings = unit.Usings.Replace(first, first.WithoutLeadingTrivia()).Insert(0, directive.WithLeadingTrivia(first.GetLeadingTrivia()));
            return unit.WithUsings(usings);
        }

        return unit.WithUsings(unit.Usings.Insert(index, directive));
    }

    private static bool HasUsing(CompilationUnitSyntax unit, string namespaceName) =>
        unit.Usings.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName)
        || unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.Name?.ToString() == namespaceName);

    private static int Compare(UsingDirectiveSyntax existing, string namespaceName)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
        {
            // Aliases and static usings conventionally come after the plain ones; global usings before.
            return existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) ? -1 : 1;
        }

        var name = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = IsSystem(name);
        var newIsSystem = IsSystem(namespaceName);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem ? -1 : 1;
        }

        return string.Compare(name, namespaceName, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
}
