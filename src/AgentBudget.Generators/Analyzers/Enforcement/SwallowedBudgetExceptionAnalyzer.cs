using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.Generators.Analyzers.Enforcement;

/// <summary>
/// AB0008: a catch clause inside an LLM loop that catches the budget's stopping exceptions (directly or through a
/// base type such as <see cref="System.Exception"/>) and lets the loop carry on — a hard limit turned soft.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SwallowedBudgetExceptionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.BudgetExceptionSwallowed);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var budget = AgentBudgetSymbols.Create(start.Compilation);
            if (budget.StoppingExceptions.IsEmpty)
            {
                return;
            }

            var sdk = LlmSdkSymbols.TryCreate(start.Compilation);
            if (sdk is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCatch(c, budget, sdk), OperationKind.CatchClause);
        });
    }

    private static void AnalyzeCatch(OperationAnalysisContext context, AgentBudgetSymbols budget, LlmSdkSymbols sdk)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        if (clause.Filter is not null || clause.Parent is not ITryOperation attempt)
        {
            // A filter usually exists precisely to let some exceptions through; it is not read here.
            return;
        }

        var caught = CaughtStoppingExceptions(clause, attempt, budget);
        if (caught.Count == 0)
        {
            return;
        }

        var loop = EnclosingLoop(attempt);
        if (loop is null || LeavesLoopOrRethrows(clause.Handler, loop))
        {
            return;
        }

        if (!CanThrowBudgetExceptions(attempt.Body, sdk, budget) || !MakesLlmCalls(loop, sdk))
        {
            return;
        }

        var caughtNames = string.Join(" and ", caught.Select(t => t.Name));
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BudgetExceptionSwallowed,
            ClauseHeaderLocation(clause),
            CatchDisplay(clause),
            caughtNames));
    }

    private static List<INamedTypeSymbol> CaughtStoppingExceptions(ICatchClauseOperation clause, ITryOperation attempt, AgentBudgetSymbols budget)
    {
        var caught = new List<INamedTypeSymbol>();
        foreach (var stopping in budget.StoppingExceptions)
        {
            if (!TypeLookup.IsOrDerivesFrom(stopping, clause.ExceptionType as INamedTypeSymbol))
            {
                continue;
            }

            // An earlier clause of the same try that catches it already decided what happens to it.
            var handledEarlier = false;
            foreach (var earlier in attempt.Catches)
            {
                if (earlier == clause)
                {
                    break;
                }

                if (earlier.Filter is null && TypeLookup.IsOrDerivesFrom(stopping, earlier.ExceptionType as INamedTypeSymbol))
                {
                    handledEarlier = true;
                    break;
                }
            }

            if (!handledEarlier)
            {
                caught.Add(stopping);
            }
        }

        return caught;
    }

    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    // Any throw, return, or break out of the loop in the handler means the handler can stop the agent; whether it
    // does so for budget exceptions is not decided here (the rule prefers silence to a guess).
    private static bool LeavesLoopOrRethrows(IBlockOperation handler, ILoopOperation loop)
    {
        foreach (var operation in OperationWalk.Descendants(handler, enterFunctions: false))
        {
            switch (operation)
            {
                case IThrowOperation:
                    return true;
                case IReturnOperation when operation.Kind is OperationKind.Return or OperationKind.YieldBreak:
                    return true;
                case IBranchOperation { BranchKind: BranchKind.Break } branch
                    when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                    return true;
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    return true;
            }
        }

        return false;
    }

    private static bool CanThrowBudgetExceptions(IOperation body, LlmSdkSymbols sdk, AgentBudgetSymbols budget)
    {
        foreach (var operation in OperationWalk.Descendants(body, enterFunctions: false))
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (sdk.Classify(invocation) is not null
                || AgentBudgetSymbols.IsAgentBudgetMember(invocation.TargetMethod)
                || budget.FindTrackToolAttribute(invocation.TargetMethod.OriginalDefinition) is not null)
            {
                return true;
            }

            // An instance method of a [Budgeted] type runs under its session (the generator scopes it) and may reach a
            // tracked call further down; a static helper has no session.
            if (!invocation.TargetMethod.IsStatic
                && invocation.TargetMethod.Locations.Any(l => l.IsInSource)
                && budget.IsBudgeted(invocation.TargetMethod.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MakesLlmCalls(ILoopOperation loop, LlmSdkSymbols sdk)
    {
        foreach (var operation in OperationWalk.Descendants(loop, enterFunctions: false))
        {
            if (operation is IInvocationOperation invocation && sdk.Classify(invocation) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static Location ClauseHeaderLocation(ICatchClauseOperation clause)
    {
        if (clause.Syntax is CatchClauseSyntax syntax)
        {
            var end = syntax.Declaration?.Span.End ?? syntax.CatchKeyword.Span.End;
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, end));
        }

        return clause.Syntax.GetLocation();
    }

    private static string CatchDisplay(ICatchClauseOperation clause) =>
        clause.Syntax is CatchClauseSyntax { Declaration: { } declaration }
            ? "catch " + declaration.ToString()
            : "catch";
}
