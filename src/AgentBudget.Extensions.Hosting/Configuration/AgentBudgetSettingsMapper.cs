using System;
using AgentBudget.Pricing;

namespace AgentBudget.Extensions.Hosting;

/// <summary>Turns configuration values into <see cref="BudgetOptions"/>, with errors that name the offending key.</summary>
internal static class AgentBudgetSettingsMapper
{
    public static BudgetOptions ToOptions(AgentBudgetSettings root, AgentBudgetSettings? named, string sectionPath, IPriceCatalog? prices)
    {
        var maxSpendText = named?.MaxSpend ?? root.MaxSpend;
        if (string.IsNullOrWhiteSpace(maxSpendText))
        {
            throw new InvalidOperationException($"AgentBudget configuration '{sectionPath}:MaxSpend' is required (for example \"$5.00\").");
        }

        if (!BudgetAmount.TryParse(maxSpendText, out var maxSpend, out var error))
        {
            throw new InvalidOperationException($"AgentBudget configuration '{sectionPath}:MaxSpend' = '{maxSpendText}' is not a budget: {error}");
        }

        var options = new BudgetOptions { MaxSpend = maxSpend, Prices = prices };
        if ((named?.SoftLimit ?? root.SoftLimit) is { } soft)
        {
            options.SoftLimitFraction = soft;
        }

        if ((named?.FinalizationReserve ?? root.FinalizationReserve) is { } reserve)
        {
            options.FinalizationReserveFraction = reserve;
        }

        if ((named?.LoopDetection?.MaxRepeatedCalls ?? root.LoopDetection?.MaxRepeatedCalls) is { } repeats)
        {
            options.LoopDetection.MaxRepeatedCalls = repeats;
        }

        if ((named?.LoopDetection?.WindowSeconds ?? root.LoopDetection?.WindowSeconds) is { } window)
        {
            options.LoopDetection.Window = TimeSpan.FromSeconds(window);
        }

        if ((named?.UnknownModels ?? root.UnknownModels) is { } unknown)
        {
            options.UnknownModels = unknown;
        }

        options.MaxLlmCalls = named?.MaxLlmCalls ?? root.MaxLlmCalls ?? 0;
        options.MaxToolCalls = named?.MaxToolCalls ?? root.MaxToolCalls ?? 0;
        options.MaxTotalTokens = named?.MaxTotalTokens ?? root.MaxTotalTokens ?? 0;
        if ((named?.MaxDurationSeconds ?? root.MaxDurationSeconds) is { } seconds && seconds > 0)
        {
            options.MaxDuration = TimeSpan.FromSeconds(seconds);
        }

        if ((named?.EventCapacity ?? root.EventCapacity) is { } capacity)
        {
            options.EventCapacity = capacity;
        }

        return options;
    }
}
