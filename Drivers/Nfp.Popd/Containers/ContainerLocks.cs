using System.Collections.Concurrent;

namespace Nfp.Popd.Containers;

/// <summary>
/// One lock per container: requests on a container, and the background end of its Stop, take turns
/// (the original's data races between its stop routine and requests do not come back).
/// </summary>
internal sealed class ContainerLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> AcquireAsync(Guid containerId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(containerId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
