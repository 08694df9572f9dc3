using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Budgeted.Model;

/// <summary>One level of the type nesting a generated partial declaration must reproduce (outermost first).</summary>
/// <param name="Keyword">The declaration keyword with modifiers needed for a partial part: <c>class</c>, <c>record</c>, <c>struct</c>, <c>record struct</c>, <c>interface</c>.</param>
/// <param name="NameWithTypeParameters">The simple name plus its type parameter list, e.g. <c>Agent&lt;T&gt;</c>.</param>
/// <param name="IsStatic">Whether the type is static (a static outer class needs <c>static partial</c>).</param>
internal sealed record TypeLevelSpec(string Keyword, string NameWithTypeParameters, bool IsStatic);

/// <summary>A method parameter as the generated wrappers and interceptors must declare and forward it.</summary>
/// <param name="Type">The fully qualified type (<c>global::</c> form), with nullable annotations as declared.</param>
/// <param name="Name">The parameter name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="RefKind">The modifier written before the type: empty, <c>ref </c>, <c>out </c>, <c>in </c>, <c>ref readonly </c>.</param>
/// <param name="IsParams">Whether the parameter is a <c>params</c> array.</param>
/// <param name="IsFingerprinted">Whether the value takes part in the loop-detection fingerprint (not for <c>out</c> or cancellation tokens).</param>
/// <param name="IsThis">Whether this is the <c>this</c> parameter of an extension method.</param>
internal sealed record ParameterSpec(string Type, string Name, string RefKind, bool IsParams, bool IsFingerprinted, bool IsThis = false)
{
    /// <summary>The argument as written when forwarding: <c>ref x</c>, <c>out x</c>, <c>in x</c> or <c>x</c>.</summary>
    public string Argument => RefKind.Length == 0 ? Name : (RefKind == "ref readonly " ? "in " : RefKind) + Name;

    /// <summary>The declaration as written in a parameter list.</summary>
    public string Declaration => (IsThis ? "this " : string.Empty) + (IsParams ? "params " : string.Empty) + RefKind + Type + " " + Name;
}

/// <summary>How a generated wrapper must treat a method's result.</summary>
internal enum ReturnShape
{
    /// <summary><c>void</c>.</summary>
    Void,

    /// <summary>Any synchronous value.</summary>
    Value,

    /// <summary><c>System.Threading.Tasks.Task</c>.</summary>
    Task,

    /// <summary><c>System.Threading.Tasks.Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>System.Threading.Tasks.ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>System.Threading.Tasks.ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,

    /// <summary><c>System.Collections.Generic.IAsyncEnumerable&lt;T&gt;</c>.</summary>
    AsyncEnumerable,

    /// <summary><c>System.Collections.Generic.IEnumerable&lt;T&gt;</c> (the body of an iterator runs during enumeration).</summary>
    Enumerable,
}

/// <summary>A method of a budgeted type whose calls are wrapped (a tool, or any instance method for the ambient session).</summary>
/// <param name="Name">The method name.</param>
/// <param name="WrapperName">The generated wrapper's name (an internal member of the partial type).</param>
/// <param name="ReturnType">The fully qualified return type.</param>
/// <param name="Shape">How the result is awaited or enumerated.</param>
/// <param name="ElementType">The <c>T</c> of a <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>/enumerable shape, else empty.</param>
/// <param name="Parameters">The parameters in declaration order.</param>
/// <param name="IsStatic">Whether the method is static (no receiver: the ambient session is used).</param>
/// <param name="Tool">The tool settings when the method has <c>[TrackTool]</c>; null for a plain method.</param>
/// <param name="ReturnsByRef">Whether the method returns by reference (such methods are never wrapped).</param>
internal sealed record WrappedMethodSpec(
    string Name,
    string WrapperName,
    string ReturnType,
    ReturnShape Shape,
    string ElementType,
    EquatableArray<ParameterSpec> Parameters,
    bool IsStatic,
    ToolSpec? Tool,
    bool ReturnsByRef = false);

/// <summary>The settings of a <c>[TrackTool]</c> method, resolved at compile time.</summary>
/// <param name="ToolName">The name used in reports, events and loop detection.</param>
/// <param name="CostPicodollars">The exact cost per call, in picodollars, read from the attribute's source text.</param>
/// <param name="ReleaseOnFailure">True when a call that throws is not charged (<c>ToolFailureCharge.Release</c>).</param>
internal sealed record ToolSpec(string ToolName, long CostPicodollars, bool ReleaseOnFailure);

/// <summary>The options of a <c>[Budgeted]</c> attribute, as C# expressions ready to emit.</summary>
internal sealed record BudgetOptionsSpec(
    long MaxSpendPicodollars,
    string MaxSpendText,
    string SoftLimit,
    string FinalizationReserve,
    int MaxRepeatedCalls,
    string LoopWindowSeconds,
    int UnknownModels,
    int MaxLlmCalls,
    int MaxToolCalls,
    long MaxTotalTokens,
    string MaxDurationSeconds);

/// <summary>Everything the emitter needs to generate the members of one <c>[Budgeted]</c> partial type.</summary>
/// <param name="HintName">A unique, file-name-safe name for the generated source.</param>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="Levels">The type nesting, outermost first; the last level is the budgeted type.</param>
/// <param name="FullyQualifiedName">The <c>global::</c> name of the budgeted type with its own type parameters.</param>
/// <param name="CompanionName">The fully qualified name of the generated non-generic companion class (options, fallback session).</param>
/// <param name="DisplayName">The name shown in reports and events, e.g. <c>ResearchAgent</c>.</param>
/// <param name="IsStatic">A static class gets the companion only (no instance budget).</param>
/// <param name="IsValueType">A struct cannot hold a lazily created budget safely; it gets the companion only.</param>
/// <param name="Options">The attribute options.</param>
/// <param name="Methods">The wrapped methods (tools and plain instance methods), in declaration order.</param>
internal sealed record BudgetedTypeSpec(
    string HintName,
    string Namespace,
    EquatableArray<TypeLevelSpec> Levels,
    string FullyQualifiedName,
    string CompanionName,
    string DisplayName,
    bool IsStatic,
    bool IsValueType,
    BudgetOptionsSpec Options,
    EquatableArray<WrappedMethodSpec> Methods);
