using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Pop;

/// <summary>
/// With --profile: Docker's own events (create, start, kill, die, stop, destroy) for the run's
/// containers, with Docker's timestamps, so that each cycle can be cut into what happened before,
/// inside and after Docker's work. Both paths' containers are followed the same way.
/// </summary>
internal sealed class DockerTimeline : IAsyncDisposable
{
    /// <summary>The events a cycle passes through, in order.</summary>
    public static readonly string[] Actions = ["create", "start", "kill", "die", "stop", "destroy"];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTime>> _events = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    public DockerTimeline(DockerClient docker, string runId)
    {
        var prefix = runId + ".";
        _following = docker.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
        }, new Progress<Message>(message =>
        {
            if (message.Actor?.Attributes is { } attributes && attributes.TryGetValue("name", out var name)
                && name.StartsWith(prefix, StringComparison.Ordinal) && message.Action is { } action && message.TimeNano is { } nanoseconds)
            {
                var at = DateTime.UnixEpoch.AddTicks(nanoseconds / 100);
                // The first of each (a stop also reports a kill; keep the first kill, the SIGTERM).
                _events.GetOrAdd(name[prefix.Length..], _ => new(StringComparer.Ordinal)).TryAdd(action, at);
            }
        }), _stop.Token);
    }

    /// <summary>
    /// The cycle cut at Docker's events: from its start to the first event, between each two events, and
    /// from the last event to its end (milliseconds); null when an event is missing.
    /// </summary>
    public double[]? Segments(string name, DateTime startedAt, DateTime endedAt)
    {
        if (!_events.TryGetValue(name, out var events) || Actions.Any(a => !events.ContainsKey(a)))
        {
            return null;
        }
        var marks = new[] { startedAt }.Concat(Actions.Select(a => events[a])).Append(endedAt).ToArray();
        return marks.Zip(marks.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToArray();
    }

    /// <summary>Stops following, a second after the last call (events arrive a moment after the call that caused them).</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _stop.CancelAsync();
        try
        {
            await _following;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // Cancelled, as asked.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
