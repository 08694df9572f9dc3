using System;
using AgentBudget.Pricing;

namespace AgentBudget;

public sealed partial class BudgetSession
{
    /// <summary>
    /// Records an estimated usage of an LLM call that was not reserved, flagged as an estimate in the ledger, events and
    /// report. Used when a call was billed but its exact usage never arrived (a stream the consumer stopped early, a
    /// server that omits usage). Never throws for limits or an unknown model: the call already happened, so the
    /// estimate is recorded (unpriced when the model is unknown and there is no fallback price).
    /// </summary>
    /// <param name="model">The model that answered (or the requested one when the answer named none).</param>
    /// <param name="usage">The estimated usage.</param>
    /// <returns>The cost charged.</returns>
    public Money RecordEstimatedUsage(string model, in TokenUsage usage)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        var aggregate = GetModelAggregate(model);
        CountUnreservedLlmCall();
        var cost = RecordLlm(aggregate, model, usage, isBatch: false, isEstimate: true, isFinalStep: false, reservedAmount: 0,
            fingerprint: 0, throwIfUnknown: false);
        return Money.FromPicodollars(cost);
    }
}
