using System.Collections.Generic;
using AgentBudget.Generators.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Tracking;

/// <summary>
/// Flow-insensitive facts about the locals of one member body: what was assigned to each local, where each local is
/// read, and which locals were handed to an AgentBudget member. Computed on demand, only for bodies that contain an
/// LLM call, and cached per body for the duration of one symbol-end action.
/// </summary>
internal sealed class MethodFlowFacts
{
    private static readonly IReadOnlyList<IOperation> None = new List<IOperation>();

    private readonly Dictionary<ILocalSymbol, List<IOperation>> _assignments = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _reads = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _handedToAgentBudget = new(SymbolEqualityComparer.Default);

    private MethodFlowFacts()
    {
    }

    /// <summary>Values assigned to <paramref name="local"/> (declaration initializers and simple assignments).</summary>
    public IReadOnlyList<IOperation> AssignedValues(ILocalSymbol local) =>
        _assignments.TryGetValue(local, out var values) ? values : None;

    /// <summary>Reads of <paramref name="local"/> (every reference that is not the target of a simple assignment).</summary>
    public IReadOnlyList<IOperation> Reads(ILocalSymbol local) =>
        _reads.TryGetValue(local, out var reads) ? reads : None;

    /// <summary>Whether <paramref name="local"/> is the receiver or an argument of an AgentBudget member somewhere in the body.</summary>
    public bool IsHandedToAgentBudget(ILocalSymbol local) => _handedToAgentBudget.Contains(local);

    public static MethodFlowFacts Compute(IOperation root)
    {
        var facts = new MethodFlowFacts();
        foreach (var operation in OperationWalk.Descendants(root, enterFunctions: true))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.Initializer is not null:
                    Add(facts._assignments, declarator.Symbol, declarator.Initializer.Value);
                    break;

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(facts._assignments, target.Local, assignment.Value);
                    break;

                case ILocalReferenceOperation reference when !IsAssignmentTarget(reference):
                    Add(facts._reads, reference.Local, reference);
                    break;

                case IInvocationOperation invocation when AgentBudgetSymbols.IsAgentBudgetMember(invocation.TargetMethod):
                    facts.NoteHandedOver(invocation.Instance);
                    foreach (var argument in invocation.Arguments)
                    {
                        facts.NoteHandedOver(argument.Value);
                    }

                    break;

                case IObjectCreationOperation creation when AgentBudgetSymbols.IsAgentBudgetMember(creation.Constructor):
                    foreach (var argument in creation.Arguments)
                    {
                        facts.NoteHandedOver(argument.Value);
                    }

                    break;
            }
        }

        return facts;
    }

    private void NoteHandedOver(IOperation? value)
    {
        if (value is not null && OperationWalk.Unwrap(value) is ILocalReferenceOperation reference)
        {
            _handedToAgentBudget.Add(reference.Local);
        }
    }

    private static bool IsAssignmentTarget(ILocalReferenceOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;

    private static void Add(Dictionary<ILocalSymbol, List<IOperation>> map, ILocalSymbol key, IOperation value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = new List<IOperation>();
            map.Add(key, list);
        }

        list.Add(value);
    }
}
