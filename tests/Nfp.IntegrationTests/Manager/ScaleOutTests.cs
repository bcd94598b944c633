using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Two manager instances on one RabbitMQ and PostgreSQL share the work of 40 services, and the steps
/// of each service still run one at a time and in order.
/// </summary>
public sealed class ScaleOutTests(ManagerProcessStack stack) : IClassFixture<ManagerProcessStack>
{
    private const int Services = 40;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    private sealed record StepRun(Guid ResourceId, long Seq, string Kind, string Step, string Instance, DateTime StartedAt, DateTime EndedAt);

    [Fact]
    public async Task Forty_services_spread_over_two_instances_keep_their_per_key_order()
    {
        await Task.WhenAll(stack.StartManagerAsync("a"), stack.StartManagerAsync("b"));

        var created = await Task.WhenAll(Enumerable.Range(0, Services).Select(_ => stack.Client.CreateNetworkServiceAsync(Create())));
        // Each delete is sent while its create may still run: it must wait for the create's step in hand, then cancel or follow it.
        await Task.WhenAll(created.Take(Services / 2).Select(c => stack.Client.DeleteNetworkServiceAsync(new DeleteNetworkService(c.NetworkServiceId))));
        await Task.WhenAll(created.Skip(Services / 2).Select(c => stack.Client.WaitForStatusAsync(c.NetworkServiceId, ProvisioningStatus.Active, Patience)));
        await Task.WhenAll(created.Skip(Services / 2).Select(c => stack.Client.DeleteNetworkServiceAsync(new DeleteNetworkService(c.NetworkServiceId))));
        await Task.WhenAll(created.Select(c => stack.Client.WaitForStatusAsync(c.NetworkServiceId, ProvisioningStatus.Deleted, Patience)));

        await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<StepRun>(
            """
            SELECT o.resource_id AS "ResourceId", o.seq AS "Seq", o.kind AS "Kind", s.step AS "Step", s.instance AS "Instance",
                   s.started_at AS "StartedAt", s.ended_at AS "EndedAt"
            FROM operation_steps s JOIN operations o ON o.id = s.operation_id ORDER BY s.started_at, s.id
            """)).ToList();
        Assert.Equal(["a", "b"], runs.Select(r => r.Instance).Distinct().Order());
        foreach (var service in runs.GroupBy(r => r.ResourceId))
        {
            var ordered = service.ToList();
            // One at a time: each run of the key ends before the next begins, whichever instance ran it.
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.EndedAt <= pair.Second.StartedAt,
                $"{service.Key}: {pair.First.Step} ({pair.First.Instance}) overlaps {pair.Second.Step} ({pair.Second.Instance})"));
            // In order: no step of an operation runs after a step of one accepted later.
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.Seq <= pair.Second.Seq,
                $"{service.Key}: {pair.Second.Kind} ran before {pair.First.Kind} was done"));
        }
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM network_service_devices WHERE provisioning_status <> 'DELETED'"));
        Assert.DoesNotContain(await stack.Popd.Client.ContainersAsync(), c => c.Names[0].StartsWith("nsd-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_notification_pull_runs_once_a_second_across_the_instances_and_goes_on_when_one_dies()
    {
        var pulling = await Task.WhenAll(stack.StartManagerAsync("pull-1"), stack.StartManagerAsync("pull-2"));
        var window = TimeSpan.FromSeconds(6);
        try
        {
            // Uncoordinated, two instances (and any others of the class still running) would pull 12 or more times.
            Assert.InRange(await PullsWithinAsync(window), 3, 8);

            await pulling[0].KillAsync();
            // Quartz's cluster check-in notices the dead instance (about 2 s; longer on a loaded host), and the
            // survivors go on: a pull after the kill, then once a second again.
            var killedAt = DateTimeOffset.UtcNow;
            await Eventually.HoldsAsync(() => Task.FromResult(stack.Configurator.Pulls.Any(at => at > killedAt + TimeSpan.FromSeconds(1))),
                TimeSpan.FromSeconds(20), "a pull after the instance died");
            Assert.InRange(await PullsWithinAsync(window), 3, 8);
        }
        finally
        {
            // The other test of the class counts which instances ran steps: these must not be among them.
            await Task.WhenAll(pulling.Select(manager => manager.KillAsync()));
        }
    }

    [Fact]
    public async Task A_pull_waits_for_the_configurators_next_notification_so_that_it_is_handed_on_when_made()
    {
        var manager = await stack.StartManagerAsync("long-poll");
        try
        {
            foreach (var _ in Enumerable.Range(0, 3))
            {
                // Mid-interval, well away from the firings: a pull of the manager's must be waiting to take it at once.
                var pulls = stack.Configurator.Pulls.Count;
                await Eventually.HoldsAsync(() => Task.FromResult(stack.Configurator.Pulls.Count > pulls), TimeSpan.FromSeconds(10), "the next pull");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                var first = Health();
                stack.Configurator.Tell(first);
                var handed = await HandedAsync(first);
                // The same firing pulls again after one that brought something.
                await Task.Delay(TimeSpan.FromMilliseconds(150));
                var second = Health();
                stack.Configurator.Tell(second);
                var again = await HandedAsync(second);

                Assert.True(handed - first.CreatedAt < TimeSpan.FromMilliseconds(500), $"handed over {handed - first.CreatedAt} after it was made, not at once");
                Assert.True(again - second.CreatedAt < TimeSpan.FromMilliseconds(500), $"the second handed over {again - second.CreatedAt} after it was made");
            }
        }
        finally
        {
            await manager.KillAsync();
        }
    }

    [Fact]
    public async Task A_manager_killed_with_pulled_notifications_on_their_way_gets_them_again_from_the_next_pull()
    {
        var killed = await stack.StartManagerAsync("killed-mid-pull");
        ManagerProcess? restarted = null;
        var answer = new ConfiguratorNotification(NotificationType.NsdConfigNotification,
            new ConfigContext(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "configurator"), DateTimeOffset.UtcNow,
            ConfiguratorMethod.CreateNsdConfig, ConfigResult.Success);
        var lost = new TaskCompletionSource();
        stack.Configurator.BeforeAnswer = async pulled =>
        {
            if (!pulled.Notifications.Contains(answer) || !lost.TrySetResult())
            {
                return true;
            }
            await killed.KillAsync();
            return false;
        };
        try
        {
            stack.Configurator.Tell(answer);
            await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.False(await StoredAsync(answer), "stored by a manager that never had the answer");

            restarted = await stack.StartManagerAsync("after-mid-pull-kill");
            await Eventually.HoldsAsync(() => StoredAsync(answer), TimeSpan.FromSeconds(20), "the answer stored by the restarted manager");
            // Acknowledged by the pulls after it: the configurator hands it over no more.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.Single(stack.Configurator.Handed, h => h.Notification == answer);
        }
        finally
        {
            stack.Configurator.BeforeAnswer = _ => Task.FromResult(true);
            await killed.KillAsync();
            await (restarted?.KillAsync() ?? Task.CompletedTask);
        }
    }

    private async Task<bool> StoredAsync(ConfiguratorNotification answer)
    {
        await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM configurator_notifications WHERE operation_id = @id AND method = 'create_nsd_config')",
            new { id = answer.Context.OperationId });
    }

    private static ConfiguratorNotification Health() => new(NotificationType.NsdHealthStatusNotification,
        new ConfigContext(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "configurator"), DateTimeOffset.UtcNow,
        Health: NsdHealth.Unreachable, Reason: "no such device: the manager drops it");

    private async Task<DateTimeOffset> HandedAsync(ConfiguratorNotification notification)
    {
        DateTimeOffset? at = null;
        await Eventually.HoldsAsync(() => Task.FromResult((at = stack.Configurator.Handed.FirstOrDefault(h => h.Notification == notification).At) != default),
            TimeSpan.FromSeconds(10), "the notification handed to a pull");
        return at!.Value;
    }

    private async Task<int> PullsWithinAsync(TimeSpan window)
    {
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(window);
        return stack.Configurator.Pulls.Count(at => at >= from && at < from + window);
    }

    private CreateNetworkService Create() => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, ManagerProcessStack.Vendor),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, stack.Networks[0]),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, stack.Networks[1]),
        ]);
}
