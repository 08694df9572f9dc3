using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using AgentBudget.CodeFixes.Common;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AgentBudget.CodeFixes.Tracking;

/// <summary>
/// AB0001: makes the class that contains an untracked call <c>partial</c> and <c>[Budgeted("$1.00")]</c>, so the
/// generator intercepts every LLM call in it. The amount is a starting point the user is expected to edit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeBudgetedCodeFix)), Shared]
public sealed class MakeBudgetedCodeFix : CodeFixProvider
{
    /// <summary>The budget the fix writes; a visible placeholder rather than a guess at the right limit.</summary>
    internal const string DefaultBudget = "$1.00";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UntrackedLlmCall.Id);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetTypeByMetadataName("AgentBudget.BudgetedAttribute") is null)
        {
            return;
        }

        var diagnostic = context.Diagnostics.First();
        var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        var declaration = node?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (declaration is not (ClassDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)SyntaxKind.StructKeyword })
            || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol { IsStatic: false } type)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Make '" + type.Name + "' [Budgeted(\"" + DefaultBudget + "\")] so its LLM calls are tracked",
                cancellationToken => PartialTypes.MakePartialAsync(
                    context.Document.Project.Solution, type, declaration, AddBudgetedAttribute, "AgentBudget", cancellationToken),
                equivalenceKey: nameof(MakeBudgetedCodeFix)),
            diagnostic);
    }

    private static TypeDeclarationSyntax AddBudgetedAttribute(TypeDeclarationSyntax declaration)
    {
        var name = SyntaxFactory.ParseName("global::AgentBudget.Budgeted")
            .WithAdditionalAnnotations(Simplifier.Annotation);
        var argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(DefaultBudget)));
        var attribute = SyntaxFactory.Attribute(name, SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)));

        // The new list takes the declaration's leading trivia (comments, indentation); the declaration continues on
        // the next line with the same indentation.
        var leading = declaration.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxTriviaList.Empty;
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(LineBreakOf(declaration));

        var stripped = declaration.WithoutLeadingTrivia();
        var lists = stripped.AttributeLists.Count > 0
            ? stripped.AttributeLists.Replace(stripped.AttributeLists[0], stripped.AttributeLists[0].WithLeadingTrivia(indentation)).Insert(0, list)
            : SyntaxFactory.List(new[] { list });

        var result = stripped.WithAttributeLists(lists);
        if (declaration.AttributeLists.Count == 0)
        {
            // Without attribute lists the declaration's first token was a modifier or keyword: re-indent it.
            var first = result.Modifiers.Count > 0 ? result.Modifiers[0] : result.Keyword;
            result = result.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        }

        return result;
    }

    /// <summary>The line break the file already uses (the declaration always contains one, between its braces).</summary>
    internal static SyntaxTrivia LineBreakOf(SyntaxNode node)
    {
        foreach (var trivia in node.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.LineFeed;
    }
}
