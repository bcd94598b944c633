using Nfp.Hosting;
using Nfp.NetworkServiceManager.Api;
using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Orchestration;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.NetworkServiceManager.Rpc;
using Nfp.Schema.Json;

namespace Nfp.NetworkServiceManager;

public static class NetworkServiceManagerRegistration
{
    /// <summary>
    /// Everything the manager runs: its PostgreSQL state (migrated at start), its bus with the RPC listener
    /// and the workers, the orchestration of operations, its health report and read views.
    /// </summary>
    public static IHostApplicationBuilder AddNetworkServiceManager(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddNfpPersistence();
        builder.AddNfpMessaging();
        builder.AddNfpRpc();
        builder.AddNfpOrchestration();
        builder.Services.ConfigureHttpJsonOptions(json => NfpJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PersistenceProblems>();
        builder.AddNfpBadRequestProblems();
        builder.AddNfpAuth();
        builder.AddNfpApiReference();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres").AddCheck<FailoverBreakerHealthCheck>("failover").AddCheck<ConfiguratorHealthCheck>("configurator");
        return builder;
    }
}
