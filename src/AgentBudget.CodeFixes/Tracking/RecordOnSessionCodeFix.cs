using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AgentBudget.CodeFixes.Tracking;

/// <summary>
/// AB0001: hands the result of an untracked call to the <c>BudgetSession</c> in scope: <c>session.Record(result)</c>
/// after the statement, or <c>session.Track(stream)</c> around a stream that a <c>foreach</c> enumerates, using the
/// manual-mode extensions the generator writes for each referenced SDK. Without them (C# below 11) it records the
/// SDK's usage with <c>RecordUsage</c> and the provider's <c>TokenUsage</c> mapping (OpenAI chat, Responses and
/// embeddings; Anthropic messages).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RecordOnSessionCodeFix)), Shared]
public sealed class RecordOnSessionCodeFix : CodeFixProvider
{
    private const string TokenUsageType = "global::AgentBudget.Pricing.TokenUsage";

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
        if (root is null || model is null)
        {
            return;
        }

        var diagnostic = context.Diagnostics.First();
        var invocation = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null)
        {
            return;
        }

        var plan = Plan(invocation, model, context.CancellationToken);
        if (plan is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Record the result on '" + plan.SessionName + "'",
                cancellationToken => Apply(context.Document, root, plan, cancellationToken),
                equivalenceKey: nameof(RecordOnSessionCodeFix)),
            diagnostic);
    }

    private static Task<Document> Apply(Document document, SyntaxNode root, FixPlan plan, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var indentation = plan.Anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var lineBreak = MakeBudgetedCodeFix.LineBreakOf(plan.Anchor.Parent ?? plan.Anchor);
        if (plan.Stream is not null)
        {
            // Wrap the stream where it is enumerated.
            var wrapped = SyntaxFactory.ParseExpression(plan.RecordStatement(plan.Stream.WithoutTrivia().ToFullString()))
                .WithTriviaFrom(plan.Stream);
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(plan.Stream, wrapped)));
        }

        var record = SyntaxFactory.ParseStatement(plan.RecordStatement(plan.ValueName) + ";")
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(lineBreak)
            .WithAdditionalAnnotations(Simplifier.Annotation);

        StatementSyntax anchor = plan.Anchor;
        if (plan.DeclareLocal is not null)
        {
            // await client.CompleteChatAsync(...);  →  ChatCompletion completion = await client.CompleteChatAsync(...);
            var expression = ((ExpressionStatementSyntax)plan.Anchor).Expression;
            var declaration = SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.ParseTypeName(plan.DeclareLocal).WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(plan.ValueName))
                                .WithInitializer(SyntaxFactory.EqualsValueClause(expression.WithoutTrivia())
                                    .WithEqualsToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))))))
                .WithTriviaFrom(plan.Anchor)
                .WithAdditionalAnnotations(Simplifier.Annotation);
            anchor = declaration;
        }

        var newRoot = root.ReplaceNode(plan.Anchor, new[] { anchor, record });
        if (plan.RecordStatement(plan.ValueName).Contains(TokenUsageType))
        {
            newRoot = Common.Imports.Ensure(newRoot, "AgentBudget.Pricing");
        }

        return Task.FromResult(document.WithSyntaxRoot(newRoot));
    }

    private static FixPlan? Plan(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        ExpressionSyntax outer = invocation;
        while (outer.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
        {
            outer = (ExpressionSyntax)outer.Parent;
        }

        var resultType = model.GetTypeInfo(outer, cancellationToken).Type;
        if (resultType is null)
        {
            return null;
        }

        // await foreach (var update in client.CompleteChatStreamingAsync(...)) → in session.Track(client.CompleteChatStreamingAsync(...))
        if (outer.Parent is CommonForEachStatementSyntax loop && loop.Expression == outer)
        {
            var loopSession = FindSession(model, loop, cancellationToken);
            var track = loopSession is null ? null : DirectRecording(model, loop.SpanStart, loopSession.Value.Type, resultType, "Track");
            return track is null ? null : new FixPlan(loop, outer, loopSession!.Value.Name, track);
        }

        // ClientResult<T> carries T in .Value (and converts to it implicitly).
        var valueType = UnwrapClientResult(resultType, out var isClientResult);

        StatementSyntax anchor;
        string valueName;
        string? declareLocal = null;
        var valueAccess = string.Empty;
        if (outer.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1 } && declarator.Parent.Parent is LocalDeclarationStatementSyntax local)
        {
            anchor = local;
            valueName = declarator.Identifier.ValueText;
            var declared = (model.GetDeclaredSymbol(declarator, cancellationToken) as ILocalSymbol)?.Type;
            if (declared is not null && !SymbolEqualityComparer.Default.Equals(declared, valueType))
            {
                valueAccess = isClientResult ? ".Value" : string.Empty;
            }
        }
        else if (outer.Parent is ExpressionStatementSyntax statement)
        {
            anchor = statement;
            valueName = FreeName(model, statement.SpanStart, SuggestedName(valueType));
            declareLocal = isClientResult ? valueType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : "var";
        }
        else
        {
            return null;
        }

        var session = FindSession(model, anchor, cancellationToken);
        if (session is null)
        {
            return null;
        }

        // Prefer a recording method that takes what the code holds (session.Record(result) for a ClientResult<T>), then
        // one that takes the unwrapped value, then RecordUsage with the provider's usage mapping.
        var declaredType = valueAccess.Length > 0 ? resultType : valueType;
        var sessionName = session.Value.Name;
        var direct = DirectRecording(model, anchor.SpanStart, session.Value.Type, declaredType, "Record");
        if (direct is not null)
        {
            return new FixPlan(anchor, sessionName, valueName, declareLocal, value => direct(sessionName, value));
        }

        var record = DirectRecording(model, anchor.SpanStart, session.Value.Type, valueType, "Record") ?? UsageRecording(valueType);
        if (record is null)
        {
            return null;
        }

        return new FixPlan(anchor, sessionName, valueName, declareLocal, value => record(sessionName, value + valueAccess));
    }

    private static ITypeSymbol UnwrapClientResult(ITypeSymbol type, out bool isClientResult)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "ClientResult", Arity: 1, ContainingNamespace: { Name: "ClientModel", ContainingNamespace.Name: "System" } })
            {
                isClientResult = true;
                return current.TypeArguments[0];
            }
        }

        isClientResult = false;
        return type;
    }

    private static (string Name, ITypeSymbol Type)? FindSession(SemanticModel model, StatementSyntax anchor, CancellationToken cancellationToken)
    {
        var position = anchor.SpanStart;
        var enclosing = model.GetEnclosingSymbol(position, cancellationToken);
        var isStaticContext = enclosing is { IsStatic: true } || enclosing?.ContainingSymbol is IMethodSymbol { IsStatic: true };
        (string Name, ITypeSymbol Type, int Rank)? best = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            (ITypeSymbol? type, int rank) candidate = symbol switch
            {
                ILocalSymbol local when local.Locations.All(l => l.SourceSpan.Start < position) => (local.Type, 0),
                IParameterSymbol parameter => (parameter.Type, 1),
                IFieldSymbol { IsImplicitlyDeclared: false } field when field.IsStatic || !isStaticContext => (field.Type, 2),
                IPropertySymbol { IsIndexer: false } property when property.IsStatic || !isStaticContext => (property.Type, 2),
                _ => (null, int.MaxValue),
            };

            if (candidate.type is null || !IsSession(candidate.type))
            {
                continue;
            }

            if (best is null || candidate.rank < best.Value.Rank
                || (candidate.rank == best.Value.Rank && string.CompareOrdinal(symbol.Name, best.Value.Name) < 0))
            {
                best = (symbol.Name, candidate.type, candidate.rank);
            }
        }

        return best is null ? null : (best.Value.Name, best.Value.Type);
    }

    private static bool IsSession(ITypeSymbol type) =>
        AgentBudgetSymbols.IsAgentBudgetMember(type)
        && type.GetMembers("RecordUsage").OfType<IMethodSymbol>().Any(m => !m.IsStatic);

    /// <summary>A recording method that takes the result itself (future SDK-aware helpers, generated extensions).</summary>
    private static System.Func<string, string, string>? DirectRecording(SemanticModel model, int position, ITypeSymbol sessionType, ITypeSymbol valueType, string name)
    {
        var candidates = model.LookupSymbols(position, sessionType, name, includeReducedExtensionMethods: true)
            .OfType<IMethodSymbol>()
            .Where(AgentBudgetSymbols.IsRecordingMethod)
            .Where(m => m.Parameters.Length >= 1 && m.Parameters.Skip(1).All(p => p.IsOptional)
                && m.Parameters[0].RefKind == RefKind.None
                && model.Compilation.ClassifyConversion(valueType, m.Parameters[0].Type).IsImplicit
                && m.Parameters[0].Type.SpecialType == SpecialType.None)
            .OrderBy(m => m.Name, System.StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        return (session, value) => session + "." + name + "(" + value + ")";
    }

    /// <summary>RecordUsage with the provider's usage mapping, for the SDK result types whose usage fields are known.</summary>
    private static System.Func<string, string, string>? UsageRecording(ITypeSymbol valueType)
    {
        var name = valueType.ToDisplayString();
        switch (name)
        {
            case "OpenAI.Chat.ChatCompletion":
            case "OpenAI.Responses.ResponseResult":
                return (session, v) =>
                    session + ".RecordUsage(" + v + ".Model, " + TokenUsageType + ".FromOpenAI(" + v + ".Usage.InputTokenCount, " + v
                    + ".Usage.OutputTokenCount, " + v + ".Usage.InputTokenDetails?.CachedTokenCount ?? 0, " + v
                    + ".Usage.OutputTokenDetails?.ReasoningTokenCount ?? 0))";
            case "OpenAI.Embeddings.OpenAIEmbeddingCollection":
                return (session, v) =>
                    session + ".RecordUsage(" + v + ".Model, " + TokenUsageType + ".FromInputOutput(" + v + ".Usage.InputTokenCount, 0))";
            case "Anthropic.Models.Messages.Message":
                return (session, v) =>
                    session + ".RecordUsage(" + v + ".Model.Raw(), " + TokenUsageType + ".FromAnthropic(" + v + ".Usage.InputTokens, " + v
                    + ".Usage.OutputTokens, " + v + ".Usage.CacheReadInputTokens ?? 0, " + v
                    + ".Usage.CacheCreation?.Ephemeral5mInputTokens ?? " + v + ".Usage.CacheCreationInputTokens ?? 0, " + v
                    + ".Usage.CacheCreation?.Ephemeral1hInputTokens ?? 0))";
            default:
                return null;
        }
    }

    private static string SuggestedName(ITypeSymbol type) => type.Name switch
    {
        "ChatCompletion" => "completion",
        "ResponseResult" => "response",
        "OpenAIEmbeddingCollection" => "embeddings",
        "Message" => "message",
        _ => "result",
    };

    private static string FreeName(SemanticModel model, int position, string preferred)
    {
        var taken = new HashSet<string>(model.LookupSymbols(position).Select(s => s.Name), System.StringComparer.Ordinal);
        var name = preferred;
        for (var i = 2; taken.Contains(name); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private sealed class FixPlan
    {
        private readonly System.Func<string, string> _record;

        public FixPlan(StatementSyntax loop, ExpressionSyntax stream, string sessionName, System.Func<string, string, string> track)
        {
            Anchor = loop;
            Stream = stream;
            SessionName = sessionName;
            ValueName = string.Empty;
            _record = value => track(sessionName, value);
        }

        public FixPlan(StatementSyntax anchor, string sessionName, string valueName, string? declareLocal, System.Func<string, string> record)
        {
            Anchor = anchor;
            SessionName = sessionName;
            ValueName = valueName;
            DeclareLocal = declareLocal;
            _record = record;
        }

        public StatementSyntax Anchor { get; }

        public string SessionName { get; }

        public string ValueName { get; }

        /// <summary>The stream expression of a <c>foreach</c> to wrap with <c>Track</c>, or null.</summary>
        public ExpressionSyntax? Stream { get; }

        /// <summary>The type to declare the result with, when the call's result was discarded.</summary>
        public string? DeclareLocal { get; }

        public string RecordStatement(string value) => _record(value);
    }
}
