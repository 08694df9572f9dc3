using System.Collections.Immutable;
using System.Globalization;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Budgeted;
using AgentBudget.Shared;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Attributes;

/// <summary>AB0006: a <c>[TrackTool]</c> with an invalid cost, on a method the generator cannot wrap, or outside a <c>[Budgeted]</c> type.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TrackToolAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidTrackTool);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var budget = AgentBudgetSymbols.Create(start.Compilation);
            if (budget.TrackToolAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c.Symbol, c.ReportDiagnostic, budget, c.CancellationToken), SymbolKind.Method);

            // Local functions are not symbols of their own for symbol actions.
            start.RegisterOperationAction(
                c => Analyze(((ILocalFunctionOperation)c.Operation).Symbol, c.ReportDiagnostic, budget, c.CancellationToken),
                OperationKind.LocalFunction);
        });
    }

    private static void Analyze(
        ISymbol symbol,
        System.Action<Diagnostic> report,
        AgentBudgetSymbols budget,
        System.Threading.CancellationToken cancellationToken)
    {
        var method = (IMethodSymbol)symbol;
        var attribute = budget.FindTrackToolAttribute(method);
        if (attribute is null)
        {
            return;
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? method.Locations[0];
        var problem = CostProblem(attribute, cancellationToken) ?? SignatureProblem(method, budget) ?? PlacementProblem(method, budget);
        if (problem is not null)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.InvalidTrackTool, location, method.Name, problem));
        }
    }

    private static string? CostProblem(AttributeData attribute, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            return null;
        }

        switch (attribute.ConstructorArguments[0].Value)
        {
            case double cost when double.IsNaN(cost):
                return "the cost is NaN; give a cost in dollars per call such as 0.01";
            case double cost when double.IsInfinity(cost):
                return "the cost is infinite; give a finite cost in dollars per call such as 0.01";
            case double cost when cost < 0:
                return "the cost " + cost.ToString("R", CultureInfo.InvariantCulture) + " is negative; a tool call cannot earn money, use 0 for a free tool";
            case double:
                return LiteralPrecisionProblem(attribute, cancellationToken);
            case string text:
                var reason = BudgetLiteral.ValidateToolCost(text);
                return reason is null ? null : "the cost '" + text + "' is not valid: " + reason + "; write a dollar amount such as \"$0.01\"";
            case null when attribute.ConstructorArguments[0].Type?.SpecialType == SpecialType.System_String:
                return "the cost is null; write a dollar amount such as \"$0.01\"";
            default:
                return null;
        }
    }

    // The generator reads the numeric literal as written (0.01 is exactly one cent), so its decimals are what counts.
    private static string? LiteralPrecisionProblem(AttributeData attribute, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
            || syntax.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax literal
            || !literal.IsKind(SyntaxKind.NumericLiteralExpression))
        {
            return null;
        }

        var text = literal.Token.Text.TrimEnd('d', 'D', 'f', 'F', 'm', 'M').Replace("_", string.Empty);
        var point = text.IndexOf('.');
        if (point < 0 || text.IndexOfAny(new[] { 'e', 'E' }) >= 0)
        {
            return null;
        }

        var decimals = text.Length - point - 1;
        return decimals > BudgetAmountRules.MaxDecimalPlaces
            ? "the cost " + literal.Token.Text + " has " + decimals.ToString(CultureInfo.InvariantCulture) + " decimal places, more than the 12 AgentBudget keeps exactly; round it"
            : null;
    }

    private static string? SignatureProblem(IMethodSymbol method, AgentBudgetSymbols budget)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return "calls to local functions cannot be intercepted; make it a method of the [Budgeted] type";
        }

        if (method.MethodKind != MethodKind.Ordinary)
        {
            return "only ordinary methods can be tracked, not accessors, operators or other special members";
        }

        if (method.IsAsync && method.ReturnsVoid)
        {
            // The wrapper could charge the call, but never learn that it failed (OnFailure) or finished.
            return "an async void method cannot be observed to completion, so a failed call cannot be released; return Task instead";
        }

        // Everything else is what the generator itself can wrap: one rule, in the generator (shared code).
        var type = method.ContainingType;
        var reason = type is not null && budget.IsBudgeted(type) ? BudgetedParser.WhyNotWrappable(method, type, isTool: true) : null;
        return reason is null ? null : reason + "; change the signature, or charge the tool by hand with session.Track";
    }

    private static string? PlacementProblem(IMethodSymbol method, AgentBudgetSymbols budget)
    {
        var type = method.ContainingType;
        return budget.IsBudgeted(type)
            ? null
            : "'" + type.Name + "' is not [Budgeted], so there is no session to charge; mark the type [Budgeted(\"$…\")] or move the tool into the agent class";
    }
}
