using System;
using System.Collections.Generic;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Streaming;

/// <summary>How the user wrote a request body.</summary>
internal enum BodyForm
{
    AnonymousObject,
    JsonNode,
    Dictionary,
    Literal,
}

/// <summary>A request body traced back to where it is written, with its JSON shape.</summary>
internal sealed class RequestBody
{
    public RequestBody(JsonShapeObject shape, BodyForm form, IOperation origin, DecodedLiteral? literal)
    {
        Shape = shape;
        Form = form;
        Origin = origin;
        Literal = literal;
    }

    public JsonShapeObject Shape { get; }

    public BodyForm Form { get; }

    /// <summary>The expression that creates the body (the literal, the anonymous object, the <c>new JsonObject</c>…).</summary>
    public IOperation Origin { get; }

    /// <summary>The decoded literal when <see cref="Form"/> is <see cref="BodyForm.Literal"/>.</summary>
    public DecodedLiteral? Literal { get; }
}

/// <summary>
/// Traces the value handed to a send method (a <c>BinaryContent</c>, an <c>HttpContent</c>, an object serialized as
/// JSON) back to the literal, anonymous object, <c>JsonObject</c> or dictionary it was built from, inside one member
/// body, and reads the JSON members it gets — including later <c>body["k"] = v</c> and <c>body.Add("k", v)</c>.
/// </summary>
internal sealed class RequestBodyReader
{
    private const int MaxDepth = 10;

    private readonly Func<IOperation, MethodFlowFacts> _facts;

    public RequestBodyReader(Func<IOperation, MethodFlowFacts> facts)
    {
        _facts = facts;
    }

    /// <summary>Reads the body that <paramref name="sent"/> carries, or null when it cannot be traced.</summary>
    public RequestBody? ReadSent(IOperation sent) => Read(sent, 0);

    /// <summary>Reads a body starting at its origin expression (used by the code fix, which starts at the diagnostic).</summary>
    public RequestBody? ReadOrigin(IOperation origin) => Read(origin, 0);

    private RequestBody? Read(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        value = OperationWalk.Unwrap(value);
        switch (value)
        {
            case ILiteralOperation or IInterpolatedStringOperation or IUtf8StringOperation:
                return ReadLiteral(value);

            case IAnonymousObjectCreationOperation anonymous:
                return new RequestBody(ReadAnonymous(anonymous, depth), BodyForm.AnonymousObject, anonymous, null);

            case IObjectCreationOperation creation:
                return ReadCreation(creation, depth);

            case IInvocationOperation invocation:
                return ReadInvocation(invocation, depth);

            case ILocalReferenceOperation local:
            {
                var assigned = _facts(local).AssignedValues(local.Local);
                return assigned.Count == 1 ? Read(assigned[0], depth + 1) : null;
            }

            default:
                return null;
        }
    }

    private static RequestBody? ReadLiteral(IOperation literal)
    {
        var decoded = DecodedLiteral.TryDecode(literal.Syntax);
        if (decoded is null)
        {
            return null;
        }

        var shape = JsonShape.Parse(decoded.Text);
        return shape is null ? null : new RequestBody(shape, BodyForm.Literal, literal, decoded);
    }

    private RequestBody? ReadCreation(IObjectCreationOperation creation, int depth)
    {
        var type = creation.Type;
        if (IsJsonObject(type) || IsStringKeyedDictionary(type))
        {
            var form = IsJsonObject(type) ? BodyForm.JsonNode : BodyForm.Dictionary;
            return new RequestBody(ReadKeyedCreation(creation, depth), form, creation, null);
        }

        // new BinaryData(body), new StringContent(body, ...), new ByteArrayContent(bytes), new ReadOnlyMemoryContent(bytes)
        if (type?.Name is "BinaryData" or "StringContent" or "ByteArrayContent" or "ReadOnlyMemoryContent"
            && creation.Arguments.Length > 0)
        {
            return Read(ArgumentAt(creation.Arguments, 0), depth + 1);
        }

        return null;
    }

    private RequestBody? ReadInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType?.Name;
        switch (method.Name)
        {
            // BinaryContent.Create(BinaryData), BinaryData.FromString/FromBytes/FromObjectAsJson(x),
            // JsonSerializer.Serialize/SerializeToUtf8Bytes(x), JsonContent.Create(x), JsonNode.Parse(s),
            // Encoding.UTF8.GetBytes(s)
            case "Create" when containing is "BinaryContent" or "JsonContent":
            case "FromString" or "FromBytes" or "FromObjectAsJson" when containing == "BinaryData":
            case "Serialize" or "SerializeToUtf8Bytes" when containing == "JsonSerializer":
            case "GetBytes" when containing is "Encoding" or "UTF8Encoding":
                return invocation.Arguments.Length > 0 ? Read(ArgumentAt(invocation.Arguments, 0), depth + 1) : null;

            case "Parse" when containing is "JsonNode" or "JsonObject":
            {
                // var body = JsonNode.Parse(json); body["stream"] = true;
                var parsed = invocation.Arguments.Length > 0 ? Read(ArgumentAt(invocation.Arguments, 0), depth + 1) : null;
                if (parsed is not null)
                {
                    ApplyLocalMutations(invocation, parsed.Shape, depth);
                }

                return parsed;
            }

            // "..."u8.ToArray(), node.ToJsonString(), node.ToString(), sb-free string copies.
            case "ToArray" or "ToJsonString" or "ToString" when invocation.Instance is not null:
                return Read(invocation.Instance, depth + 1);

            default:
                return null;
        }
    }

    private JsonShapeObject ReadAnonymous(IAnonymousObjectCreationOperation anonymous, int depth)
    {
        var shape = new JsonShapeObject(isComplete: true);
        foreach (var initializer in anonymous.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
            {
                AddMember(shape, property.Property.Name, assignment.Value, assignment.Syntax, depth);
            }
        }

        return shape;
    }

    private JsonShapeObject ReadKeyedCreation(IObjectCreationOperation creation, int depth)
    {
        // new JsonObject(existingPairs) / new Dictionary<string, object>(other): members we cannot see.
        var complete = true;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.Type is { } argumentType && argumentType.Name != "JsonNodeOptions" && argumentType.Name != "Nullable"
                && argumentType.SpecialType != SpecialType.System_Int32)
            {
                complete = false;
            }
        }

        var shape = new JsonShapeObject(complete);
        if (creation.Initializer is not null)
        {
            foreach (var element in creation.Initializer.Initializers)
            {
                ReadKeyedElement(shape, element, element.Syntax, depth);
            }
        }

        ApplyLocalMutations(creation, shape, depth);
        return shape;
    }

    // ["k"] = v  |  { "k", v }  (collection initializer Add)
    private void ReadKeyedElement(JsonShapeObject shape, IOperation element, SyntaxNode setter, int depth)
    {
        switch (element)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment
                when indexer.Arguments.Length == 1 && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                AddMember(shape, key, assignment.Value, setter, depth);
                break;

            case IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd" } add
                when add.Arguments.Length == 2 && ArgumentAt(add.Arguments, 0).ConstantValue is { HasValue: true, Value: string key }:
                AddMember(shape, key, ArgumentAt(add.Arguments, 1), setter, depth);
                break;

            default:
                shape.IsComplete = false;
                break;
        }
    }

    /// <summary>Follows <c>var body = new JsonObject(); body["stream"] = true;</c> style code on the local the creation initializes.</summary>
    private void ApplyLocalMutations(IOperation creation, JsonShapeObject shape, int depth)
    {
        if (creation.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return;
        }

        var facts = _facts(creation);
        if (facts.AssignedValues(declarator.Symbol).Count != 1)
        {
            shape.IsComplete = false;
            return;
        }

        foreach (var read in facts.Reads(declarator.Symbol))
        {
            switch (read.Parent)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance == read:
                    if (indexer.Parent is ISimpleAssignmentOperation assignment && assignment.Target == indexer)
                    {
                        ReadKeyedElement(shape, assignment, StatementOf(assignment), depth);
                    }

                    break;

                case IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd" } add when add.Instance == read:
                    ReadKeyedElement(shape, add, StatementOf(add), depth);
                    break;

                case IInvocationOperation { TargetMethod.Name: "ToJsonString" or "ToString" or "ContainsKey" or "TryGetValue" } query
                    when query.Instance == read:
                    break;

                case IArgumentOperation { Parent: IInvocationOperation sink } when IsSerializer(sink.TargetMethod):
                    break;

                case IArgumentOperation { Parent: IObjectCreationOperation sink } when sink.Type?.Name is "StringContent" or "BinaryData":
                    break;

                default:
                    // Passed somewhere we do not follow, or modified in a way we do not read.
                    shape.IsComplete = false;
                    break;
            }
        }
    }

    private void AddMember(JsonShapeObject shape, string name, IOperation value, SyntaxNode setter, int depth)
    {
        var unwrapped = OperationWalk.Unwrap(value);
        JsonValueKind kind;
        JsonShapeObject? nested = null;
        if (unwrapped.ConstantValue is { HasValue: true } constant)
        {
            kind = constant.Value switch
            {
                true => JsonValueKind.True,
                false => JsonValueKind.False,
                _ => JsonValueKind.Other,
            };
        }
        else
        {
            var nestedBody = unwrapped is IAnonymousObjectCreationOperation or IObjectCreationOperation or ILocalReferenceOperation
                ? Read(unwrapped, depth + 1)
                : null;
            nested = nestedBody?.Shape;
            kind = nested is null ? JsonValueKind.Unknown : JsonValueKind.Object;
        }

        shape.Members[name] = new JsonShapeMember(name, kind, nested) { Setter = setter, ValueSyntax = value.Syntax };
    }

    private static SyntaxNode StatementOf(IOperation operation) =>
        operation.Parent is IExpressionStatementOperation statement ? statement.Syntax : operation.Syntax;

    private static bool IsSerializer(IMethodSymbol method) =>
        method.Name is "FromObjectAsJson" or "Serialize" or "SerializeToUtf8Bytes" or "PostAsJsonAsync" or "Create"
            && method.ContainingType?.Name is "BinaryData" or "JsonSerializer" or "HttpClientJsonExtensions" or "JsonContent";

    private static bool IsJsonObject(ITypeSymbol? type) =>
        type is { Name: "JsonObject", ContainingNamespace: { Name: "Nodes", ContainingNamespace.Name: "Json" } };

    private static bool IsStringKeyedDictionary(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 } named
        && named.Name is "Dictionary" or "SortedDictionary" or "ConcurrentDictionary"
        && named.TypeArguments[0].SpecialType == SpecialType.System_String;

    internal static IOperation ArgumentAt(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return arguments[ordinal].Value;
    }
}
