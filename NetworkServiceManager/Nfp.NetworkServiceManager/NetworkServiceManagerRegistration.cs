using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.NetworkServiceManager;

public static class NetworkServiceManagerRegistration
{
    /// <summary>Everything the manager runs: its PostgreSQL state (migrated at start) and its health report.</summary>
    public static IHostApplicationBuilder AddNetworkServiceManager(this IHostApplicationBuilder builder)
    {
        builder.AddNfpPersistence();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        return builder;
    }
}
