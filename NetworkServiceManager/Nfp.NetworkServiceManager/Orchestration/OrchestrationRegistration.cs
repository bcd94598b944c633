using Nfp.NetworkServiceManager.Drivers;

namespace Nfp.NetworkServiceManager.Orchestration;

public static class OrchestrationRegistration
{
    /// <summary>
    /// The orchestration: the lifecycle drivers of configuration, the steps, the worker's queue of
    /// operations in PostgreSQL, and the sweeper that resumes and re-polls them. The worker and the
    /// notification consumer are MassTransit consumers, registered with the bus (<c>AddNfpRpc</c>).
    /// </summary>
    public static IHostApplicationBuilder AddNfpOrchestration(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OrchestrationOptions>(builder.Configuration.GetSection(OrchestrationOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LifecycleDrivers>();
        builder.Services.AddHostedService<LifecycleDriverLoading>();
        builder.Services.AddSingleton<OperationQueue>();
        builder.Services.AddSingleton<OrchestrationQueueSender>();
        builder.Services.AddSingleton<ConfiguratorProxyClient>();
        builder.Services.AddSingleton<NotificationInbox>();
        builder.Services.AddSingleton<ServiceParts>();
        builder.Services.AddSingleton<DeviceSteps>();
        builder.Services.AddSingleton<ConfiguratorSteps>();
        builder.Services.AddSingleton<ServiceStatusSteps>();
        builder.Services.AddSingleton<Steps>();
        builder.Services.AddSingleton<StepRunner>();
        builder.Services.AddHostedService<OrchestrationSweeper>();
        return builder;
    }
}
