using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkServiceDeviceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkServiceDevice>(dataSource, new TableMap<NetworkServiceDevice>("network_service_devices"), "nsd");
