using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// The PostgreSQL data source (connection string <c>ConnectionStrings:Postgres</c>, which
    /// deploy/bootstrap.sh writes to /etc/nfp/nfp.env; a pool of <see cref="PersistenceOptions.MaxConnections"/>), the repositories, the operation queue kept in the
    /// operations table, and the migration run at start.
    /// </summary>
    public static IHostApplicationBuilder AddNfpPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = Nfp.Hosting.NfpConnectionStrings.Required(builder.Configuration, "Postgres");
        var settings = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var workers = builder.Configuration.GetSection(Orchestration.OrchestrationOptions.Section).Get<Orchestration.OrchestrationOptions>()?.Workers
            ?? new Orchestration.OrchestrationOptions().Workers;
        if (settings.MaxConnections < PersistenceOptions.MinimumFor(workers))
        {
            // A pool every worker can take three of at once, and then wait for a fourth, would wait forever.
            throw new InvalidOperationException(
                $"Persistence:MaxConnections is {settings.MaxConnections}: {workers} workers need at least {PersistenceOptions.MinimumFor(workers)} (3 each and 1 for the rest).");
        }
        var pooled = Nfp.Hosting.NfpConnectionStrings.Postgres(builder.Configuration, settings.MaxConnections, "nfp-network-service-manager");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(pooled));
        builder.Services.AddSingleton<NetworkServiceRepository>();
        builder.Services.AddSingleton<NetworkServiceInstanceRepository>();
        builder.Services.AddSingleton<NetworkServiceDeviceRepository>();
        builder.Services.AddSingleton<PortInfoRepository>();
        builder.Services.AddSingleton<NsdInterfaceRepository>();
        builder.Services.AddSingleton<OperationRepository>();
        builder.Services.AddSingleton<ConfiguratorNotificationRepository>();
        builder.Services.AddSingleton<OperationQueue>();
        builder.Services.AddSingleton<NetworkServiceDetails>();
        builder.Services.Configure<QuotaOptions>(builder.Configuration.GetSection(QuotaOptions.Section));
        builder.Services.AddSingleton<QuotaRepository>();
        builder.Services.AddHostedService(services => new SchemaMigrationService(
            connectionString, services.GetRequiredService<ILogger<SchemaMigrationService>>()));
        return builder;
    }
}
