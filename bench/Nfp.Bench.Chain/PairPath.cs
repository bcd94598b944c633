using Docker.DotNet;
using Docker.DotNet.Models;
using Npgsql;

namespace Nfp.Bench.Chain;

/// <summary>
/// An active-standby load balancer's traffic gap: the client container on the consumer network (the one
/// <see cref="FailoverPath"/> starts and runs commands in) GETs the VIP every 100 ms (a 0.5 s timeout each) and prints when each
/// answer came; the active device — the instance the devices call active — is killed with Docker; the gap
/// is the longest time between two answers. Between kills the bench waits until the dead member's failover
/// has COMPLETED and the devices again report one active and one standby, so that each kill is of a whole pair.
/// </summary>
internal sealed class PairPath(DockerClient docker, BenchStack stack, FailoverPath client)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Kills the pair's active device while the client sends; returns the longest gap between answers (ms).</summary>
    public async Task<double> KillActiveAsync(Guid service, string vip, CancellationToken cancellationToken)
    {
        var active = await SettledAsync(service, cancellationToken);
        var completed = await ManagerDevices.FailoversCompletedAsync(stack.ManagerDatabase, service, cancellationToken);
        var loop = client.ExecAsync(["sh", "-c", "end=$(($(date +%s) + 8)); while [ $(date +%s) -lt $end ]; do " +
                                         $"timeout 0.5 busybox wget -q -O- http://{vip}/ >/dev/null 2>&1 && date +%s%3N; sleep 0.1; done"], cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await docker.Containers.KillContainerAsync($"{stack.RunId}.nsd-{active:N}", new ContainerKillParameters(), cancellationToken);
        var answered = (await loop).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        var gap = answered.Zip(answered.Skip(1), (before, after) => after - before).DefaultIfEmpty(long.MaxValue).Max();
        await ManagerDevices.UntilFailoverCompletedAsync(stack.ManagerDatabase, service, completed, cancellationToken);
        return gap;
    }

    /// <summary>The device of the pair's active instance, once both instances are ONLINE, one active and one standby as the devices say.</summary>
    private async Task<Guid> SettledAsync(Guid service, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new NpgsqlConnection(stack.ManagerDatabase.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                """
                SELECT nsd_id, ha_state FROM network_service_instances
                WHERE network_service_id = @service AND operating_status = 'ONLINE' AND provisioning_status = 'ACTIVE'
                """, connection);
            command.Parameters.AddWithValue("service", service);
            var states = new List<(Guid NsdId, string HaState)>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    states.Add((reader.GetGuid(0), reader.GetString(1)));
                }
            }
            if (states.Count == 2 && states.Count(s => s.HaState == "active") == 1 && states.Count(s => s.HaState == "standby") == 1)
            {
                return states.Single(s => s.HaState == "active").NsdId;
            }
            if (clock.Elapsed > Patience)
            {
                throw new BenchException($"Service {service}'s pair did not settle (one active, one standby, both ONLINE) within {Patience.TotalSeconds:0} s.");
            }
            await Task.Delay(200, cancellationToken);
        }
    }
}
