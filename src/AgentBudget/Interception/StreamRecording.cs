using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Interception;

/// <summary>
/// What a recorded stream does, shared by its enumerators: refuse to start when the session has stopped, read every
/// update with the SDK's observer, record the exact usage when the stream completes with it, and record a flagged
/// estimate (never $0) when it ends without it after at least one update (early stop, fault, a server that omits usage).
/// Unlike <see cref="TrackedAsyncEnumerable{T, TObserver}"/> nothing is reserved: manual mode sees the stream after the
/// request was built, so it knows neither the prompt nor the output cap.
/// </summary>
internal struct StreamRecorder<T, TObserver>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private TObserver _observer;
    private bool _sawItem;
    private bool _done;

    public void Start(BudgetSession session)
    {
        // The request is sent when enumeration starts: a stopped session refuses it before anything is billed.
        session.ThrowIfTerminated();
        _observer = default;
    }

    public void OnItem(T item)
    {
        _sawItem = true;
        _observer.OnItem(item);
    }

    /// <summary>Records the outcome once; <paramref name="completed"/> is false for an early stop or a fault.</summary>
    public void Finish(BudgetSession session, bool completed)
    {
        if (_done || !_sawItem)
        {
            // Nothing arrived: the request failed before a response (nothing billed) or enumeration never started.
            _done = true;
            return;
        }

        _done = true;
        var model = _observer.Model ?? string.Empty;
        if (_observer.HasFinalUsage)
        {
            try
            {
                session.RecordUsage(model, _observer.FinalUsage);
            }
            catch (UnknownModelException) when (!completed)
            {
                // Already recorded as unpriced; an early stop or a fault must not turn into a second exception.
            }
        }
        else
        {
            session.RecordEstimatedUsage(model, _observer.EstimateUsage(0));
        }
    }
}

/// <summary>
/// A recorded asynchronous stream (manual mode): the same updates out, the usage recorded on the session when the
/// stream ends. See <c>session.Track(...)</c>, generated for each SDK the project references.
/// </summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
/// <typeparam name="TObserver">The generated usage reader for <typeparamref name="T"/>.</typeparam>
public sealed class RecordedAsyncEnumerable<T, TObserver> : IAsyncEnumerable<T>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private readonly IAsyncEnumerable<T> _source;
    private readonly BudgetSession _session;

    /// <summary>Wraps <paramref name="source"/>.</summary>
    /// <param name="source">The SDK's stream.</param>
    /// <param name="session">The session the usage is recorded on.</param>
    public RecordedAsyncEnumerable(IAsyncEnumerable<T> source, BudgetSession session)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <inheritdoc />
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => new Enumerator(_source, _session, cancellationToken);

    private sealed class Enumerator(IAsyncEnumerable<T> source, BudgetSession session, CancellationToken cancellationToken) : IAsyncEnumerator<T>
    {
        private IAsyncEnumerator<T>? _inner;
        private StreamRecorder<T, TObserver> _recorder;

        public T Current => _inner is null ? default! : _inner.Current;

        public async ValueTask<bool> MoveNextAsync()
        {
            if (_inner is null)
            {
                _recorder.Start(session);
                _inner = source.GetAsyncEnumerator(cancellationToken);
            }

            bool hasNext;
            try
            {
                hasNext = await _inner.MoveNextAsync().ConfigureAwait(false);
            }
            catch
            {
                _recorder.Finish(session, completed: false);
                throw;
            }

            if (hasNext)
            {
                _recorder.OnItem(_inner.Current);
            }
            else
            {
                _recorder.Finish(session, completed: true);
            }

            return hasNext;
        }

        public async ValueTask DisposeAsync()
        {
            _recorder.Finish(session, completed: false);
            if (_inner is not null)
            {
                await _inner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>A recorded synchronous stream (manual mode); see <see cref="RecordedAsyncEnumerable{T, TObserver}"/>.</summary>
/// <typeparam name="T">The SDK's update type.</typeparam>
/// <typeparam name="TObserver">The generated usage reader for <typeparamref name="T"/>.</typeparam>
public sealed class RecordedEnumerable<T, TObserver> : IEnumerable<T>
    where TObserver : struct, IStreamUsageObserver<T>
{
    private readonly IEnumerable<T> _source;
    private readonly BudgetSession _session;

    /// <summary>Wraps <paramref name="source"/>.</summary>
    /// <param name="source">The SDK's stream.</param>
    /// <param name="session">The session the usage is recorded on.</param>
    public RecordedEnumerable(IEnumerable<T> source, BudgetSession session)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => new Enumerator(_source, _session);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(IEnumerable<T> source, BudgetSession session) : IEnumerator<T>
    {
        private IEnumerator<T>? _inner;
        private StreamRecorder<T, TObserver> _recorder;

        public T Current => _inner is null ? default! : _inner.Current;

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_inner is null)
            {
                _recorder.Start(session);
                _inner = source.GetEnumerator();
            }

            bool hasNext;
            try
            {
                hasNext = _inner.MoveNext();
            }
            catch
            {
                _recorder.Finish(session, completed: false);
                throw;
            }

            if (hasNext)
            {
                _recorder.OnItem(_inner.Current);
            }
            else
            {
                _recorder.Finish(session, completed: true);
            }

            return hasNext;
        }

        public void Reset() => throw new NotSupportedException("A model stream cannot be restarted.");

        public void Dispose()
        {
            _recorder.Finish(session, completed: false);
            _inner?.Dispose();
        }
    }
}
