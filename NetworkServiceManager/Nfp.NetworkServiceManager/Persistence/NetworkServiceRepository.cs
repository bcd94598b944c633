using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkServiceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkService>(dataSource, new TableMap<NetworkService>("network_services"), "network_service");
