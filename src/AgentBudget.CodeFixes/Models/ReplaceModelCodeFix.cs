using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AgentBudget.Generators.Analyzers.Models;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AgentBudget.CodeFixes.Models;

/// <summary>AB0004: replaces an unknown model id with one of the nearest known names the diagnostic suggests.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceModelCodeFix)), Shared]
public sealed class ReplaceModelCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnknownModel.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(UnknownModelAnalyzer.SuggestionsProperty, out var joined) || string.IsNullOrEmpty(joined)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            // Only a literal written at the call is replaced; a named constant is fixed where it is declared.
            foreach (var suggestion in joined!.Split(UnknownModelAnalyzer.SuggestionSeparator))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use '" + suggestion + "'",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(
                            literal,
                            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggestion))
                                .WithTriviaFrom(literal)))),
                        equivalenceKey: nameof(ReplaceModelCodeFix) + ":" + suggestion),
                    diagnostic);
            }
        }
    }
}
