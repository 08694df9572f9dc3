using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Generators.Analyzers.Streaming;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.CodeFixes.Streaming;

/// <summary>
/// AB0002: adds <c>"stream_options": {"include_usage": true}</c> to a streaming chat-completions body (or
/// <c>include_usage</c> to an existing <c>stream_options</c>, or turns <c>false</c> into <c>true</c>), written the way
/// the body is written: a member of the anonymous object, an element of the <c>JsonObject</c>/dictionary initializer, a
/// statement after <c>body["stream"] = true;</c>, or text inside the (regular, verbatim, raw, UTF-8 or interpolated)
/// string literal, in the literal's own escaping and layout.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequestStreamUsageCodeFix)), Shared]
public sealed class RequestStreamUsageCodeFix : CodeFixProvider
{
    private const string Title = "Request usage in the stream (stream_options.include_usage = true)";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.StreamingRequestWithoutUsage.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var text = await context.Document.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var change = ComputeChange(root, model, text, diagnostic.Location.SourceSpan, context.CancellationToken);
            if (change is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithText(text.WithChanges(change.Value))), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static TextChange? ComputeChange(SyntaxNode root, SemanticModel model, SourceText text, TextSpan span, CancellationToken cancellationToken)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var operation = model.GetOperation(node, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var facts = new StreamingUsageAnalyzer.FactsCache();
        var body = new RequestBodyReader(facts.For).ReadSent(operation);
        if (body is null)
        {
            return null;
        }

        var verdict = JsonShape.Judge(body.Shape);
        if (verdict == StreamUsageVerdict.Fine)
        {
            return null;
        }

        var stream = body.Shape.Members[JsonShape.Stream];
        body.Shape.Members.TryGetValue(JsonShape.StreamOptions, out var options);
        JsonShapeMember? includeUsage = null;
        options?.Value?.Members.TryGetValue(JsonShape.IncludeUsage, out includeUsage);

        if (stream.Setter is null && body.Literal is not null)
        {
            return LiteralChange(body.Literal, body.Shape, verdict, stream, options, includeUsage);
        }

        return verdict switch
        {
            StreamUsageVerdict.MissingStreamOptions when stream.Setter is not null => AddStreamOptions(model, text, body, stream.Setter),
            StreamUsageVerdict.MissingIncludeUsage when options?.ValueSyntax is not null => AddIncludeUsage(text, body.Form, options.ValueSyntax),
            StreamUsageVerdict.IncludeUsageFalse when includeUsage?.ValueSyntax is not null => new TextChange(includeUsage.ValueSyntax.Span, "true"),
            _ => null,
        };
    }

    // ----- String literals ------------------------------------------------------------------------------------------

    private static TextChange? LiteralChange(DecodedLiteral literal, JsonShapeObject shape, StreamUsageVerdict verdict, JsonShapeMember stream, JsonShapeMember? options, JsonShapeMember? includeUsage)
    {
        var json = literal.Text;
        switch (verdict)
        {
            case StreamUsageVerdict.MissingStreamOptions:
            {
                var layout = LiteralLayout.Of(json, stream, shape);
                var member = layout.Quote("stream_options") + layout.Colon + "{" + layout.Inner + layout.Quote("include_usage") + layout.Colon + "true" + layout.Inner + "}";
                var insertion = layout.Multiline ? "," + "\n" + layout.Indentation + member : "," + layout.AfterComma + member;
                return new TextChange(new TextSpan(EndOf(literal, stream.ValueEnd - 1), 0), literal.Encode(insertion));
            }

            case StreamUsageVerdict.MissingIncludeUsage when options?.Value is { OpenBrace: >= 0 } optionsObject:
            {
                var layout = LiteralLayout.Of(json, options, optionsObject);
                var member = layout.Quote("include_usage") + layout.Colon + "true";
                var insertion = optionsObject.Members.Count == 0 ? member : member + "," + layout.AfterComma;
                return new TextChange(new TextSpan(EndOf(literal, optionsObject.OpenBrace), 0), literal.Encode(insertion));
            }

            case StreamUsageVerdict.IncludeUsageFalse when includeUsage is { ValueStart: >= 0 }:
            {
                var start = literal.SourcePosition(includeUsage.ValueStart);
                return new TextChange(TextSpan.FromBounds(start, EndOf(literal, includeUsage.ValueEnd - 1)), "true");
            }

            default:
                return null;
        }
    }

    /// <summary>Source position just after the value character at <paramref name="index"/> (escapes and doubled braces included).</summary>
    private static int EndOf(DecodedLiteral literal, int index) => literal.SourcePosition(index + 1);

    /// <summary>How the JSON in a literal is laid out around a member, so that an inserted member looks the same.</summary>
    private readonly struct LiteralLayout
    {
        private LiteralLayout(bool multiline, string indentation, string colon, string afterComma, string inner)
        {
            Multiline = multiline;
            Indentation = indentation;
            Colon = colon;
            AfterComma = afterComma;
            Inner = inner;
        }

        public bool Multiline { get; }

        public string Indentation { get; }

        public string Colon { get; }

        public string AfterComma { get; }

        /// <summary>Space inside the braces of the inserted object (<c>{ "a": 1 }</c> or <c>{"a":1}</c>).</summary>
        public string Inner { get; }

        public string Quote(string name) => "\"" + name + "\"";

        public static LiteralLayout Of(string json, JsonShapeMember member, JsonShapeObject container)
        {
            var lineStart = json.LastIndexOf('\n', member.KeyStart > 0 ? member.KeyStart - 1 : 0);
            var multiline = lineStart >= 0 && json.Substring(lineStart + 1, member.KeyStart - lineStart - 1).Trim().Length == 0;
            var indentation = multiline ? json.Substring(lineStart + 1, member.KeyStart - lineStart - 1) : string.Empty;
            var between = json.Substring(member.KeyStart, member.ValueStart - member.KeyStart);
            var spaced = between.EndsWith(" ", System.StringComparison.Ordinal);
            // Space inside braces follows the container: "{ "a": 1 }" when it is written that way (or across lines).
            var paddedBraces = container.OpenBrace + 1 < json.Length && char.IsWhiteSpace(json[container.OpenBrace + 1]);
            return new LiteralLayout(multiline, indentation, spaced ? ": " : ":", spaced ? " " : string.Empty, paddedBraces ? " " : string.Empty);
        }
    }

    // ----- Code: anonymous objects, JsonObject and dictionaries -------------------------------------------------------

    private static TextChange? AddStreamOptions(SemanticModel model, SourceText text, RequestBody body, SyntaxNode setter)
    {
        switch (setter)
        {
            case AnonymousObjectMemberDeclaratorSyntax:
                return InsertAfterElement(text, setter, "stream_options = new { include_usage = true }");

            case AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax } when setter.Parent is InitializerExpressionSyntax:
                return InsertAfterElement(text, setter, "[\"stream_options\"] = " + NestedObject(model, body, setter.SpanStart, indexerStyle: true));

            case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ComplexElementInitializerExpression }:
                return InsertAfterElement(text, setter, "{ \"stream_options\", " + NestedObject(model, body, setter.SpanStart, indexerStyle: false) + " }");

            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax access } }:
                return InsertStatementAfter(text, setter, access.Expression + "[\"stream_options\"] = " + NestedObject(model, body, setter.SpanStart, indexerStyle: true) + ";");

            case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax add } }:
                return InsertStatementAfter(text, setter, add.Expression + "." + add.Name + "(\"stream_options\", " + NestedObject(model, body, setter.SpanStart, indexerStyle: false) + ");");

            default:
                return null;
        }
    }

    private static TextChange? AddIncludeUsage(SourceText text, BodyForm form, SyntaxNode optionsValue)
    {
        var member = form == BodyForm.AnonymousObject ? "include_usage = true" : "[\"include_usage\"] = true";
        switch (optionsValue)
        {
            case AnonymousObjectCreationExpressionSyntax anonymous:
                return anonymous.Initializers.Count == 0
                    ? new TextChange(TextSpan.FromBounds(anonymous.OpenBraceToken.Span.End, anonymous.CloseBraceToken.SpanStart), " " + member + " ")
                    : InsertAfterElement(text, anonymous.Initializers.Last(), member);

            case BaseObjectCreationExpressionSyntax { Initializer: { } initializer }:
                if (initializer.Expressions.Count == 0)
                {
                    return new TextChange(TextSpan.FromBounds(initializer.OpenBraceToken.Span.End, initializer.CloseBraceToken.SpanStart), " " + member + " ");
                }

                var last = initializer.Expressions.Last();
                return InsertAfterElement(text, last, last is InitializerExpressionSyntax ? "{ \"include_usage\", true }" : member);

            case BaseObjectCreationExpressionSyntax creation:
                return new TextChange(new TextSpan(creation.Span.End, 0), " { " + member + " }");

            default:
                return null;
        }
    }

    private static string NestedObject(SemanticModel model, RequestBody body, int position, bool indexerStyle)
    {
        var members = indexerStyle ? "[\"include_usage\"] = true" : "{ \"include_usage\", true }";
        return "new " + NestedTypeName(model, body, position) + " { " + members + " }";
    }

    // The nested object is of the same kind as the body: a JsonObject inside a JsonNode, the same dictionary type inside
    // a dictionary (as the user spelled it when the body's creation names it).
    private static string NestedTypeName(SemanticModel model, RequestBody body, int position)
    {
        if (body.Origin.Syntax is ObjectCreationExpressionSyntax { Type: { } written } && body.Form == BodyForm.Dictionary)
        {
            return written.ToString();
        }

        if (body.Form == BodyForm.Dictionary && body.Origin.Type is { } dictionary)
        {
            return dictionary.ToMinimalDisplayString(model, position);
        }

        var jsonObject = model.Compilation.GetTypeByMetadataName("System.Text.Json.Nodes.JsonObject");
        return jsonObject is null ? "System.Text.Json.Nodes.JsonObject" : jsonObject.ToMinimalDisplayString(model, position);
    }

    /// <summary>Inserts <paramref name="element"/> after an element of a comma-separated list, on its own line when the list is one element per line.</summary>
    private static TextChange InsertAfterElement(SourceText text, SyntaxNode after, string element)
    {
        var line = text.Lines.GetLineFromPosition(after.SpanStart);
        var before = text.ToString(TextSpan.FromBounds(line.Start, after.SpanStart));
        if (before.Trim().Length == 0)
        {
            return new TextChange(new TextSpan(after.Span.End, 0), "," + NewLine(text) + before + element);
        }

        return new TextChange(new TextSpan(after.Span.End, 0), ", " + element);
    }

    private static TextChange InsertStatementAfter(SourceText text, SyntaxNode statement, string newStatement)
    {
        var line = text.Lines.GetLineFromPosition(statement.SpanStart);
        var indentation = text.ToString(TextSpan.FromBounds(line.Start, statement.SpanStart));
        return new TextChange(new TextSpan(statement.Span.End, 0), NewLine(text) + indentation + newStatement);
    }

    private static string NewLine(SourceText text)
    {
        var first = text.Lines.FirstOrDefault(l => l.EndIncludingLineBreak > l.End);
        return first.EndIncludingLineBreak > first.End ? text.ToString(TextSpan.FromBounds(first.End, first.EndIncludingLineBreak)) : "\n";
    }
}
