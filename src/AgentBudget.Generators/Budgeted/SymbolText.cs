using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using AgentBudget.Generators.Budgeted.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Budgeted;

/// <summary>Turns symbols into the strings the emitters write, and answers the questions both parsers share.</summary>
internal static class SymbolText
{
    public const string BudgetedAttributeName = "AgentBudget.BudgetedAttribute";
    public const string TrackToolAttributeName = "AgentBudget.TrackToolAttribute";

    /// <summary>Prefix of every generated member; user members must not start with it.</summary>
    public const string ReservedPrefix = "AgentBudget";

    /// <summary>Fully qualified (<c>global::</c>) type names with nullable annotations as declared.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string TypeName(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    public static string EscapeIdentifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    public static string RefKindText(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        (RefKind)4 => "ref readonly ", // RefKind.RefReadOnlyParameter (C# 12); named by value to build on older Roslyn too.
        _ => string.Empty,
    };

    public static EquatableArray<ParameterSpec> Parameters(IMethodSymbol method, bool includeThis = false)
    {
        var builder = ImmutableArray.CreateBuilder<ParameterSpec>(method.Parameters.Length);
        foreach (var parameter in method.Parameters)
        {
            var isToken = parameter.Type.ToDisplayString() == "System.Threading.CancellationToken";
            builder.Add(new ParameterSpec(
                TypeName(parameter.Type),
                EscapeIdentifier(parameter.Name),
                RefKindText(parameter.RefKind),
                parameter.IsParams,
                IsFingerprinted: parameter.RefKind != RefKind.Out && !isToken && !parameter.Type.IsRefLikeType,
                IsThis: includeThis && parameter.Ordinal == 0 && method.IsExtensionMethod));
        }

        return new EquatableArray<ParameterSpec>(builder.MoveToImmutable());
    }

    /// <summary>Classifies a return type so wrappers know whether and how to await or enumerate it.</summary>
    public static (ReturnShape Shape, string ElementType) Shape(ITypeSymbol returnType)
    {
        if (returnType.SpecialType == SpecialType.System_Void)
        {
            return (ReturnShape.Void, string.Empty);
        }

        if (returnType is INamedTypeSymbol named)
        {
            var definition = named.OriginalDefinition.ToDisplayString();
            var element = named.TypeArguments.Length == 1 ? TypeName(named.TypeArguments[0]) : string.Empty;
            switch (definition)
            {
                case "System.Threading.Tasks.Task":
                    return (ReturnShape.Task, string.Empty);
                case "System.Threading.Tasks.Task<TResult>":
                    return (ReturnShape.TaskOfT, element);
                case "System.Threading.Tasks.ValueTask":
                    return (ReturnShape.ValueTask, string.Empty);
                case "System.Threading.Tasks.ValueTask<TResult>":
                    return (ReturnShape.ValueTaskOfT, element);
                case "System.Collections.Generic.IAsyncEnumerable<T>":
                    return (ReturnShape.AsyncEnumerable, element);
                case "System.Collections.Generic.IEnumerable<T>":
                    return (ReturnShape.Enumerable, element);
            }
        }

        return (ReturnShape.Value, string.Empty);
    }

    /// <summary>
    /// True when a file-local class in another namespace of the same assembly can name the type: every type in it
    /// (containing types and type arguments included) is public, internal or protected internal. Type parameters are
    /// accepted only when <paramref name="allowTypeParameters"/> (the interceptor then declares them itself).
    /// </summary>
    public static bool IsNameableFromGeneratedCode(ITypeSymbol type, bool allowTypeParameters)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                return allowTypeParameters;
            case IArrayTypeSymbol array:
                return IsNameableFromGeneratedCode(array.ElementType, allowTypeParameters);
            case IPointerTypeSymbol:
            case IFunctionPointerTypeSymbol:
                return false;
            case INamedTypeSymbol named:
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
                        && !current.IsTupleType)
                    {
                        return false;
                    }

                    foreach (var argument in current.TypeArguments)
                    {
                        if (!IsNameableFromGeneratedCode(argument, allowTypeParameters))
                        {
                            return false;
                        }
                    }
                }

                if (named.IsTupleType)
                {
                    foreach (var element in named.TupleElements)
                    {
                        if (!IsNameableFromGeneratedCode(element.Type, allowTypeParameters))
                        {
                            return false;
                        }
                    }
                }

                return true;
            default:
                return type.SpecialType != SpecialType.None || type.TypeKind == TypeKind.Dynamic;
        }
    }

    public static bool HasAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == metadataName)
            {
                return true;
            }
        }

        return false;
    }

    public static AttributeData? FindAttribute(ISymbol symbol, string metadataName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == metadataName)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The type with its own type parameters, e.g. <c>global::Ns.Outer.Agent&lt;T&gt;</c>.</summary>
    public static string FullyQualifiedDefinition(INamedTypeSymbol type) => TypeName(type.OriginalDefinition);

    /// <summary>A file- and identifier-safe name for a type, unique per type definition.</summary>
    public static string MangledName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        var names = new List<string>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            names.Add(current.Arity == 0 ? current.Name : current.Name + "_" + current.Arity.ToString(CultureInfo.InvariantCulture));
        }

        names.Reverse();
        if (!type.ContainingNamespace.IsGlobalNamespace)
        {
            builder.Append(type.ContainingNamespace.ToDisplayString().Replace('.', '_')).Append('_');
        }

        builder.Append(string.Join("_", names));
        return builder.ToString();
    }

    /// <summary>The <c>where</c> clauses of the given type parameters, as C# source.</summary>
    public static string ConstraintClauses(IEnumerable<ITypeParameterSymbol> typeParameters)
    {
        var builder = new StringBuilder();
        foreach (var parameter in typeParameters)
        {
            var constraints = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(parameter.ConstraintTypes.Select(TypeName));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint && !parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                builder.Append(" where ").Append(EscapeIdentifier(parameter.Name)).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return builder.ToString();
    }

    /// <summary>All type parameters of a type and its containing types, outermost first.</summary>
    public static ImmutableArray<ITypeParameterSymbol> AllTypeParameters(INamedTypeSymbol type)
    {
        var levels = new List<INamedTypeSymbol>();
        for (var current = type.OriginalDefinition; current is not null; current = current.ContainingType)
        {
            levels.Add(current);
        }

        levels.Reverse();
        return levels.SelectMany(level => level.TypeParameters).ToImmutableArray();
    }
}
