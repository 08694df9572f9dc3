using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Infrastructure;

/// <summary>Small helpers for walking operation trees.</summary>
internal static class OperationWalk
{
    /// <summary>Strips implicit and explicit conversions and parentheses.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The outermost operation of the member body (or field initializer) that contains <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// All descendants of <paramref name="operation"/>, depth first, without entering lambdas and local functions when
    /// <paramref name="enterFunctions"/> is false.
    /// </summary>
    public static IEnumerable<IOperation> Descendants(IOperation operation, bool enterFunctions)
    {
        var stack = new Stack<IOperation>();
        foreach (var child in operation.ChildOperations)
        {
            stack.Push(child);
        }

        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            if (!enterFunctions && current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (var child in current.ChildOperations)
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="operation"/> or one of its parents.</summary>
    public static bool IsWithin(IOperation operation, IOperation ancestor)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest enclosing lambda or local function, or null when the operation is directly in the member body.</summary>
    public static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }
}
