using Nfp.Popd.Networking;
using Nfp.Hosting.Migrations;

namespace Nfp.Popd;

/// <summary>Before popd serves: its schema migrated, the networks it recorded present in Docker, and its default network.</summary>
internal sealed class PopdStartup(string connectionString, PopNetworks networks) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SchemaMigrator.MigrateAsync(connectionString, typeof(PopdStartup).Assembly, "pop", cancellationToken);
        await networks.RestoreNetworksAsync(cancellationToken);
        await networks.EnsureDefaultNetworkAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
