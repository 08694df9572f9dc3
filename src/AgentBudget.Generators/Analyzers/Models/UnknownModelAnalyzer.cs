using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using AgentBudget.Generators.Pricing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Models;

/// <summary>
/// AB0004: a constant model id at a known position (<c>GetChatClient("…")</c>, <c>new ChatClient("…", …)</c>,
/// <c>GetEmbeddingClient</c>, the Responses <c>model</c> parameter and <c>CreateResponseOptions.Model</c>,
/// <c>ChatOptions.ModelId</c>, <c>EmbeddingGenerationOptions.ModelId</c>, the <c>defaultModelId</c> of the
/// <c>AsIChatClient</c> adapters, Anthropic <c>MessageCreateParams.Model</c>) that the compiled price table does not
/// resolve, the project's own <c>pricing/*.json</c> included.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnknownModelAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the suggested names, separated by <see cref="SuggestionSeparator"/>.</summary>
    internal const string SuggestionsProperty = "Suggestions";

    internal const char SuggestionSeparator = '|';

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnknownModel);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var sdk = LlmSdkSymbols.TryCreate(start.Compilation);
            if (sdk is null)
            {
                return;
            }

            var sites = new ModelSites(sdk);
            if (sites.IsEmpty)
            {
                return;
            }

            // The project's pricing files are read only if a model literal shows up.
            var options = start.Options;
            var cancellationToken = start.CancellationToken;
            var catalog = new Lazy<ModelNameCatalog>(() => LoadCatalog(options, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterOperationAction(c => AnalyzeArgument(c, sites, catalog), OperationKind.Argument);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, sites, catalog), OperationKind.SimpleAssignment);
        });
    }

    private static ModelNameCatalog LoadCatalog(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        foreach (var file in options.AdditionalFiles)
        {
            if (!PricingFileFilter.IsPricingFile(file, options.AnalyzerConfigOptionsProvider))
            {
                continue;
            }

            var text = file.GetText(cancellationToken)?.ToString();
            if (text is not null)
            {
                texts.Add(text);
            }
        }

        return texts.Count == 0 ? ModelNameCatalog.BuiltIn : ModelNameCatalog.WithProjectFiles(texts);
    }

    private static void AnalyzeArgument(OperationAnalysisContext context, ModelSites sites, Lazy<ModelNameCatalog> catalog)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is { } parameter && sites.IsModelParameter(parameter))
        {
            Check(context, argument.Value, catalog);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, ModelSites sites, Lazy<ModelNameCatalog> catalog)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation property && sites.IsModelProperty(property.Property))
        {
            Check(context, assignment.Value, catalog);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, Lazy<ModelNameCatalog> catalog)
    {
        var constant = OperationWalk.Unwrap(value);
        if (constant.ConstantValue is not { HasValue: true, Value: string model } || model.Length == 0)
        {
            return;
        }

        var names = catalog.Value;
        if (names.IsEmpty || names.Resolves(model))
        {
            return;
        }

        var suggestions = names.Suggest(model);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(SuggestionsProperty, string.Join(SuggestionSeparator.ToString(), suggestions));
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnknownModel,
            constant.Syntax.GetLocation(),
            properties,
            model,
            DidYouMean(suggestions)));
    }

    /// <summary><c> (did you mean 'a', 'b' or 'c'?)</c>, or nothing.</summary>
    internal static string DidYouMean(ImmutableArray<string> suggestions)
    {
        if (suggestions.IsDefaultOrEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder(" (did you mean ");
        for (var i = 0; i < suggestions.Length; i++)
        {
            if (i > 0)
            {
                text.Append(i == suggestions.Length - 1 ? " or " : ", ");
            }

            text.Append('\'').Append(suggestions[i]).Append('\'');
        }

        return text.Append("?)").ToString();
    }

    /// <summary>The parameters and properties that take a model id, resolved once per compilation.</summary>
    private sealed class ModelSites
    {
        private readonly HashSet<IMethodSymbol> _methods = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IPropertySymbol> _properties = new(SymbolEqualityComparer.Default);

        public ModelSites(LlmSdkSymbols sdk)
        {
            AddMethods(sdk.OpenAIClient, "GetChatClient", "GetEmbeddingClient");
            AddMethods(sdk.OpenAIChatClient, WellKnownMemberNames.InstanceConstructorName);
            AddMethods(sdk.OpenAIEmbeddingClient, WellKnownMemberNames.InstanceConstructorName);
            AddMethods(sdk.OpenAIResponsesClient, "CreateResponse", "CreateResponseAsync", "CreateResponseStreaming", "CreateResponseStreamingAsync");
            AddMethods(sdk.OpenAICreateResponseOptions, WellKnownMemberNames.InstanceConstructorName);
            AddMethods(sdk.OpenAIChatClientAdapters, "AsIChatClient");
            AddMethods(sdk.AnthropicChatClientExtensions, "AsIChatClient");

            AddProperty(sdk.OpenAICreateResponseOptions, "Model");
            AddProperty(sdk.ChatOptions, "ModelId");
            AddProperty(sdk.EmbeddingGenerationOptions, "ModelId");
            foreach (var parameters in sdk.AnthropicMessageCreateParams)
            {
                AddProperty(parameters, "Model");
            }
        }

        public bool IsEmpty => _methods.Count == 0 && _properties.Count == 0;

        public bool IsModelParameter(IParameterSymbol parameter) =>
            parameter.Name is "model" or "defaultModelId"
            && parameter.ContainingSymbol is IMethodSymbol method
            && _methods.Contains(method.OriginalDefinition);

        public bool IsModelProperty(IPropertySymbol property) => _properties.Contains(property.OriginalDefinition);

        private void AddMethods(INamedTypeSymbol? type, params string[] names)
        {
            if (type is null)
            {
                return;
            }

            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        _methods.Add(method);
                    }
                }
            }
        }

        private void AddProperty(INamedTypeSymbol? type, string name)
        {
            if (type is null)
            {
                return;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is IPropertySymbol property)
                {
                    _properties.Add(property);
                }
            }
        }
    }
}
