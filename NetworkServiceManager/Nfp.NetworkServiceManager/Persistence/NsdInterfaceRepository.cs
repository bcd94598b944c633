using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NsdInterfaceRepository(NpgsqlDataSource dataSource)
    : Repository<NsdInterface>(dataSource, new TableMap<NsdInterface>("nsd_interfaces"), "nsd_interface");
