using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkInfoRepository(NpgsqlDataSource dataSource)
    : Repository<NetworkInfo>(dataSource, new TableMap<NetworkInfo>("network_infos"), "network_info");
