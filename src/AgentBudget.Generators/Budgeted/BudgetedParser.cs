using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using AgentBudget.Generators.Budgeted.Model;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Budgeted;

/// <summary>The parse of one <c>[Budgeted]</c> type: the equatable spec (null when nothing may be generated) and its diagnostics.</summary>
/// <remarks>
/// The diagnostics keep real source locations (so <c>#pragma</c> works) and are therefore not equatable; the generator
/// splits them into their own output, and only <see cref="Spec"/> flows on to code generation.
/// </remarks>
internal sealed record BudgetedParseResult(BudgetedTypeSpec? Spec, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Reads a <c>[Budgeted]</c> type and its <c>[TrackTool]</c> methods into a <see cref="BudgetedTypeSpec"/>.</summary>
internal static class BudgetedParser
{
    /// <summary>Member names the generator adds; a user member with one of these names blocks generation.</summary>
    public static readonly ImmutableHashSet<string> GeneratedMemberNames = ImmutableHashSet.Create(
        "Budget", "BudgetSession", "StartNewBudgetSession", "Spent", "Remaining", "WouldExceed", "Report", "EnterBudgetScope");

    /// <summary>Partial hooks the user may implement; any other member with these names collides.</summary>
    public static readonly ImmutableHashSet<string> HookNames = ImmutableHashSet.Create("OnSoftLimit", "OnHardLimit", "OnLoopDetected");

    public static BudgetedParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            return new BudgetedParseResult(null, ImmutableArray<Diagnostic>.Empty);
        }

        var location = declaration.Identifier.GetLocation();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current, cancellationToken))
            {
                // Skipped silently: analyzer AB0007 reports it (with a code fix); a second diagnostic would only repeat it.
                return new BudgetedParseResult(null, diagnostics.ToImmutable());
            }
        }

        var attribute = context.Attributes[0];
        var options = ParseOptions(attribute, location, diagnostics, cancellationToken);
        if (options is null)
        {
            return new BudgetedParseResult(null, diagnostics.ToImmutable());
        }

        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member is INamedTypeSymbol)
            {
                continue;
            }

            var isHook = IsUserHook(member);
            if (GeneratedMemberNames.Contains(member.Name) || member.Name.StartsWith(SymbolText.ReservedPrefix, System.StringComparison.Ordinal)
                || (HookNames.Contains(member.Name) && !isHook))
            {
                var memberLocation = member.Locations.FirstOrDefault() ?? location;
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.GeneratedMemberCollision, memberLocation, type.Name, member.Name));
            }
        }

        if (diagnostics.Count > 0)
        {
            return new BudgetedParseResult(null, diagnostics.ToImmutable());
        }

        var typeIsNameable = SymbolText.IsNameableFromGeneratedCode(type, allowTypeParameters: true);
        if (!typeIsNameable)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.BudgetedTypeNotAccessible, location, type.Name));
        }

        var methods = ImmutableArray.CreateBuilder<WrappedMethodSpec>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared)
            {
                continue;
            }

            var toolAttribute = SymbolText.FindAttribute(method, SymbolText.TrackToolAttributeName);
            ToolSpec? tool = null;
            if (toolAttribute is not null)
            {
                tool = ParseTool(method, toolAttribute, diagnostics, cancellationToken);
                if (tool is null)
                {
                    continue;
                }
            }

            if (tool is null && (type.IsStatic || type.IsValueType))
            {
                // Only classes have a per-instance session to make ambient.
                continue;
            }

            var problem = WhyNotWrappable(method, type, tool is not null);
            if (problem is not null)
            {
                if (tool is not null)
                {
                    // Analyzer AB0006 reports why this tool cannot be tracked; the generator only leaves it alone.
                }

                continue;
            }

            if (!typeIsNameable)
            {
                continue;
            }

            var (shape, element) = SymbolText.Shape(method.ReturnType);
            methods.Add(new WrappedMethodSpec(
                method.Name,
                WrapperName(method, tool is not null),
                SymbolText.TypeName(method.ReturnType),
                IsIteratorShape(method, shape) ? shape : (shape is ReturnShape.AsyncEnumerable or ReturnShape.Enumerable ? ReturnShape.Value : shape),
                element,
                SymbolText.Parameters(method),
                method.IsStatic,
                tool));
        }

        var levels = ImmutableArray.CreateBuilder<TypeLevelSpec>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            levels.Insert(0, new TypeLevelSpec(Keyword(current), NameWithTypeParameters(current), current.IsStatic));
        }

        var ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
        var mangled = SymbolText.MangledName(type);
        var spec = new BudgetedTypeSpec(
            HintName: mangled,
            Namespace: ns,
            Levels: new EquatableArray<TypeLevelSpec>(levels.ToImmutable()),
            FullyQualifiedName: SymbolText.FullyQualifiedDefinition(type),
            CompanionName: "global::AgentBudget.Generated.Budgeted_" + mangled,
            DisplayName: type.Name,
            IsStatic: type.IsStatic,
            IsValueType: type.IsValueType,
            Options: options,
            Methods: new EquatableArray<WrappedMethodSpec>(methods.ToImmutable()));
        return new BudgetedParseResult(spec, diagnostics.ToImmutable());
    }

    /// <summary>
    /// Whether the generator emits code for the type (partial all the way out, a valid budget, no reserved names), so
    /// that interceptors only reference generated members that exist.
    /// </summary>
    public static bool IsGenerated(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current, cancellationToken))
            {
                return false;
            }
        }

        var attribute = SymbolText.FindAttribute(type, SymbolText.BudgetedAttributeName);
        var maxSpend = attribute is { ConstructorArguments.Length: 1 } ? attribute.ConstructorArguments[0].Value as string : null;
        if (!MoneyText.TryParseDollars(maxSpend, allowZero: false, out _))
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member is INamedTypeSymbol)
            {
                continue;
            }

            var isHook = IsUserHook(member);
            if (GeneratedMemberNames.Contains(member.Name) || member.Name.StartsWith(SymbolText.ReservedPrefix, System.StringComparison.Ordinal)
                || (HookNames.Contains(member.Name) && !isHook))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A partial <c>void</c> method with a hook name: the user's implementation of a generated hook.</summary>
    private static bool IsUserHook(ISymbol member)
    {
        if (!HookNames.Contains(member.Name) || member is not IMethodSymbol { ReturnsVoid: true } method)
        {
            return false;
        }

        if (method.IsPartialDefinition || method.PartialDefinitionPart is not null)
        {
            return true;
        }

        // Before the generated defining declaration exists, the user's part is an implementation without a definition.
        return method.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is MethodDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));
    }

    /// <summary>The name of the generated wrapper through which interceptors call a method.</summary>
    public static string WrapperName(IMethodSymbol method, bool isTool)
        => (isTool ? "AgentBudgetTool_" : "AgentBudgetScoped_") + method.Name;

    /// <summary>
    /// Why calls to the method cannot be wrapped, or null when they can. Shared with the call-site scanner so that
    /// an interceptor is emitted only for a call whose wrapper exists.
    /// </summary>
    public static string? WhyNotWrappable(IMethodSymbol method, INamedTypeSymbol budgetedType, bool isTool)
    {
        if (method.Name.StartsWith(SymbolText.ReservedPrefix, System.StringComparison.Ordinal) || HookNames.Contains(method.Name))
        {
            return "the name is reserved";
        }

        if (method.IsStatic && !isTool)
        {
            return "static methods have no session of their own";
        }

        if (!method.IsStatic && budgetedType.IsValueType)
        {
            return "instance methods of a struct are not supported";
        }

        if (method.IsGenericMethod)
        {
            return "generic methods are not supported";
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "the method returns by reference";
        }

        if (method.IsPartialDefinition && method.PartialImplementationPart is null)
        {
            return "the partial method has no implementation";
        }

        if (method.IsAbstract && budgetedType.TypeKind != TypeKind.Class)
        {
            return "the method is abstract";
        }

        if (!SymbolText.IsNameableFromGeneratedCode(method.ReturnType, allowTypeParameters: true)
            || method.Parameters.Any(p => !SymbolText.IsNameableFromGeneratedCode(p.Type, allowTypeParameters: true)))
        {
            return "its signature uses a type that is private to another type";
        }

        if (isTool)
        {
            var (shape, _) = SymbolText.Shape(method.ReturnType);
            var isAsync = shape is ReturnShape.Task or ReturnShape.TaskOfT or ReturnShape.ValueTask or ReturnShape.ValueTaskOfT;
            if (isAsync && method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType))
            {
                return "an asynchronous tool cannot take ref, out, in or ref struct parameters";
            }

            if (method.ReturnType.IsRefLikeType)
            {
                return "the method returns a ref struct";
            }
        }

        return null;
    }

    private static bool IsIteratorShape(IMethodSymbol method, ReturnShape shape)
    {
        if (shape is not (ReturnShape.AsyncEnumerable or ReturnShape.Enumerable))
        {
            return true;
        }

        // Only an iterator runs its body during enumeration; any other method returning a sequence is charged or
        // scoped at the call, and its result is returned as is (a List<T> stays a List<T>).
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var body = reference.GetSyntax() switch
            {
                MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
                _ => null,
            };
            if (body is not null && body.DescendantNodes(n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
                    .OfType<YieldStatementSyntax>().Any())
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    private static string Keyword(INamedTypeSymbol type)
    {
        if (type.IsRecord)
        {
            return type.IsValueType ? "record struct" : "record";
        }

        return type.TypeKind switch
        {
            TypeKind.Struct => type.IsRefLikeType ? "ref struct" : "struct",
            TypeKind.Interface => "interface",
            _ => "class",
        };
    }

    private static string NameWithTypeParameters(INamedTypeSymbol type)
        => type.TypeParameters.Length == 0
            ? SymbolText.EscapeIdentifier(type.Name)
            : SymbolText.EscapeIdentifier(type.Name) + "<" + string.Join(", ", type.TypeParameters.Select(p => SymbolText.EscapeIdentifier(p.Name))) + ">";

    private static BudgetOptionsSpec? ParseOptions(AttributeData attribute, Location location, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var maxSpend = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location;
        if (!MoneyText.TryParseDollars(maxSpend, allowZero: false, out var picodollars))
        {
            // Analyzer AB0005 reports the invalid budget with the runtime's reason; the generator skips the type.
            return null;
        }

        string softLimit = "0.9d", finalizationReserve = "0d", loopWindow = "60d", maxDuration = "0d";
        int maxRepeated = 10, unknownModels = 0, maxLlmCalls = 0, maxToolCalls = 0;
        long maxTokens = 0;
        foreach (var named in attribute.NamedArguments)
        {
            var value = named.Value.Value;
            switch (named.Key)
            {
                case "SoftLimit":
                    softLimit = DoubleText(value);
                    break;
                case "FinalizationReserve":
                    finalizationReserve = DoubleText(value);
                    break;
                case "LoopWindowSeconds":
                    loopWindow = DoubleText(value);
                    break;
                case "MaxDurationSeconds":
                    maxDuration = DoubleText(value);
                    break;
                case "MaxRepeatedCalls":
                    maxRepeated = value is int repeated ? repeated : maxRepeated;
                    break;
                case "UnknownModels":
                    unknownModels = value is int policy ? policy : unknownModels;
                    break;
                case "MaxLlmCalls":
                    maxLlmCalls = value is int llmCalls ? llmCalls : 0;
                    break;
                case "MaxToolCalls":
                    maxToolCalls = value is int toolCalls ? toolCalls : 0;
                    break;
                case "MaxTotalTokens":
                    maxTokens = value is long tokens ? tokens : value is int smallTokens ? smallTokens : 0;
                    break;
            }
        }

        return new BudgetOptionsSpec(picodollars, maxSpend!.Trim(), softLimit, finalizationReserve, maxRepeated, loopWindow,
            unknownModels, maxLlmCalls, maxToolCalls, maxTokens, maxDuration);
    }

    // Fractions and durations are not money; the round-trip format reproduces the value the user wrote.
    private static string DoubleText(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture) + "d",
        int i => i.ToString(CultureInfo.InvariantCulture) + "d",
        _ => "0d",
    };

    private static ToolSpec? ParseTool(IMethodSymbol method, AttributeData attribute, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var location = syntax?.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
        var toolName = method.Name;
        var release = false;
        foreach (var named in attribute.NamedArguments)
        {
            if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
            {
                toolName = name;
            }
            else if (named.Key == "OnFailure" && named.Value.Value is int policy)
            {
                release = policy == 1;
            }
        }

        if (attribute.ConstructorArguments.Length != 1)
        {
            return null;
        }

        var argument = attribute.ConstructorArguments[0];
        long picodollars;
        string shown;
        if (argument.Value is string text)
        {
            shown = text;
            if (!MoneyText.TryParseDollars(text, allowZero: true, out picodollars))
            {
                // Analyzer AB0006 reports the invalid cost; the generator skips the tool.
                return null;
            }
        }
        else
        {
            // Read the literal as the user wrote it: the double 0.01 is not one cent, the text "0.01" is.
            var expression = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null)?.Expression;
            var literal = expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } numeric ? numeric.Token.Text : null;
            shown = literal ?? (argument.Value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : argument.Value?.ToString() ?? "null");
            var parsed = literal is not null
                ? MoneyText.TryParseLiteral(literal, allowZero: true, out picodollars)
                : MoneyText.TryParseLiteral(shown, allowZero: true, out picodollars);
            if (!parsed)
            {
                // Analyzer AB0006 reports the invalid cost; the generator skips the tool.
                return null;
            }
        }

        return new ToolSpec(toolName, picodollars, release);
    }
}
