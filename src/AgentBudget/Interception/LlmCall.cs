using System;
using AgentBudget.Pricing;

namespace AgentBudget.Interception;

/// <summary>
/// An LLM call about to be made: the session it is charged to, the requested model, the prompt estimate and the
/// output cap. <see cref="Reserve"/> admits it. A stream keeps the request and reserves when enumeration starts,
/// which is when the SDKs send the HTTP request.
/// </summary>
public readonly struct LlmCallRequest
{
    private LlmCallRequest(BudgetSession session, string model, long estimatedInputTokens, long maxOutputTokens, ulong promptFingerprint)
    {
        Session = session;
        Model = model;
        EstimatedInputTokens = estimatedInputTokens;
        MaxOutputTokens = maxOutputTokens;
        PromptFingerprint = promptFingerprint;
    }

    /// <summary>The session charged.</summary>
    public BudgetSession Session { get; }

    /// <summary>The requested model (the answering model, reported with the usage, may be a dated snapshot of it).</summary>
    public string Model { get; }

    /// <summary>The estimated prompt tokens.</summary>
    public long EstimatedInputTokens { get; }

    /// <summary>The output cap from the request; 0 when the request has none (the model's maximum is reserved).</summary>
    public long MaxOutputTokens { get; }

    /// <summary>The prompt fingerprint used for loop detection.</summary>
    public ulong PromptFingerprint { get; }

    /// <summary>Describes a call from its request.</summary>
    /// <param name="session">The session to charge.</param>
    /// <param name="model">The requested model.</param>
    /// <param name="prompt">The prompt estimate.</param>
    /// <param name="requestedMaxOutputTokens">The request's output cap, or null.</param>
    /// <returns>The request.</returns>
    public static LlmCallRequest Create(BudgetSession session, string model, in PromptEstimate prompt, long? requestedMaxOutputTokens)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        var cap = requestedMaxOutputTokens is > 0 ? requestedMaxOutputTokens.Value : 0;
        return new LlmCallRequest(session, model ?? string.Empty, prompt.EstimatedTokens, cap, prompt.Fingerprint);
    }

    /// <summary>
    /// Admits the call by reserving its worst case (prompt estimate plus the output cap, or the model's maximum output
    /// from the price table when the request sets none). Throws before the call is made when it does not fit.
    /// </summary>
    /// <returns>The admitted call.</returns>
    public TrackedLlmCall Reserve()
        => new(Session.ReserveLlmCall(Model, EstimatedInputTokens, MaxOutputTokens, PromptFingerprint), this);
}

/// <summary>An admitted LLM call: settle it with the exact usage, an estimate, or release it when nothing was billed.</summary>
public struct TrackedLlmCall
{
    private BudgetReservation _reservation;

    internal TrackedLlmCall(BudgetReservation reservation, LlmCallRequest request)
    {
        _reservation = reservation;
        Request = request;
    }

    /// <summary>The request that was admitted.</summary>
    public LlmCallRequest Request { get; }

    /// <summary>Records the exact usage, priced for the model that actually answered.</summary>
    /// <param name="answeringModel">The model the provider reports (falls back to the requested one when null).</param>
    /// <param name="usage">The usage.</param>
    public readonly void Settle(string? answeringModel, in TokenUsage usage)
        => _reservation.SettleUsage(string.IsNullOrEmpty(answeringModel) ? Request.Model : answeringModel!, usage);

    /// <summary>Records an estimate flagged as such: the prompt estimate plus <paramref name="outputTokens"/> (at least one).</summary>
    /// <param name="answeringModel">The model, when known.</param>
    /// <param name="outputTokens">The estimated output tokens.</param>
    public readonly void SettleEstimate(string? answeringModel, long outputTokens)
        => SettleEstimate(answeringModel, TokenUsage.FromInputOutput(Request.EstimatedInputTokens, outputTokens < 1 ? 1 : outputTokens));

    /// <summary>Records an estimated usage, flagged as an estimate in the ledger, events and report.</summary>
    /// <param name="answeringModel">The model, when known.</param>
    /// <param name="usage">The estimated usage.</param>
    public readonly void SettleEstimate(string? answeringModel, in TokenUsage usage)
        => _reservation.SettleUsage(string.IsNullOrEmpty(answeringModel) ? Request.Model : answeringModel!, usage, isEstimate: true);

    /// <summary>The call failed with no usage (HTTP error, cancellation before the response): nothing is charged.</summary>
    public readonly void Release() => _reservation.Release();
}
