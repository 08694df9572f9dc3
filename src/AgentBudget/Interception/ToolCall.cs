using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace AgentBudget.Interception;

/// <summary>
/// One tracked call of a <c>[TrackTool]</c> method: admitted (reserved and loop-checked) before the tool runs and
/// charged after it. A struct holding the runtime's reservation, so the synchronous path allocates nothing.
/// </summary>
public struct ToolCall
{
    private BudgetReservation _reservation;
    private readonly long _costPicodollars;
    private readonly bool _releaseOnFailure;

    private ToolCall(BudgetReservation reservation, Money cost, bool releaseOnFailure)
    {
        _reservation = reservation;
        _costPicodollars = cost.Picodollars;
        _releaseOnFailure = releaseOnFailure;
    }

    /// <summary>Admits a tool call: throws before the tool runs when it does not fit, loops, or the session stopped.</summary>
    /// <param name="session">The session to charge.</param>
    /// <param name="cost">The cost per call.</param>
    /// <param name="toolName">The tool name (reports, events, loop detection).</param>
    /// <param name="argumentsFingerprint">The fingerprint of the arguments.</param>
    /// <param name="releaseOnFailure">True when a call that throws is not charged.</param>
    /// <returns>The admitted call.</returns>
    public static ToolCall Admit(BudgetSession session, Money cost, string toolName, ulong argumentsFingerprint, bool releaseOnFailure)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        return new ToolCall(session.Reserve(cost, toolName, CallKind.Tool, argumentsFingerprint), cost, releaseOnFailure);
    }

    /// <summary>Charges the call after the tool returned.</summary>
    public readonly void Complete() => _reservation.Settle(Money.FromPicodollars(_costPicodollars));

    /// <summary>The tool threw: charge it (the external service was called) or release it, as the attribute says.</summary>
    public readonly void Fail()
    {
        if (_releaseOnFailure)
        {
            _reservation.Release();
        }
        else
        {
            _reservation.Settle(Money.FromPicodollars(_costPicodollars));
        }
    }

    /// <summary>
    /// Tracks a tool that streams its results: admitted when enumeration starts (when an iterator's body runs), charged
    /// when it ends or the consumer stops early; a fault follows <paramref name="releaseOnFailure"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The tool's sequence.</param>
    /// <param name="session">The session to charge.</param>
    /// <param name="cost">The cost per call.</param>
    /// <param name="toolName">The tool name.</param>
    /// <param name="argumentsFingerprint">The fingerprint of the arguments.</param>
    /// <param name="releaseOnFailure">True when a call that throws is not charged.</param>
    /// <param name="cancellationToken">Passed to the source enumerator.</param>
    /// <returns>The tracked sequence.</returns>
    public static async IAsyncEnumerable<T> TrackAsyncEnumerable<T>(IAsyncEnumerable<T> source, BudgetSession session, Money cost, string toolName,
        ulong argumentsFingerprint, bool releaseOnFailure, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        var call = Admit(session, cost, toolName, argumentsFingerprint, releaseOnFailure);
        var finished = false;
        IAsyncEnumerator<T> enumerator;
        var scope = AmbientSessionScope.Enter(session);
        try
        {
            enumerator = source.GetAsyncEnumerator(cancellationToken);
        }
        catch
        {
            call.Fail();
            throw;
        }
        finally
        {
            scope.Dispose();
        }

        try
        {
            while (true)
            {
                bool hasNext;
                try
                {
                    scope = AmbientSessionScope.Enter(session);
                    try
                    {
                        hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        scope.Dispose();
                    }
                }
                catch
                {
                    finished = true;
                    call.Fail();
                    throw;
                }

                if (!hasNext)
                {
                    break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            if (!finished)
            {
                // Completed, or the consumer stopped early: the tool ran, so it is charged.
                call.Complete();
            }
        }
    }
}
