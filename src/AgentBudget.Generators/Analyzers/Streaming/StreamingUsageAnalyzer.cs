using System;
using System.Collections.Immutable;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Streaming;

/// <summary>
/// AB0002: a chat-completions request body that streams (<c>"stream": true</c>) without asking for usage
/// (<c>"stream_options": {"include_usage": true}</c>), sent through an OpenAI protocol overload (<c>BinaryContent</c>)
/// or a raw <c>HttpClient</c> POST to <c>…/chat/completions</c>. The SDK's typed streaming calls add the flag
/// themselves, so they are never flagged.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StreamingUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the <see cref="StreamUsageVerdict"/> the code fix must repair.</summary>
    internal const string VerdictProperty = "Verdict";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.StreamingRequestWithoutUsage);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // Raw HTTP calls matter when the project meters LLM usage at all: an SDK or AgentBudget is referenced.
            var sdk = LlmSdkSymbols.TryCreate(start.Compilation);
            if (sdk is null && AgentBudgetSymbols.Create(start.Compilation).BudgetedAttribute is null)
            {
                return;
            }

            var http = new HttpSymbols(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, sdk, http), OperationKind.Invocation);
            if (http.HttpRequestMessage is not null)
            {
                start.RegisterOperationAction(c => AnalyzeRequestMessage(c, http), OperationKind.ObjectCreation);
                start.RegisterOperationAction(c => AnalyzeContentAssignment(c, http), OperationKind.SimpleAssignment);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LlmSdkSymbols? sdk, HttpSymbols http)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // OpenAI protocol overloads: ChatClient.CompleteChat[Async](BinaryContent, RequestOptions).
        if (sdk is not null && method.Name is "CompleteChat" or "CompleteChatAsync")
        {
            var call = sdk.Classify(invocation);
            if (call is { Api: LlmApi.OpenAIChat, IsProtocol: true })
            {
                Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 0));
            }

            return;
        }

        if (http.HttpClient is null)
        {
            return;
        }

        switch (method.Name)
        {
            case "PostAsync" or "Post" when TypeLookup.IsOrDerivesFrom(method.ContainingType, http.HttpClient) && invocation.Arguments.Length >= 2:
                if (IsChatCompletionsUrl(RequestBodyReader.ArgumentAt(invocation.Arguments, 0)))
                {
                    Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 1));
                }

                break;

            case "PostAsJsonAsync" when method.ContainingType?.Name == "HttpClientJsonExtensions" && invocation.Arguments.Length >= 3:
                if (IsChatCompletionsUrl(RequestBodyReader.ArgumentAt(invocation.Arguments, 1)))
                {
                    Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 2));
                }

                break;
        }
    }

    // new HttpRequestMessage(HttpMethod.Post, ".../chat/completions") { Content = body }
    private static void AnalyzeRequestMessage(OperationAnalysisContext context, HttpSymbols http)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!IsChatCompletionsPost(creation, http) || creation.Initializer is null)
        {
            return;
        }

        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Content" } } assignment)
            {
                Check(context, assignment.Value);
            }
        }
    }

    // var request = new HttpRequestMessage(HttpMethod.Post, ".../chat/completions"); request.Content = body;
    private static void AnalyzeContentAssignment(OperationAnalysisContext context, HttpSymbols http)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Content", Instance: ILocalReferenceOperation request }
            || !SymbolEqualityComparer.Default.Equals(request.Type, http.HttpRequestMessage))
        {
            return;
        }

        var assigned = MethodFlowFacts.Compute(OperationWalk.Root(assignment)).AssignedValues(request.Local);
        if (assigned.Count == 1 && OperationWalk.Unwrap(assigned[0]) is IObjectCreationOperation creation && IsChatCompletionsPost(creation, http))
        {
            Check(context, assignment.Value);
        }
    }

    private static bool IsChatCompletionsPost(IObjectCreationOperation creation, HttpSymbols http) =>
        SymbolEqualityComparer.Default.Equals(creation.Type, http.HttpRequestMessage) && creation.Arguments.Length == 2
        && IsPost(RequestBodyReader.ArgumentAt(creation.Arguments, 0))
        && IsChatCompletionsUrl(RequestBodyReader.ArgumentAt(creation.Arguments, 1));

    /// <summary>
    /// Reports on the value handed to the send call (inside the analyzed operation, so the diagnostic is local and
    /// the IDE offers the fix wherever the squiggle is), with the place the body is written as an additional location.
    /// </summary>
    private static void Check(OperationAnalysisContext context, IOperation sent)
    {
        var facts = new FactsCache();
        var body = new RequestBodyReader(facts.For).ReadSent(sent);
        if (body is null)
        {
            return;
        }

        var verdict = JsonShape.Judge(body.Shape);
        if (verdict == StreamUsageVerdict.Fine)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(VerdictProperty, verdict.ToString());
        var location = OperationWalk.Unwrap(sent).Syntax.GetLocation();
        var origin = body.Origin.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StreamingRequestWithoutUsage,
            location,
            origin == location ? ImmutableArray<Location>.Empty : ImmutableArray.Create(origin),
            properties));
    }

    private static bool IsPost(IOperation method)
    {
        method = OperationWalk.Unwrap(method);
        return method switch
        {
            IPropertyReferenceOperation { Property.Name: "Post", Property.ContainingType.Name: "HttpMethod" } => true,
            IObjectCreationOperation { Type.Name: "HttpMethod" } creation when creation.Arguments.Length == 1 =>
                creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string verb }
                && string.Equals(verb, "POST", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
    }

    /// <summary>Whether a URL argument is (a constant ending in) <c>…/chat/completions</c>.</summary>
    private static bool IsChatCompletionsUrl(IOperation url)
    {
        url = OperationWalk.Unwrap(url);
        switch (url)
        {
            case { ConstantValue: { HasValue: true, Value: string text } }:
                return EndsWithChatCompletions(text);

            case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0:
                return interpolated.Parts[interpolated.Parts.Length - 1] is IInterpolatedStringTextOperation
                {
                    Text.ConstantValue: { HasValue: true, Value: string tail },
                } && EndsWithChatCompletions(tail);

            case IObjectCreationOperation { Type.Name: "Uri" } uri when uri.Arguments.Length > 0:
                // new Uri("…/chat/completions") or new Uri(baseUri, "chat/completions")
                foreach (var argument in uri.Arguments)
                {
                    if (argument.Value.Type?.SpecialType == SpecialType.System_String && IsChatCompletionsUrl(argument.Value))
                    {
                        return true;
                    }
                }

                return false;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return IsChatCompletionsUrl(concatenation.RightOperand);

            case ILocalReferenceOperation local:
            {
                var assigned = MethodFlowFacts.Compute(OperationWalk.Root(local)).AssignedValues(local.Local);
                return assigned.Count == 1 && IsChatCompletionsUrl(assigned[0]);
            }

            default:
                return false;
        }
    }

    private static bool EndsWithChatCompletions(string url)
    {
        var query = url.IndexOf('?');
        var path = (query >= 0 ? url.Substring(0, query) : url).TrimEnd('/');
        return path.EndsWith("chat/completions", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class HttpSymbols
    {
        public HttpSymbols(Compilation compilation)
        {
            HttpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
            HttpRequestMessage = compilation.GetTypeByMetadataName("System.Net.Http.HttpRequestMessage");
        }

        public INamedTypeSymbol? HttpClient { get; }

        public INamedTypeSymbol? HttpRequestMessage { get; }
    }

    /// <summary>Computes each member body's local facts once per check.</summary>
    internal sealed class FactsCache
    {
        private readonly System.Collections.Generic.Dictionary<IOperation, MethodFlowFacts> _byRoot = new();

        public MethodFlowFacts For(IOperation operation)
        {
            var root = OperationWalk.Root(operation);
            if (!_byRoot.TryGetValue(root, out var facts))
            {
                facts = MethodFlowFacts.Compute(root);
                _byRoot.Add(root, facts);
            }

            return facts;
        }
    }
}
