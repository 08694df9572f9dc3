using System;
using System.Collections.Concurrent;
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
            var reported = new ConcurrentDictionary<Location, bool>();
            start.RegisterOperationAction(c => AnalyzeInvocation(c, sdk, http, reported), OperationKind.Invocation);
            if (http.HttpRequestMessage is not null)
            {
                start.RegisterOperationAction(c => AnalyzeRequestMessage(c, http, reported), OperationKind.ObjectCreation);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LlmSdkSymbols? sdk, HttpSymbols http, ConcurrentDictionary<Location, bool> reported)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // OpenAI protocol overloads: ChatClient.CompleteChat[Async](BinaryContent, RequestOptions).
        if (sdk is not null && method.Name is "CompleteChat" or "CompleteChatAsync")
        {
            var call = sdk.Classify(invocation);
            if (call is { Api: LlmApi.OpenAIChat, IsProtocol: true })
            {
                Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 0), reported);
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
                    Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 1), reported);
                }

                break;

            case "PostAsJsonAsync" when method.ContainingType?.Name == "HttpClientJsonExtensions" && invocation.Arguments.Length >= 3:
                if (IsChatCompletionsUrl(RequestBodyReader.ArgumentAt(invocation.Arguments, 1)))
                {
                    Check(context, RequestBodyReader.ArgumentAt(invocation.Arguments, 2), reported);
                }

                break;
        }
    }

    // new HttpRequestMessage(HttpMethod.Post, ".../chat/completions") { Content = body }, or request.Content = body later.
    private static void AnalyzeRequestMessage(OperationAnalysisContext context, HttpSymbols http, ConcurrentDictionary<Location, bool> reported)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, http.HttpRequestMessage) || creation.Arguments.Length != 2
            || !IsPost(RequestBodyReader.ArgumentAt(creation.Arguments, 0))
            || !IsChatCompletionsUrl(RequestBodyReader.ArgumentAt(creation.Arguments, 1)))
        {
            return;
        }

        if (creation.Initializer is not null)
        {
            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Content" } } assignment)
                {
                    Check(context, assignment.Value, reported);
                }
            }
        }

        if (creation.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var facts = MethodFlowFacts.Compute(OperationWalk.Root(creation));
            foreach (var read in facts.Reads(declarator.Symbol))
            {
                if (read.Parent is IPropertyReferenceOperation { Property.Name: "Content" } content
                    && content.Parent is ISimpleAssignmentOperation assignment && assignment.Target == content)
                {
                    Check(context, assignment.Value, reported);
                }
            }
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation sent, ConcurrentDictionary<Location, bool> reported)
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

        // One body sent from two places (or found twice) is one problem.
        var location = body.Origin.Syntax.GetLocation();
        if (!reported.TryAdd(location, true))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(VerdictProperty, verdict.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.StreamingRequestWithoutUsage,
            location,
            ImmutableArray.Create(context.Operation.Syntax.GetLocation()),
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
