using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AgentBudget.Generators.Budgeted;
using AgentBudget.Generators.Budgeted.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Interception;

/// <summary>
/// Finds the calls to intercept: calls of the methods of <c>[Budgeted]</c> types (anywhere in the compilation), and
/// LLM SDK calls made inside <c>[Budgeted]</c> types. Produces a small equatable <see cref="CallSiteSpec"/> per call.
/// </summary>
internal static class CallSiteScanner
{
    private static readonly ImmutableHashSet<string> SdkMethodNames = ImmutableHashSet.Create(
        "CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync",
        "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync",
        "GenerateEmbeddings", "GenerateEmbeddingsAsync",
        "Create", "CreateStreaming",
        "GetResponseAsync", "GetStreamingResponseAsync");

    /// <summary>The cheap syntactic filter: any call by name (members of budgeted types can have any name).</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken)
        => node is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax or IdentifierNameSyntax or GenericNameSyntax or MemberBindingExpressionSyntax,
        };

    public static CallSiteSpec? Scan(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var model = context.SemanticModel;
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }

        var name = MethodName(invocation);
        if (called.MethodKind == MethodKind.Ordinary && called.ContainingType is { } owner
            && SymbolText.HasAttribute(owner.OriginalDefinition, SymbolText.BudgetedAttributeName))
        {
            return ScanBudgetedMember(invocation, model, called, owner.OriginalDefinition, cancellationToken);
        }

        if (name is null || !SdkMethodNames.Contains(name))
        {
            return null;
        }

        var enclosing = EnclosingBudgetedType(invocation, model, cancellationToken);
        if (enclosing is null || !BudgetedParser.IsGenerated(enclosing, cancellationToken))
        {
            return null;
        }

        var operation = Classify(called);
        if (operation is null)
        {
            return null;
        }

        var target = called.ReducedFrom ?? called;
        var roles = BindRoles(target);
        if (roles is null)
        {
            return null;
        }

        return Create(invocation, model, operation.Value, target, roles.Value,
            fallbackSession: "global::AgentBudget.Generated.Budgeted_" + SymbolText.MangledName(enclosing) + ".FallbackSession",
            cancellationToken);
    }

    private static CallSiteSpec? ScanBudgetedMember(InvocationExpressionSyntax invocation, SemanticModel model, IMethodSymbol called,
        INamedTypeSymbol budgetedType, CancellationToken cancellationToken)
    {
        // base.M() is a non-virtual call; routing it through a wrapper would make it virtual.
        if (invocation.Expression is MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax })
        {
            return null;
        }

        var definition = called.OriginalDefinition;
        var isTool = SymbolText.HasAttribute(definition, SymbolText.TrackToolAttributeName);
        if (!isTool && (budgetedType.IsStatic || budgetedType.IsValueType))
        {
            return null;
        }

        if (!SymbolText.IsNameableFromGeneratedCode(budgetedType, allowTypeParameters: true)
            || BudgetedParser.WhyNotWrappable(definition, budgetedType, isTool) is not null
            || !BudgetedParser.IsGenerated(budgetedType, cancellationToken)
            || (isTool && !HasValidCost(definition)))
        {
            return null;
        }

        var location = model.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        var typeParameters = SymbolText.AllTypeParameters(budgetedType);
        var generic = typeParameters.Length > 0;
        var receiver = SymbolText.FullyQualifiedDefinition(budgetedType);
        var lineSpan = invocation.GetLocation().GetLineSpan();
        return new CallSiteSpec(
            CallOperation.BudgetedMember,
            IsAsync: false,
            location.Version,
            location.Data,
            DisplayLocation(lineSpan),
            SortKey(lineSpan, invocation),
            MethodName: BudgetedParser.WrapperName(definition, isTool),
            ReceiverType: definition.IsStatic ? string.Empty : receiver,
            StaticContainingType: definition.IsStatic ? receiver : string.Empty,
            IsExtension: false,
            SymbolText.Parameters(definition),
            SymbolText.TypeName(definition.ReturnType),
            TypeParameters: generic ? "<" + string.Join(", ", typeParameters.Select(p => SymbolText.EscapeIdentifier(p.Name))) + ">" : string.Empty,
            Constraints: generic ? SymbolText.ConstraintClauses(typeParameters) : string.Empty,
            FallbackSession: string.Empty,
            Roles: EquatableArray<RoleBinding>.Empty);
    }

    private static bool HasValidCost(IMethodSymbol method)
    {
        var attribute = SymbolText.FindAttribute(method, SymbolText.TrackToolAttributeName);
        if (attribute is not { ConstructorArguments.Length: 1 })
        {
            return false;
        }

        var value = attribute.ConstructorArguments[0].Value;
        if (value is string text)
        {
            return MoneyText.TryParseDollars(text, allowZero: true, out _);
        }

        if (attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax
            && syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null)?.Expression
                is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal)
        {
            return MoneyText.TryParseLiteral(literal.Token.Text, allowZero: true, out _);
        }

        return value is double d && MoneyText.TryParseLiteral(d.ToString("R", CultureInfo.InvariantCulture), allowZero: true, out _);
    }

    private static CallSiteSpec? Create(InvocationExpressionSyntax invocation, SemanticModel model, CallOperation operation, IMethodSymbol target,
        EquatableArray<RoleBinding> roles, string fallbackSession, CancellationToken cancellationToken)
    {
        if (target.IsGenericMethod || target.ContainingType is null)
        {
            return null;
        }

        if (!SymbolText.IsNameableFromGeneratedCode(target.ReturnType, allowTypeParameters: false)
            || target.Parameters.Any(p => !SymbolText.IsNameableFromGeneratedCode(p.Type, allowTypeParameters: false)))
        {
            return null;
        }

        var location = model.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        var lineSpan = invocation.GetLocation().GetLineSpan();
        var isStatic = target.IsStatic;
        return new CallSiteSpec(
            operation,
            IsAsync: target.ReturnType.OriginalDefinition.ToDisplayString() is "System.Threading.Tasks.Task<TResult>" or "System.Collections.Generic.IAsyncEnumerable<T>" or "System.ClientModel.AsyncCollectionResult<T>",
            location.Version,
            location.Data,
            DisplayLocation(lineSpan),
            SortKey(lineSpan, invocation),
            MethodName: target.Name,
            ReceiverType: isStatic ? string.Empty : SymbolText.TypeName(target.ContainingType),
            StaticContainingType: isStatic ? SymbolText.TypeName(target.ContainingType) : string.Empty,
            IsExtension: target.IsExtensionMethod,
            SymbolText.Parameters(target, includeThis: true),
            SymbolText.TypeName(target.ReturnType),
            TypeParameters: string.Empty,
            Constraints: string.Empty,
            fallbackSession,
            roles);
    }

    /// <summary>Which SDK operation a call is, or null when it is not one AgentBudget meters (protocol overloads included).</summary>
    public static CallOperation? Classify(IMethodSymbol called)
    {
        var method = called.ReducedFrom ?? called;
        var root = method;
        while (root.OverriddenMethod is { } overridden)
        {
            root = overridden;
        }

        var type = root.ContainingType?.OriginalDefinition.ToDisplayString();
        var assembly = root.ContainingAssembly?.Name;
        var returnType = method.ReturnType.OriginalDefinition.ToDisplayString();
        switch (assembly)
        {
            case "OpenAI":
                switch (type)
                {
                    case "OpenAI.Chat.ChatClient":
                        return method.Name switch
                        {
                            "CompleteChat" or "CompleteChatAsync" => CallOperation.OpenAIChat,
                            "CompleteChatStreaming" or "CompleteChatStreamingAsync" => CallOperation.OpenAIChatStreaming,
                            _ => null,
                        };
                    case "OpenAI.Responses.ResponsesClient":
                        return method.Name switch
                        {
                            "CreateResponse" or "CreateResponseAsync" => CallOperation.OpenAIResponses,
                            // OpenAI 2.14 returns (Async)CollectionResult<T>, which the wrapper subclasses; 2.15's sealed
                            // AsyncStreamingResult<T> cannot be wrapped and is left to the analyzers.
                            "CreateResponseStreaming" or "CreateResponseStreamingAsync"
                                when returnType is "System.ClientModel.CollectionResult<T>" or "System.ClientModel.AsyncCollectionResult<T>"
                                => CallOperation.OpenAIResponsesStreaming,
                            _ => null,
                        };
                    case "OpenAI.Embeddings.EmbeddingClient":
                        return method.Name is "GenerateEmbeddings" or "GenerateEmbeddingsAsync" ? CallOperation.OpenAIEmbeddings : null;
                }

                return null;
            case "Anthropic":
                if (method.Name is "Create" or "CreateStreaming" && Implements(root, "Anthropic.Services.IMessageService"))
                {
                    return method.Name == "Create" ? CallOperation.AnthropicMessages : CallOperation.AnthropicMessagesStreaming;
                }

                return null;
        }

        if (method.Name is "GetResponseAsync" or "GetStreamingResponseAsync")
        {
            var isStreaming = method.Name == "GetStreamingResponseAsync";
            if (type == "Microsoft.Extensions.AI.ChatClientExtensions" && method.IsExtensionMethod)
            {
                return isStreaming ? CallOperation.ExtensionsAIStreaming : CallOperation.ExtensionsAIResponse;
            }

            if (Implements(root, "Microsoft.Extensions.AI.IChatClient"))
            {
                return isStreaming ? CallOperation.ExtensionsAIStreaming : CallOperation.ExtensionsAIResponse;
            }
        }

        return null;
    }

    /// <summary>True when the method is the interface member itself or a class method that implements it.</summary>
    private static bool Implements(IMethodSymbol method, string interfaceName)
    {
        var containing = method.ContainingType;
        if (containing is null)
        {
            return false;
        }

        if (containing.OriginalDefinition.ToDisplayString() == interfaceName)
        {
            return true;
        }

        foreach (var candidate in containing.AllInterfaces)
        {
            if (candidate.OriginalDefinition.ToDisplayString() != interfaceName)
            {
                continue;
            }

            foreach (var member in candidate.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(containing.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Binds the arguments the tracking code reads; null for overloads it cannot meter (raw protocol calls).</summary>
    private static EquatableArray<RoleBinding>? BindRoles(IMethodSymbol target)
    {
        var roles = ImmutableArray.CreateBuilder<RoleBinding>();
        foreach (var parameter in target.Parameters)
        {
            var type = parameter.Type.ToDisplayString();
            var argument = SymbolText.EscapeIdentifier(parameter.Name);
            string? role = type switch
            {
                "System.ClientModel.BinaryContent" => "protocol",
                "System.Collections.Generic.IEnumerable<OpenAI.Chat.ChatMessage>" or "OpenAI.Chat.ChatMessage[]" => "messages",
                "OpenAI.Chat.ChatCompletionOptions" or "OpenAI.Responses.CreateResponseOptions" or "OpenAI.Embeddings.EmbeddingGenerationOptions"
                    or "Microsoft.Extensions.AI.ChatOptions" or "Microsoft.Extensions.AI.ChatOptions?" => "options",
                "System.Collections.Generic.IEnumerable<OpenAI.Responses.ResponseItem>" => "items",
                "System.Collections.Generic.IEnumerable<string>" => "inputs",
                "System.Collections.Generic.IEnumerable<System.ReadOnlyMemory<int>>" => "tokenInputs",
                "Anthropic.Models.Messages.MessageCreateParams" => "parameters",
                "System.Collections.Generic.IEnumerable<Microsoft.Extensions.AI.ChatMessage>" or "Microsoft.Extensions.AI.ChatMessage" => "messages",
                "string" or "string?" when parameter.Name == "model" => "model",
                "string" or "string?" when parameter.Name == "userInputText" => "text",
                "string" or "string?" when parameter.Name == "chatMessage" => "messages",
                _ => null,
            };

            if (role == "protocol")
            {
                return null;
            }

            if (role is not null)
            {
                roles.Add(new RoleBinding(role, argument));
            }
        }

        return new EquatableArray<RoleBinding>(roles.ToImmutable());
    }

    private static INamedTypeSymbol? EnclosingBudgetedType(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is TypeDeclarationSyntax declaration
                && model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type
                && SymbolText.HasAttribute(type, SymbolText.BudgetedAttributeName))
            {
                return type;
            }
        }

        return null;
    }

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static string DisplayLocation(FileLinePositionSpan span)
        => Path.GetFileName(span.Path) + "(" + (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture) + ","
            + (span.StartLinePosition.Character + 1).ToString(CultureInfo.InvariantCulture) + ")";

    private static string SortKey(FileLinePositionSpan span, SyntaxNode node)
        => span.Path + "|" + node.SpanStart.ToString("D10", CultureInfo.InvariantCulture);
}
