using System.Collections.Generic;
using AgentBudget.Generators.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Tracking;

/// <summary>A place where the enumeration of an LLM stream ends before the stream does.</summary>
internal readonly struct EarlyExit
{
    public EarlyExit(Location location, string kind)
    {
        Location = location;
        Kind = kind;
    }

    public Location Location { get; }

    /// <summary>What leaves the loop, as written: <c>break</c>, <c>return</c>, <c>yield break</c>, <c>throw</c>, <c>goto</c>, or a LINQ operator name.</summary>
    public string Kind { get; }
}

/// <summary>Follows a streaming call to the loops that enumerate it and finds the statements that leave them early.</summary>
internal static class StreamConsumption
{
    private const int MaxDepth = 8;

    public static List<EarlyExit> FindEarlyExits(IInvocationOperation streamingCall, TrackingFlow flow)
    {
        var exits = new List<EarlyExit>();
        Follow(streamingCall, flow, exits, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default));
        return exits;
    }

    private static void Follow(IOperation stream, TrackingFlow flow, List<EarlyExit> exits, int depth, HashSet<ISymbol> visiting)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var parent = stream.Parent;
        switch (parent)
        {
            case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                Follow(parent, flow, exits, depth + 1, visiting);
                return;

            case IInvocationOperation invocation when invocation.Instance == stream:
                FollowThroughCall(invocation, flow, exits, depth, visiting);
                return;

            case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                if (AgentBudgetSymbols.IsAgentBudgetMember(invocation.TargetMethod)
                    || (invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0))
                {
                    FollowThroughCall(invocation, flow, exits, depth, visiting);
                }

                return;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                FollowLocal(declarator.Symbol, declarator, flow, exits, depth, visiting);
                return;

            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == stream:
                FollowLocal(target.Local, assignment, flow, exits, depth, visiting);
                return;

            case IForEachLoopOperation loop when loop.Collection == stream:
                FindExits(loop, exits);
                return;
        }
    }

    private static void FollowThroughCall(IInvocationOperation invocation, TrackingFlow flow, List<EarlyExit> exits, int depth, HashSet<ISymbol> visiting)
    {
        var name = invocation.TargetMethod.Name;
        if (IsEarlyStoppingOperator(name))
        {
            exits.Add(new EarlyExit(invocation.Syntax.GetLocation(), name));
            return;
        }

        // WithCancellation/ConfigureAwait, AgentBudget stream wrappers and pass-through LINQ keep the same stream.
        if (IsEnumerable(invocation.Type))
        {
            Follow(invocation, flow, exits, depth + 1, visiting);
        }
    }

    private static void FollowLocal(ILocalSymbol local, IOperation binding, TrackingFlow flow, List<EarlyExit> exits, int depth, HashSet<ISymbol> visiting)
    {
        if (!visiting.Add(local))
        {
            return;
        }

        foreach (var read in flow.FactsFor(binding).Reads(local))
        {
            Follow(read, flow, exits, depth + 1, visiting);
        }
    }

    private static bool IsEarlyStoppingOperator(string name) =>
        name is "Take" or "TakeWhile" or "TakeLast" or "First" or "FirstOrDefault" or "FirstAsync" or "FirstOrDefaultAsync"
            or "ElementAt" or "ElementAtOrDefault" or "ElementAtAsync" or "ElementAtOrDefaultAsync"
            or "Any" or "AnyAsync";

    private static bool IsEnumerable(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.Name is "IAsyncEnumerable" or "IEnumerable" or "ConfiguredCancelableAsyncEnumerable")
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name is "IAsyncEnumerable" or "IEnumerable")
            {
                return true;
            }
        }

        return false;
    }

    private static void FindExits(IForEachLoopOperation loop, List<EarlyExit> exits)
    {
        foreach (var operation in OperationWalk.Descendants(loop.Body, enterFunctions: false))
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break } branch
                    when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                    exits.Add(new EarlyExit(operation.Syntax.GetLocation(), "break"));
                    break;

                case IBranchOperation { BranchKind: BranchKind.GoTo } branch when !IsDeclaredInside(branch.Target, loop):
                    exits.Add(new EarlyExit(operation.Syntax.GetLocation(), "goto"));
                    break;

                case IReturnOperation when operation.Kind == OperationKind.Return && !operation.IsImplicit:
                    exits.Add(new EarlyExit(operation.Syntax.GetLocation(), "return"));
                    break;

                case IReturnOperation when operation.Kind == OperationKind.YieldBreak:
                    exits.Add(new EarlyExit(operation.Syntax.GetLocation(), "yield break"));
                    break;

                case IThrowOperation when !IsCaughtInsideLoop(operation, loop):
                    exits.Add(new EarlyExit(operation.Syntax.GetLocation(), "throw"));
                    break;
            }
        }
    }

    private static bool IsDeclaredInside(ILabelSymbol label, IForEachLoopOperation loop)
    {
        foreach (var location in label.Locations)
        {
            if (location.IsInSource && loop.Syntax.Span.Contains(location.SourceSpan))
            {
                return true;
            }
        }

        return false;
    }

    // A throw inside a try (within the loop) that has catch clauses is most likely handled there and the loop goes on.
    private static bool IsCaughtInsideLoop(IOperation thrown, IForEachLoopOperation loop)
    {
        IOperation child = thrown;
        for (var current = thrown.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is ITryOperation attempt && attempt.Body == child && attempt.Catches.Length > 0)
            {
                return true;
            }

            child = current;
        }

        return false;
    }
}
