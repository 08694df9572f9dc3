using System;
using System.Threading;

namespace AgentBudget.Distributed;

/// <summary>
/// A minimal thread-safe <see cref="IObservable{T}"/> of <see cref="StoreEvent"/>s that budget stores publish to.
/// Observers are called synchronously on the thread that publishes, and an observer that throws is ignored, because
/// a logging bug must never break money accounting.
/// </summary>
public sealed class StoreEventStream : IObservable<StoreEvent>
{
    private IObserver<StoreEvent>[] _observers = [];

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<StoreEvent> observer)
    {
        if (observer is null)
        {
            throw new ArgumentNullException(nameof(observer));
        }

        Update(current => [.. current, observer]);
        return new Subscription(this, observer);
    }

    /// <summary>Delivers an event to every observer.</summary>
    public void Publish(StoreEvent storeEvent)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(storeEvent);
            }
#pragma warning disable CA1031 // An observer's failure must not fail the budget operation that raised the event.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private void Update(Func<IObserver<StoreEvent>[], IObserver<StoreEvent>[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _observers);
            if (Interlocked.CompareExchange(ref _observers, change(current), current) == current)
            {
                return;
            }
        }
    }

    private sealed class Subscription(StoreEventStream stream, IObserver<StoreEvent> observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                stream.Update(current => Array.FindAll(current, candidate => !ReferenceEquals(candidate, observer)));
            }
        }
    }
}
