using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.Generators.Analyzers.Tracking;

/// <summary>
/// AB0001 (untracked LLM call) and AB0003 (tracked stream abandoned early). Both need the same per-type picture of
/// which calls are tracked, so one analyzer collects the LLM calls and the client-typed member assignments of a type
/// and decides at the end of the type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmCallTrackingAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UntrackedLlmCall, DiagnosticDescriptors.StreamAbandonedEarly);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var sdk = LlmSdkSymbols.TryCreate(start.Compilation);
            if (sdk is null)
            {
                return;
            }

            var budget = AgentBudgetSymbols.Create(start.Compilation);
            start.RegisterSymbolStartAction(symbolStart => OnTypeStart(symbolStart, sdk, budget), SymbolKind.NamedType);
        });
    }

    private static void OnTypeStart(SymbolStartAnalysisContext context, LlmSdkSymbols sdk, AgentBudgetSymbols budget)
    {
        var type = (INamedTypeSymbol)context.Symbol;

        // A client implementation (a DelegatingChatClient, an OpenAI ChatClient subclass) forwards calls that are
        // accounted for where the pipeline is called; AgentBudget's own types are the tracking.
        if (sdk.IsLlmClientType(type) || AgentBudgetSymbols.IsAgentBudgetMember(type))
        {
            return;
        }

        var state = new TypeState(type, IsInBudgetedType(type, budget));
        context.RegisterOperationAction(c => state.OnInvocation((IInvocationOperation)c.Operation, sdk), OperationKind.Invocation);
        context.RegisterOperationAction(
            c => state.OnMemberWrite(c.Operation, sdk),
            OperationKind.SimpleAssignment,
            OperationKind.FieldInitializer,
            OperationKind.PropertyInitializer);

        context.RegisterSymbolEndAction(c => state.Report(c, sdk));
    }

    // The generator intercepts calls under the nearest enclosing [Budgeted] type, nested types included.
    private static bool IsInBudgetedType(INamedTypeSymbol type, AgentBudgetSymbols budget)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (budget.IsBudgeted(current))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class TypeState
    {
        private readonly INamedTypeSymbol _type;
        private readonly ConcurrentQueue<LlmCall> _calls = new();
        private readonly ConcurrentDictionary<ISymbol, ConcurrentQueue<IOperation>> _memberValues = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _membersHandedToAgentBudget = new(SymbolEqualityComparer.Default);

        public TypeState(INamedTypeSymbol type, bool isBudgetedType)
        {
            _type = type;
            IsBudgetedType = isBudgetedType;
        }

        /// <summary>The generator intercepts the metered LLM calls made in (or under) a [Budgeted] type.</summary>
        public bool IsBudgetedType { get; }

        public void OnInvocation(IInvocationOperation invocation, LlmSdkSymbols sdk)
        {
            var call = sdk.Classify(invocation);
            if (call is not null)
            {
                _calls.Enqueue(call.Value);
                return;
            }

            if (AgentBudgetSymbols.IsAgentBudgetMember(invocation.TargetMethod))
            {
                NoteHandedOver(invocation.Instance);
                foreach (var argument in invocation.Arguments)
                {
                    NoteHandedOver(argument.Value);
                }
            }
        }

        public void OnMemberWrite(IOperation operation, LlmSdkSymbols sdk)
        {
            switch (operation)
            {
                case IFieldInitializerOperation fieldInitializer:
                    foreach (var field in fieldInitializer.InitializedFields)
                    {
                        NoteValue(field, field.Type, fieldInitializer.Value, sdk);
                    }

                    break;

                case IPropertyInitializerOperation propertyInitializer:
                    foreach (var property in propertyInitializer.InitializedProperties)
                    {
                        NoteValue(property, property.Type, propertyInitializer.Value, sdk);
                    }

                    break;

                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                    when IsOwnMember(target):
                    NoteValue(target.Member, target.Type, assignment.Value, sdk);
                    break;
            }
        }

        public void Report(SymbolAnalysisContext context, LlmSdkSymbols sdk)
        {
            if (_calls.IsEmpty)
            {
                return;
            }

            var memberValues = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            foreach (var pair in _memberValues)
            {
                memberValues[pair.Key] = new List<IOperation>(pair.Value);
            }

            var handedOver = new HashSet<ISymbol>(_membersHandedToAgentBudget.Keys, SymbolEqualityComparer.Default);
            var flow = new TrackingFlow(sdk, memberValues, handedOver);

            foreach (var call in _calls)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!IsTracked(call, flow))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UntrackedLlmCall,
                        CallLocation(call.Invocation),
                        call.MethodName,
                        IsBudgetedType ? DiagnosticDescriptors.UntrackedNotIntercepted : DiagnosticDescriptors.UntrackedOutsideBudgetedType));
                    continue;
                }

                if (call.IsStreaming)
                {
                    foreach (var exit in StreamConsumption.FindEarlyExits(call.Invocation, flow))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.StreamAbandonedEarly,
                            exit.Location,
                            call.MethodName,
                            exit.Kind));
                    }
                }
            }
        }

        private bool IsTracked(LlmCall call, TrackingFlow flow)
        {
            if (IsBudgetedType && IsIntercepted(call))
            {
                return true;
            }

            var origin = flow.OriginOf(call.Client);
            if (origin == ClientOrigin.Budgeted)
            {
                return true;
            }

            // An IChatClient/IEmbeddingGenerator whose origin is not visible here (injected, a parameter) is usually
            // built by the host's pipeline, where UseBudget is configured; staying quiet beats warning on every
            // dependency-injected client. OpenAI and Anthropic clients have no middleware, so they get no such pass.
            if (origin == ClientOrigin.Unknown && call.Api is LlmApi.ChatClient or LlmApi.EmbeddingGenerator)
            {
                return true;
            }

            var fate = flow.FateOf(call.Invocation);
            return fate != ResultFate.NotRecorded;
        }

        // The interceptor generator's own classification decides (shared code): protocol overloads (BinaryContent) and
        // generic methods (structured output) are left alone by it.
        private static bool IsIntercepted(LlmCall call) =>
            !call.IsProtocol
            && !call.Invocation.TargetMethod.IsGenericMethod
            && Interception.CallSiteScanner.Classify(call.Invocation.TargetMethod) is not null;

        private bool IsOwnMember(IMemberReferenceOperation target) =>
            (target.Instance is null or IInstanceReferenceOperation)
            && SymbolEqualityComparer.Default.Equals(target.Member.ContainingType?.OriginalDefinition, _type.OriginalDefinition);

        private void NoteValue(ISymbol member, ITypeSymbol? memberType, IOperation value, LlmSdkSymbols sdk)
        {
            if (!sdk.IsLlmClientType(memberType) && memberType?.Name != "ChatClientBuilder")
            {
                return;
            }

            _memberValues.GetOrAdd(member, static _ => new ConcurrentQueue<IOperation>()).Enqueue(value);
        }

        private void NoteHandedOver(IOperation? value)
        {
            if (value is not null && OperationWalk.Unwrap(value) is IMemberReferenceOperation member && IsOwnMember(member))
            {
                _membersHandedToAgentBudget.TryAdd(member.Member, true);
            }
        }
    }

    /// <summary>From the called member's name to the end of the argument list: the part of a chain that is the LLM call.</summary>
    internal static Location CallLocation(IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        var start = syntax.SpanStart;
        if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
            {
                Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax memberAccess,
            })
        {
            start = memberAccess.Name.SpanStart;
        }

        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(start, syntax.Span.End));
    }
}
