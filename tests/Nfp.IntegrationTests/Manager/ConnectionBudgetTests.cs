using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The manager's share of PostgreSQL: its pool is bounded, a burst waits in it, and a server that has no
/// connection left for it is waited out — the request answered once a connection comes free, not faulted.
/// </summary>
public sealed class ConnectionBudgetTests(ConnectionBudgetTests.SmallPool fixture) : IClassFixture<ConnectionBudgetTests.SmallPool>
{
    /// <summary>A manager of one worker with a pool of four connections, the least that worker may need at once plus one.</summary>
    public sealed class SmallPool : IAsyncLifetime
    {
        public ManagerServer Manager { get; } = new()
        {
            Settings = new Dictionary<string, string>(ManagerServer.Parked)
            {
                ["Orchestration:Workers"] = "1",
                ["Persistence:MaxConnections"] = "4",
            },
        };

        public Task InitializeAsync() => Manager.InitializeAsync();

        public Task DisposeAsync() => Manager.DisposeAsync();
    }

    private readonly ManagerServer _manager = fixture.Manager;

    [Fact]
    public async Task A_database_refusing_connections_for_a_moment_is_waited_out_and_the_request_answered()
    {
        var service = await new NetworkServiceRepository(_manager.Database.DataSource).CreateAsync(Rows.NetworkService());
        var pool = _manager.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        var database = new NpgsqlConnectionStringBuilder(_manager.Database.ConnectionString).Database!;

        // The server refuses every new session on the manager's database (53300, too many connections), and
        // the manager's pool lets go of the sessions it holds: its next read needs a new one.
        await AdminExecuteAsync($"ALTER DATABASE {database} CONNECTION LIMIT 0");
        pool.Clear();
        var answer = _manager.Client<GetNetworkService>().GetResponse<NetworkServiceDetail, RpcFault>(new GetNetworkService(service.Id));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        await AdminExecuteAsync($"ALTER DATABASE {database} CONNECTION LIMIT -1");

        var response = await answer;
        Assert.True(response.Is(out Response<NetworkServiceDetail>? detail), response.Is(out Response<RpcFault>? fault) ? fault!.Message.Message : "");
        Assert.Equal(service.Id, detail!.Message.NetworkService.Id);
    }

    [Fact]
    public async Task The_pool_is_bounded_and_named_so_a_burst_of_reads_waits_in_it()
    {
        var service = await new NetworkServiceRepository(_manager.Database.DataSource).CreateAsync(Rows.NetworkService());
        var database = new NpgsqlConnectionStringBuilder(_manager.Database.ConnectionString).Database!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            _manager.Client<GetNetworkService>().GetResponse<NetworkServiceDetail, RpcFault>(new GetNetworkService(service.Id))));

        Assert.All(answers, response => Assert.True(response.Is(out Response<NetworkServiceDetail>? _)));
        await using var admin = new NpgsqlConnection(NfpEnvironment.Postgres);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'nfp-network-service-manager%' GROUP BY 1", admin);
        count.Parameters.AddWithValue(database);
        var sessions = new Dictionary<string, long>();
        await using (var reader = await count.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sessions[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        Assert.InRange(sessions.GetValueOrDefault("nfp-network-service-manager"), 1, 4);
        Assert.InRange(sessions.GetValueOrDefault("nfp-network-service-manager-quartz"), 1, PersistenceOptions.JobStoreConnections);
    }

    private static async Task AdminExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(NfpEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
