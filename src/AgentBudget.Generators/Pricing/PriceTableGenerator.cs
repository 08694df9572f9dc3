using System;
using System.Collections.Immutable;
using AgentBudget.Generators.Common;
using AgentBudget.Generators.Diagnostics;
using AgentBudget.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AgentBudget.Generators.Pricing;

/// <summary>
/// Compiles <c>pricing/*.json</c> (AdditionalFiles) into a frozen price table. In the AgentBudget runtime
/// (<c>AgentBudgetPriceTableRole=BuiltIn</c>) it writes <c>AgentBudget.Pricing.BuiltInPriceTable</c>; in a consuming
/// project with its own pricing files it writes <c>AgentBudget.Generated.ProjectPriceTable</c> plus a module
/// initializer that registers it as an overlay. Bad pricing files become diagnostics on the JSON file.
/// </summary>
/// <remarks>
/// Two branches: the source branch works on position-free specs, so whitespace edits and unrelated C# edits leave it
/// cached; the diagnostics branch carries positions and may re-run freely. Parsing lives in
/// <see cref="PricingFileParser"/>, merging in <see cref="PriceTableBuilder"/>, writing in <see cref="PriceTableEmitter"/>.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class PriceTableGenerator : IIncrementalGenerator
{
    /// <summary>The MSBuild property (made compiler-visible) that selects the table role.</summary>
    public const string RoleProperty = "build_property.AgentBudgetPriceTableRole";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => PricingFileFilter.IsPricingFile(pair.Left, pair.Right))
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(PriceTableGeneratorSteps.PricingInputs);

        var files = inputs
            .Select(static (text, cancellationToken) => PricingFileParser.Parse(text, cancellationToken))
            .WithTrackingName(PriceTableGeneratorSteps.PricingFiles);

        var specs = files
            .Select(static (file, _) => file.Spec)
            .WithTrackingName(PriceTableGeneratorSteps.PricingFileSpecs);

        var role = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(RoleProperty, out var value)
                && string.Equals(value?.Trim(), "BuiltIn", StringComparison.OrdinalIgnoreCase)
                    ? PriceTableRole.BuiltIn
                    : PriceTableRole.Consumer)
            .WithTrackingName(PriceTableGeneratorSteps.TableRole);

        var facts = context.CompilationProvider
            .Select(static (compilation, _) => ReadFacts(compilation))
            .WithTrackingName(PriceTableGeneratorSteps.ConsumerFacts);

        var settings = role.Combine(facts);

        var table = specs.Collect()
            .Combine(settings)
            .Select(static (input, _) => PriceTableBuilder.BuildTable(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(PriceTableGeneratorSteps.PriceTable);

        context.RegisterSourceOutput(table, static (output, spec) =>
        {
            if (spec is null)
            {
                return;
            }

            try
            {
                output.AddSource(PriceTableEmitter.HintName(spec), SourceText.From(PriceTableEmitter.Emit(spec), System.Text.Encoding.UTF8));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, Describe(exception)));
            }
        });

        var diagnostics = files.Collect()
            .Combine(settings)
            .Select(static (input, _) => BuildDiagnostics(input.Left, input.Right.Left, input.Right.Right))
            .WithTrackingName(PriceTableGeneratorSteps.PricingDiagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, infos) =>
        {
            foreach (var info in infos)
            {
                output.ReportDiagnostic(ToDiagnostic(info));
            }
        });
    }

    private static ConsumerFacts ReadFacts(Compilation compilation)
    {
        var hasRuntime = compilation.GetTypeByMetadataName("AgentBudget.Pricing.CompiledPriceTable") is not null;
        var hasModuleInitializer = false;
        foreach (var type in compilation.GetTypesByMetadataName("System.Runtime.CompilerServices.ModuleInitializerAttribute"))
        {
            if (compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                hasModuleInitializer = true;
                break;
            }
        }

        var languageVersion = compilation is CSharpCompilation csharp ? (int)csharp.LanguageVersion : (int)LanguageVersion.CSharp1;
        return new ConsumerFacts(compilation.AssemblyName ?? string.Empty, hasRuntime, hasModuleInitializer, languageVersion);
    }

    private static EquatableArray<PricingDiagnosticInfo> BuildDiagnostics(ImmutableArray<PricingFileResult> files, PriceTableRole role, ConsumerFacts facts)
    {
        try
        {
            return PriceTableBuilder.BuildDiagnostics(files, role, facts);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new EquatableArray<PricingDiagnosticInfo>(new[] { new PricingDiagnosticInfo("AB1999", Describe(exception), null, null) });
        }
    }

    private static Diagnostic ToDiagnostic(PricingDiagnosticInfo info)
    {
        var location = info.Path is null || info.Position is null
            ? Location.None
            : Location.Create(info.Path, new TextSpan(info.Position.Offset, info.Position.Length),
                new LinePositionSpan(new LinePosition(info.Position.StartLine, info.Position.StartColumn),
                    new LinePosition(info.Position.EndLine, info.Position.EndColumn)));
        return Diagnostic.Create(DiagnosticDescriptors.ForPricingCode(info.Id), location, info.Message);
    }

    private static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;
}
