using System;

namespace AgentBudget;

/// <summary>
/// Loop detection settings. A call is identified by its name (tool or model) <b>and</b> a fingerprint of its
/// arguments or prompt, so an agent that calls the same model ten times with different prompts is not a loop.
/// </summary>
public sealed class LoopDetectionOptions
{
    /// <summary>Identical calls allowed inside <see cref="Window"/>; the next one trips the detector. 0 disables detection. Default 10.</summary>
    public int MaxRepeatedCalls { get; set; } = 10;

    /// <summary>The sliding window. Default 60 seconds.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many distinct call identities are remembered at once (memory is fixed: this many × <see cref="MaxRepeatedCalls"/>
    /// timestamps). When more are active, the least recently seen identity is forgotten. Default 256.
    /// </summary>
    public int MaxTrackedCalls { get; set; } = 256;

    /// <summary>True when detection is on.</summary>
    public bool Enabled => MaxRepeatedCalls > 0;

    internal LoopDetectionOptions Clone() => new()
    {
        MaxRepeatedCalls = MaxRepeatedCalls,
        Window = Window,
        MaxTrackedCalls = MaxTrackedCalls,
    };

    internal void Validate()
    {
        if (MaxRepeatedCalls < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRepeatedCalls), MaxRepeatedCalls, "MaxRepeatedCalls cannot be negative (0 disables loop detection).");
        }

        if (MaxRepeatedCalls > 0 && Window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "The loop window must be positive.");
        }

        if (MaxTrackedCalls < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTrackedCalls), MaxTrackedCalls, "MaxTrackedCalls must be at least 1.");
        }
    }
}
