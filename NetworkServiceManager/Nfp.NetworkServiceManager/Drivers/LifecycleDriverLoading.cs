namespace Nfp.NetworkServiceManager.Drivers;

/// <summary>Builds the configured lifecycle drivers as the manager starts, so that a misconfigured one stops it at once with the reason.</summary>
internal sealed class LifecycleDriverLoading(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LifecycleDrivers>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
