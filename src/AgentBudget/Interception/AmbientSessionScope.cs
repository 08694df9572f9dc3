using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Interception;

/// <summary>
/// Makes a session the ambient one (<see cref="AmbientBudget.Current"/>) for the duration of a call, allocation-free:
/// when the session is already ambient (a budgeted agent calling its own methods) entering and leaving cost two reads.
/// Generated interceptors use it around every call into a <c>[Budgeted]</c> type.
/// </summary>
/// <remarks>
/// For a method returning a task the scope is left as soon as the method returns its task; the asynchronous method
/// captured the ambient session when it started, so its continuations keep it. An iterator runs during enumeration
/// instead, so <see cref="EnumerateWith{T}(IAsyncEnumerable{T}, BudgetSession)"/> re-enters the scope around each step.
/// </remarks>
public readonly struct AmbientSessionScope : IDisposable
{
    private readonly BudgetSession? _previous;
    private readonly bool _changed;

    private AmbientSessionScope(BudgetSession? previous, bool changed)
    {
        _previous = previous;
        _changed = changed;
    }

    /// <summary>Makes <paramref name="session"/> ambient until <see cref="Dispose"/>.</summary>
    /// <param name="session">The session to make ambient.</param>
    /// <returns>The scope; dispose it to restore the previous ambient session.</returns>
    public static AmbientSessionScope Enter(BudgetSession session)
    {
        var previous = AmbientBudget.Current;
        if (ReferenceEquals(previous, session))
        {
            return default;
        }

        AmbientBudget.Restore(session);
        return new AmbientSessionScope(previous, changed: true);
    }

    /// <summary>Restores the ambient session that was current when the scope was entered.</summary>
    public void Dispose()
    {
        if (_changed)
        {
            AmbientBudget.Restore(_previous);
        }
    }

    /// <summary>Wraps an async iterator so that its body runs with <paramref name="session"/> ambient.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The iterator.</param>
    /// <param name="session">The session to make ambient while the iterator runs.</param>
    /// <returns>The wrapped sequence.</returns>
    public static IAsyncEnumerable<T> EnumerateWith<T>(IAsyncEnumerable<T> source, BudgetSession session)
        => new ScopedAsyncEnumerable<T>(source, session);

    /// <summary>Wraps an iterator so that its body runs with <paramref name="session"/> ambient.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The iterator.</param>
    /// <param name="session">The session to make ambient while the iterator runs.</param>
    /// <returns>The wrapped sequence.</returns>
    public static IEnumerable<T> EnumerateWith<T>(IEnumerable<T> source, BudgetSession session)
        => new ScopedEnumerable<T>(source, session);

    private sealed class ScopedAsyncEnumerable<T>(IAsyncEnumerable<T> source, BudgetSession session) : IAsyncEnumerable<T>
    {
        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            var scope = Enter(session);
            try
            {
                return new ScopedAsyncEnumerator<T>(source.GetAsyncEnumerator(cancellationToken), session);
            }
            finally
            {
                scope.Dispose();
            }
        }
    }

    private sealed class ScopedAsyncEnumerator<T>(IAsyncEnumerator<T> inner, BudgetSession session) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            // The step runs synchronously until its first await under this scope; the await captures it for the rest.
            var scope = Enter(session);
            try
            {
                return inner.MoveNextAsync();
            }
            finally
            {
                scope.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            var scope = Enter(session);
            try
            {
                return inner.DisposeAsync();
            }
            finally
            {
                scope.Dispose();
            }
        }
    }

    private sealed class ScopedEnumerable<T>(IEnumerable<T> source, BudgetSession session) : IEnumerable<T>
    {
        public IEnumerator<T> GetEnumerator()
        {
            var scope = Enter(session);
            try
            {
                return new ScopedEnumerator<T>(source.GetEnumerator(), session);
            }
            finally
            {
                scope.Dispose();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class ScopedEnumerator<T>(IEnumerator<T> inner, BudgetSession session) : IEnumerator<T>
    {
        public T Current => inner.Current;

        object? IEnumerator.Current => inner.Current;

        public bool MoveNext()
        {
            var scope = Enter(session);
            try
            {
                return inner.MoveNext();
            }
            finally
            {
                scope.Dispose();
            }
        }

        public void Reset() => inner.Reset();

        public void Dispose() => inner.Dispose();
    }
}
