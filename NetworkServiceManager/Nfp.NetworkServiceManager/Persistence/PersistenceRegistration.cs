using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// The PostgreSQL data source (connection string <c>ConnectionStrings:Postgres</c>, which
    /// deploy/bootstrap.sh writes to /etc/nfp/nfp.env), the repositories, the operation queue kept in the
    /// operations table, and the migration run at start.
    /// </summary>
    public static IHostApplicationBuilder AddNfpPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = Nfp.Hosting.NfpConnectionStrings.Required(builder.Configuration, "Postgres");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<NetworkServiceRepository>();
        builder.Services.AddSingleton<NetworkServiceInstanceRepository>();
        builder.Services.AddSingleton<NetworkServiceDeviceRepository>();
        builder.Services.AddSingleton<PortInfoRepository>();
        builder.Services.AddSingleton<NsdInterfaceRepository>();
        builder.Services.AddSingleton<OperationRepository>();
        builder.Services.AddSingleton<ConfiguratorNotificationRepository>();
        builder.Services.AddSingleton<OperationQueue>();
        builder.Services.AddSingleton<NetworkServiceDetails>();
        builder.Services.AddHostedService(services => new SchemaMigrationService(
            connectionString, services.GetRequiredService<ILogger<SchemaMigrationService>>()));
        return builder;
    }
}
