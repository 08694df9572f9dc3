using System.Collections.Generic;
using AgentBudget.Generators.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Tracking;

/// <summary>Where the client of an LLM call comes from, as far as one type's source shows.</summary>
internal enum ClientOrigin
{
    /// <summary>Not visible here: a parameter, an injected member, a user factory.</summary>
    Unknown = 0,

    /// <summary>Made here from SDK constructors, factories and adapters with no AgentBudget part in the chain.</summary>
    Plain = 1,

    /// <summary>Goes through AgentBudget: <c>UseBudget</c>, a budget client or wrapper, or was handed to the session.</summary>
    Budgeted = 2,
}

/// <summary>What happens to the result of an LLM call in the member that makes it.</summary>
internal enum ResultFate
{
    /// <summary>Used and dropped: nothing that could record it sees the part that carries the usage.</summary>
    NotRecorded = 0,

    /// <summary>Leaves the member with its usage (returned, stored in a member, passed to user code): may be recorded elsewhere.</summary>
    Escapes = 1,

    /// <summary>Passed to an AgentBudget recording method.</summary>
    Recorded = 2,
}

/// <summary>
/// The intra-type data flow behind "is this LLM call tracked?": the origin of its client (through locals, the type's
/// own fields and properties, builder chains) and the fate of its result (through locals, awaits, conversions and
/// member accesses). Flow-insensitive and deliberately shallow: what it cannot see counts as "unknown/escapes", so
/// that the rule stays quiet rather than wrong.
/// </summary>
internal sealed class TrackingFlow
{
    private const int MaxDepth = 12;

    private readonly LlmSdkSymbols _sdk;
    private readonly IReadOnlyDictionary<ISymbol, List<IOperation>> _memberValues;
    private readonly ISet<ISymbol> _membersHandedToAgentBudget;
    private readonly Dictionary<IOperation, MethodFlowFacts> _factsByRoot = new();

    public TrackingFlow(
        LlmSdkSymbols sdk,
        IReadOnlyDictionary<ISymbol, List<IOperation>> memberValues,
        ISet<ISymbol> membersHandedToAgentBudget)
    {
        _sdk = sdk;
        _memberValues = memberValues;
        _membersHandedToAgentBudget = membersHandedToAgentBudget;
    }

    public MethodFlowFacts FactsFor(IOperation operation)
    {
        var root = OperationWalk.Root(operation);
        if (!_factsByRoot.TryGetValue(root, out var facts))
        {
            facts = MethodFlowFacts.Compute(root);
            _factsByRoot.Add(root, facts);
        }

        return facts;
    }

    // ----- Client origin -------------------------------------------------------------------------------------------

    public ClientOrigin OriginOf(IOperation? client) => client is null ? ClientOrigin.Unknown : Origin(client, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default));

    private ClientOrigin Origin(IOperation operation, int depth, HashSet<ISymbol> visiting)
    {
        if (depth > MaxDepth)
        {
            return ClientOrigin.Unknown;
        }

        operation = OperationWalk.Unwrap(operation);
        switch (operation)
        {
            case IAwaitOperation awaited:
                return Origin(awaited.Operation, depth + 1, visiting);

            case IObjectCreationOperation creation:
                if (AgentBudgetSymbols.IsAgentBudgetMember(creation.Constructor) || AgentBudgetSymbols.IsAgentBudgetMember(creation.Type))
                {
                    return ClientOrigin.Budgeted;
                }

                // A delegating client wrapped around a budgeted one stays budgeted; anything else made here is plain.
                foreach (var argument in creation.Arguments)
                {
                    if (IsClientLike(argument.Value) && Origin(argument.Value, depth + 1, visiting) == ClientOrigin.Budgeted)
                    {
                        return ClientOrigin.Budgeted;
                    }
                }

                return ClientOrigin.Plain;

            case IInvocationOperation invocation:
                return InvocationOrigin(invocation, depth, visiting);

            case ILocalReferenceOperation local:
            {
                if (!visiting.Add(local.Local))
                {
                    return ClientOrigin.Unknown;
                }

                var facts = FactsFor(local);
                if (facts.IsHandedToAgentBudget(local.Local))
                {
                    return ClientOrigin.Budgeted;
                }

                var result = CombineAll(facts.AssignedValues(local.Local), depth, visiting);
                visiting.Remove(local.Local);
                return result;
            }

            case IFieldReferenceOperation or IPropertyReferenceOperation:
                return MemberOrigin((IMemberReferenceOperation)operation, depth, visiting);

            case IConditionalOperation conditional when conditional.WhenFalse is not null:
                return Combine(Origin(conditional.WhenTrue, depth + 1, visiting), Origin(conditional.WhenFalse, depth + 1, visiting));

            case ICoalesceOperation coalesce:
                return Combine(Origin(coalesce.Value, depth + 1, visiting), Origin(coalesce.WhenNull, depth + 1, visiting));

            default:
                return ClientOrigin.Unknown;
        }
    }

    private ClientOrigin InvocationOrigin(IInvocationOperation invocation, int depth, HashSet<ISymbol> visiting)
    {
        var method = invocation.TargetMethod;
        if (AgentBudgetSymbols.IsAgentBudgetMember(method))
        {
            return ClientOrigin.Budgeted;
        }

        // Lambdas passed along a builder chain (builder.Use(inner => new BudgetChatClient(inner, session))).
        foreach (var argument in invocation.Arguments)
        {
            if (OperationWalk.Unwrap(argument.Value) is IDelegateCreationOperation or IAnonymousFunctionOperation
                && MentionsAgentBudget(argument.Value))
            {
                return ClientOrigin.Budgeted;
            }
        }

        var assembly = method.ContainingAssembly?.Name;
        if (assembly is "OpenAI" or "Anthropic" || method.Name is "AsIChatClient" or "AsIEmbeddingGenerator")
        {
            // SDK factories (GetChatClient, Messages, Beta, WithOptions) and the IChatClient adapters make a fresh
            // client that no middleware wraps.
            return ClientOrigin.Plain;
        }

        if (assembly is "Microsoft.Extensions.AI" or "Microsoft.Extensions.AI.Abstractions")
        {
            // Builder chains (AsBuilder().UseX().Build()): the result goes through whatever the chain's operands do.
            var result = ClientOrigin.Plain;
            var receiver = invocation.Instance ?? (method.IsExtensionMethod ? LlmSdkSymbols.ThisArgument(invocation) : null);
            if (receiver is not null)
            {
                result = Origin(receiver, depth + 1, visiting);
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value != receiver && IsClientLike(argument.Value))
                {
                    result = Combine(result, Origin(argument.Value, depth + 1, visiting));
                }
            }

            return result;
        }

        return ClientOrigin.Unknown;
    }

    private ClientOrigin MemberOrigin(IMemberReferenceOperation reference, int depth, HashSet<ISymbol> visiting)
    {
        var member = reference.Member;
        if (_memberValues.TryGetValue(member, out var values) || _membersHandedToAgentBudget.Contains(member))
        {
            if (_membersHandedToAgentBudget.Contains(member))
            {
                return ClientOrigin.Budgeted;
            }

            if (!visiting.Add(member))
            {
                return ClientOrigin.Unknown;
            }

            var result = CombineAll(values!, depth, visiting);
            visiting.Remove(member);
            return result;
        }

        // SDK sub-clients (anthropic.Messages, anthropic.Beta.Messages) are plain whatever their parent is: the SDKs
        // have no budget middleware of their own.
        if (member.ContainingAssembly?.Name is "OpenAI" or "Anthropic")
        {
            return ClientOrigin.Plain;
        }

        return ClientOrigin.Unknown;
    }

    private ClientOrigin CombineAll(IEnumerable<IOperation> values, int depth, HashSet<ISymbol> visiting)
    {
        var any = false;
        var result = ClientOrigin.Plain;
        foreach (var value in values)
        {
            any = true;
            result = Combine(result, Origin(value, depth + 1, visiting));
            if (result == ClientOrigin.Budgeted)
            {
                return result;
            }
        }

        return any ? result : ClientOrigin.Unknown;
    }

    // Budgeted anywhere wins (the benefit of the doubt); plain only when every source is plain.
    private static ClientOrigin Combine(ClientOrigin left, ClientOrigin right) =>
        left == ClientOrigin.Budgeted || right == ClientOrigin.Budgeted ? ClientOrigin.Budgeted
        : left == ClientOrigin.Plain && right == ClientOrigin.Plain ? ClientOrigin.Plain
        : ClientOrigin.Unknown;

    private bool IsClientLike(IOperation value)
    {
        var type = OperationWalk.Unwrap(value).Type;
        return _sdk.IsLlmClientType(type) || type?.Name == "ChatClientBuilder";
    }

    private static bool MentionsAgentBudget(IOperation operation)
    {
        foreach (var descendant in OperationWalk.Descendants(operation, enterFunctions: true))
        {
            switch (descendant)
            {
                case IObjectCreationOperation creation when AgentBudgetSymbols.IsAgentBudgetMember(creation.Constructor):
                case IInvocationOperation invocation when AgentBudgetSymbols.IsAgentBudgetMember(invocation.TargetMethod):
                    return true;
            }
        }

        return false;
    }

    // ----- Result fate ---------------------------------------------------------------------------------------------

    public ResultFate FateOf(IInvocationOperation call) => Fate(call, derived: false, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default));

    private ResultFate Fate(IOperation value, bool derived, int depth, HashSet<ISymbol> visiting)
    {
        if (depth > MaxDepth)
        {
            return ResultFate.Escapes;
        }

        var parent = value.Parent;
        switch (parent)
        {
            case null:
                return derived ? ResultFate.NotRecorded : ResultFate.Escapes;

            case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                return Fate(parent, derived, depth + 1, visiting);

            case IMemberReferenceOperation member when member.Instance == value:
                return Fate(parent, derived || !CarriesUsage(member.Type), depth + 1, visiting);

            case IConditionalAccessOperation conditionalAccess when conditionalAccess.Operation == value:
                return Fate(parent, derived || !CarriesUsage(conditionalAccess.Type), depth + 1, visiting);

            case IInvocationOperation invocation when invocation.Instance == value:
                return AgentBudgetSymbols.IsRecordingMethod(invocation.TargetMethod)
                    ? ResultFate.Recorded
                    : Fate(invocation, derived || !CarriesUsage(invocation.Type), depth + 1, visiting);

            case IArgumentOperation argument:
                return ArgumentFate(argument, derived, depth, visiting);

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return LocalFate(declarator.Symbol, declarator, derived, depth, visiting);

            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Target is ILocalReferenceOperation target
                    ? LocalFate(target.Local, assignment, derived, depth, visiting)
                    : derived ? ResultFate.NotRecorded : ResultFate.Escapes;

            case IForEachLoopOperation loop when loop.Collection == value:
                return loop.LoopControlVariable is IVariableDeclaratorOperation control
                    ? LocalFate(control.Symbol, loop, derived, depth, visiting)
                    : ResultFate.Escapes;

            case IExpressionStatementOperation:
            case IBinaryOperation:
            case IInterpolationOperation:
            case IIsTypeOperation:
            case IIsPatternOperation:
                return ResultFate.NotRecorded;

            case IUsingOperation or IUsingDeclarationOperation:
                return ResultFate.NotRecorded;

            default:
                // Returned, stored in a member, put in a collection literal, captured: the usage leaves this member.
                return derived ? ResultFate.NotRecorded : ResultFate.Escapes;
        }
    }

    private ResultFate ArgumentFate(IArgumentOperation argument, bool derived, int depth, HashSet<ISymbol> visiting)
    {
        switch (argument.Parent)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (AgentBudgetSymbols.IsRecordingMethod(method))
                {
                    // Manual mode records derived values too: RecordUsage(model, inputTokens, outputTokens).
                    return ResultFate.Recorded;
                }

                if (method.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                {
                    // stream.ToChatResponseAsync(), events.Aggregate(), updates.Select(...): the value flows on.
                    return Fate(invocation, derived || !CarriesUsage(invocation.Type), depth + 1, visiting);
                }

                return !derived && IsUserCode(method) ? ResultFate.Escapes : ResultFate.NotRecorded;
            }

            case IObjectCreationOperation creation:
                if (AgentBudgetSymbols.IsAgentBudgetMember(creation.Constructor))
                {
                    return ResultFate.Recorded;
                }

                return !derived && IsUserCode(creation.Constructor) ? ResultFate.Escapes : ResultFate.NotRecorded;

            default:
                return derived ? ResultFate.NotRecorded : ResultFate.Escapes;
        }
    }

    private ResultFate LocalFate(ILocalSymbol local, IOperation binding, bool derived, int depth, HashSet<ISymbol> visiting)
    {
        if (!visiting.Add(local))
        {
            return ResultFate.NotRecorded;
        }

        var best = ResultFate.NotRecorded;
        foreach (var read in FactsFor(binding).Reads(local))
        {
            var fate = Fate(read, derived, depth + 1, visiting);
            if (fate > best)
            {
                best = fate;
                if (best == ResultFate.Recorded)
                {
                    break;
                }
            }
        }

        visiting.Remove(local);
        return best;
    }

    private static bool IsUserCode(IMethodSymbol? method) => method is not null && method.Locations.Length > 0 && method.Locations[0].IsInSource;

    /// <summary>
    /// Whether a value of <paramref name="type"/> can still carry the call's usage: an SDK or System.ClientModel type,
    /// or a task/enumerable/array of one. Strings, numbers and other types are what is left after the usage was dropped.
    /// </summary>
    public static bool CarriesUsage(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return false;
            case IArrayTypeSymbol array:
                return CarriesUsage(array.ElementType);
            case INamedTypeSymbol named:
                if (named.ContainingAssembly?.Name is "OpenAI" or "Anthropic" or "System.ClientModel"
                    or "Microsoft.Extensions.AI" or "Microsoft.Extensions.AI.Abstractions" or "Microsoft.Extensions.AI.OpenAI")
                {
                    return true;
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (CarriesUsage(argument))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
