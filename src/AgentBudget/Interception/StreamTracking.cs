using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Pricing;

namespace AgentBudget.Interception;

/// <summary>
/// Reads the usage of one SDK's stream, update by update. Implemented by generated structs (one per SDK stream type),
/// so the tracking enumerators call it without a delegate, closure or boxing.
/// </summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
public interface IStreamUsageObserver<in T>
{
    /// <summary>The answering model, once an update has named it.</summary>
    string? Model { get; }

    /// <summary>True once the provider's final usage has been seen.</summary>
    bool HasFinalUsage { get; }

    /// <summary>The final usage (valid when <see cref="HasFinalUsage"/>).</summary>
    TokenUsage FinalUsage { get; }

    /// <summary>Reads one update.</summary>
    /// <param name="item">The update.</param>
    void OnItem(T item);

    /// <summary>The best estimate of a stream that ended without its final usage (early stop, fault).</summary>
    /// <param name="estimatedInputTokens">The prompt estimate made before the call.</param>
    /// <returns>The usage to record as an estimate.</returns>
    TokenUsage EstimateUsage(long estimatedInputTokens);
}

/// <summary>
/// The state machine shared by the tracking enumerators: reserve when the stream starts, settle the exact usage when
/// it completes, record a flagged estimate (never $0) when the consumer stops early or the stream faults after it
/// started, and release when it fails before any update (nothing was billed).
/// </summary>
internal struct StreamSettlement<T, TObserver>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private TrackedLlmCall _call;
    private TObserver _observer;
    private bool _started;
    private bool _sawItem;
    private bool _done;

    public void Start(in LlmCallRequest request)
    {
        _call = request.Reserve();
        _observer = default;
        _started = true;
    }

    public void OnItem(T item)
    {
        _sawItem = true;
        _observer.OnItem(item);
    }

    public void Completed()
    {
        if (Finish())
        {
            // A stream that ended without usage (a server that ignores the usage option) is estimated, flagged.
            SettleWithUsageOrEstimate();
        }
    }

    /// <summary>The stream threw (HTTP 429/500, connection lost) before or after its first update.</summary>
    public void Faulted() => EndBeforeItsEnd();

    /// <summary>The consumer stopped enumerating before the end.</summary>
    public void Abandoned() => EndBeforeItsEnd();

    private void EndBeforeItsEnd()
    {
        if (!Finish())
        {
            return;
        }

        if (!_sawItem)
        {
            // Nothing arrived (HTTP 429/500, connection refused, or no update read): nothing was billed.
            _call.Release();
            return;
        }

        // Output was produced, so the provider bills the generation: exact usage if it arrived, else an estimate.
        SettleWithUsageOrEstimate();
    }

    private void SettleWithUsageOrEstimate()
    {
        if (_observer.HasFinalUsage)
        {
            _call.Settle(_observer.Model, _observer.FinalUsage);
        }
        else
        {
            _call.SettleEstimate(_observer.Model, _observer.EstimateUsage(_call.Request.EstimatedInputTokens));
        }
    }

    private bool Finish()
    {
        if (!_started || _done)
        {
            return false;
        }

        _done = true;
        return true;
    }
}

/// <summary>A tracked asynchronous stream: <see cref="IAsyncEnumerable{T}"/> in, the same updates out, usage recorded.</summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
/// <typeparam name="TObserver">The generated usage reader for <typeparamref name="T"/>.</typeparam>
public sealed class TrackedAsyncEnumerable<T, TObserver> : IAsyncEnumerable<T>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private readonly IAsyncEnumerable<T> _source;
    private readonly LlmCallRequest _request;

    /// <summary>Wraps <paramref name="source"/>.</summary>
    /// <param name="source">The SDK's stream.</param>
    /// <param name="request">The call to admit when enumeration starts.</param>
    public TrackedAsyncEnumerable(IAsyncEnumerable<T> source, LlmCallRequest request)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _request = request;
    }

    /// <inheritdoc />
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => new TrackedAsyncEnumerator<T, TObserver>(_request, _source, cancellationToken);
}

/// <summary>The enumerator of a tracked asynchronous stream.</summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
/// <typeparam name="TObserver">The generated usage reader for <typeparamref name="T"/>.</typeparam>
public sealed class TrackedAsyncEnumerator<T, TObserver> : IAsyncEnumerator<T>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private readonly LlmCallRequest _request;
    private readonly IAsyncEnumerable<T> _source;
    private readonly CancellationToken _cancellationToken;
    private IAsyncEnumerator<T>? _inner;
    private StreamSettlement<T, TObserver> _settlement;

    /// <summary>Creates the enumerator; the call is admitted on the first <see cref="MoveNextAsync"/>.</summary>
    /// <param name="request">The call to admit.</param>
    /// <param name="source">The SDK's stream.</param>
    /// <param name="cancellationToken">Passed to the SDK's enumerator.</param>
    public TrackedAsyncEnumerator(LlmCallRequest request, IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        _request = request;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc />
    public T Current => _inner is null ? default! : _inner.Current;

    /// <inheritdoc />
    public async ValueTask<bool> MoveNextAsync()
    {
        if (_inner is null)
        {
            _settlement.Start(_request);
            try
            {
                _inner = _source.GetAsyncEnumerator(_cancellationToken);
            }
            catch
            {
                _settlement.Faulted();
                throw;
            }
        }

        bool hasNext;
        try
        {
            hasNext = await _inner.MoveNextAsync().ConfigureAwait(false);
        }
        catch
        {
            _settlement.Faulted();
            throw;
        }

        if (hasNext)
        {
            _settlement.OnItem(_inner.Current);
        }
        else
        {
            _settlement.Completed();
        }

        return hasNext;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _settlement.Abandoned();
        if (_inner is not null)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The enumerator of a tracked synchronous stream.</summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
/// <typeparam name="TObserver">The generated usage reader for <typeparamref name="T"/>.</typeparam>
public sealed class TrackedEnumerator<T, TObserver> : IEnumerator<T>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private readonly LlmCallRequest _request;
    private readonly IEnumerable<T> _source;
    private IEnumerator<T>? _inner;
    private StreamSettlement<T, TObserver> _settlement;

    /// <summary>Creates the enumerator; the call is admitted on the first <see cref="MoveNext"/>.</summary>
    /// <param name="request">The call to admit.</param>
    /// <param name="source">The SDK's stream.</param>
    public TrackedEnumerator(LlmCallRequest request, IEnumerable<T> source)
    {
        _request = request;
        _source = source ?? throw new ArgumentNullException(nameof(source));
    }

    /// <inheritdoc />
    public T Current => _inner is null ? default! : _inner.Current;

    object? IEnumerator.Current => Current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        if (_inner is null)
        {
            _settlement.Start(_request);
            try
            {
                _inner = _source.GetEnumerator();
            }
            catch
            {
                _settlement.Faulted();
                throw;
            }
        }

        bool hasNext;
        try
        {
            hasNext = _inner.MoveNext();
        }
        catch
        {
            _settlement.Faulted();
            throw;
        }

        if (hasNext)
        {
            _settlement.OnItem(_inner.Current);
        }
        else
        {
            _settlement.Completed();
        }

        return hasNext;
    }

    /// <inheritdoc />
    public void Reset() => throw new NotSupportedException("A model stream cannot be restarted.");

    /// <inheritdoc />
    public void Dispose()
    {
        _settlement.Abandoned();
        _inner?.Dispose();
    }
}
