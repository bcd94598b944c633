using System.Diagnostics;
using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.Bench.Pop;

/// <summary>
/// The popd path: Create (on popd's default network, the next free address), Start, Stop, then
/// Containers every <paramref name="poll"/> until the container is EXITED (popd answers Stop at once and
/// stops the Docker container in the background), then Delete.
/// </summary>
internal sealed class PopdPath(PopClient pop, string image, TimeSpan poll)
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    public async Task<Cycle> CycleAsync(int index, CancellationToken cancellationToken)
    {
        var name = $"p{index:000}";
        var beganAt = DateTime.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var created = await pop.CreateAsync(new ContainerConfig { Name = name, ImageId = image }, cancellationToken);
        var filter = new Filter { Id = created.Id };
        var createdAt = Stopwatch.GetTimestamp();
        await pop.StartAsync(filter, cancellationToken);
        var startedAt = Stopwatch.GetTimestamp();
        await pop.StopAsync(filter, cancellationToken);
        var stopAnsweredAt = Stopwatch.GetTimestamp();
        var polls = 0;
        while (true)
        {
            await Task.Delay(poll, cancellationToken);
            polls++;
            var container = (await pop.ContainersAsync(filter, cancellationToken)).Single();
            if (container.Status == Container.Types.Status.Exited)
            {
                break;
            }
            if (container.Status != Container.Types.Status.Stopping)
            {
                throw new BenchException($"popd container {name} went {container.Status} ({container.ExtendedStatus}) instead of EXITED.");
            }
            if (Stopwatch.GetElapsedTime(stopAnsweredAt) > StopLimit)
            {
                throw new BenchException($"popd container {name} is still STOPPING after {StopLimit.TotalSeconds:0} s.");
            }
        }
        var stoppedAt = Stopwatch.GetTimestamp();
        await pop.DeleteAsync(filter, cancellationToken);
        var deletedAt = Stopwatch.GetTimestamp();
        return new Cycle(name, beganAt, DateTime.UtcNow,
            DirectDocker.Ms(start, createdAt), DirectDocker.Ms(createdAt, startedAt), DirectDocker.Ms(startedAt, stoppedAt),
            DirectDocker.Ms(stoppedAt, deletedAt), DirectDocker.Ms(start, deletedAt), DirectDocker.Ms(startedAt, stopAnsweredAt), polls);
    }
}
