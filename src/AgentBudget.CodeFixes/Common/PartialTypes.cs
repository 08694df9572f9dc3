using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBudget.CodeFixes.Common;

/// <summary>Adds the <c>partial</c> modifier to every declaration of a type and of the types containing it.</summary>
internal static class PartialTypes
{
    /// <summary>
    /// Makes <paramref name="type"/> and its containing types partial in every document that declares them, and
    /// lets <paramref name="editDeclaration"/> change one chosen declaration of <paramref name="type"/> afterwards
    /// (used to add an attribute in the same edit), adding a <c>using</c> for <paramref name="importNamespace"/> to its file.
    /// </summary>
    public static async Task<Solution> MakePartialAsync(
        Solution solution,
        INamedTypeSymbol type,
        TypeDeclarationSyntax? declarationToEdit,
        System.Func<TypeDeclarationSyntax, TypeDeclarationSyntax>? editDeclaration,
        string? importNamespace,
        CancellationToken cancellationToken)
    {
        var declarationsByTree = new Dictionary<SyntaxTree, List<TypeDeclarationSyntax>>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is TypeDeclarationSyntax declaration)
                {
                    if (!declarationsByTree.TryGetValue(declaration.SyntaxTree, out var list))
                    {
                        list = new List<TypeDeclarationSyntax>();
                        declarationsByTree.Add(declaration.SyntaxTree, list);
                    }

                    list.Add(declaration);
                }
            }
        }

        if (declarationToEdit is not null && !declarationsByTree.ContainsKey(declarationToEdit.SyntaxTree))
        {
            declarationsByTree.Add(declarationToEdit.SyntaxTree, new List<TypeDeclarationSyntax>());
        }

        foreach (var pair in declarationsByTree)
        {
            var document = solution.GetDocument(pair.Key);
            if (document is null)
            {
                continue;
            }

            var root = await pair.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var targets = new HashSet<SyntaxNode>(pair.Value);
            if (declarationToEdit is not null && declarationToEdit.SyntaxTree == pair.Key)
            {
                targets.Add(declarationToEdit);
            }

            var newRoot = root.ReplaceNodes(targets, (original, rewritten) =>
            {
                var declaration = (TypeDeclarationSyntax)rewritten;
                if (pair.Value.Contains(original))
                {
                    declaration = WithPartial(declaration);
                }

                if (original == declarationToEdit && editDeclaration is not null)
                {
                    declaration = editDeclaration(declaration);
                }

                return declaration;
            });

            if (declarationToEdit is not null && declarationToEdit.SyntaxTree == pair.Key && importNamespace is not null)
            {
                newRoot = Imports.Ensure(newRoot, importNamespace);
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    /// <summary>The declaration with <c>partial</c> as its last modifier (where C# requires it), trivia preserved.</summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return declaration;
        }

        if (declaration.Modifiers.Count == 0)
        {
            // The keyword's leading trivia (indentation, or the line break after an attribute) moves to 'partial'.
            var keyword = declaration.Keyword;
            var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return declaration
                .WithKeyword(keyword.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return declaration.WithModifiers(declaration.Modifiers.Add(
            SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
    }

    /// <summary>Whether the type or a containing type has a declaration without <c>partial</c>.</summary>
    public static bool NeedsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            foreach (var reference in current.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
