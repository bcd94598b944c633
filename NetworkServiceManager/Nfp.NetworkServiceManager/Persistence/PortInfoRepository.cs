using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class PortInfoRepository(NpgsqlDataSource dataSource)
    : Repository<PortInfo>(dataSource, new TableMap<PortInfo>("port_infos"), "port_info");
