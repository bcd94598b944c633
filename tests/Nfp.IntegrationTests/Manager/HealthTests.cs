using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Npgsql;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The manager starts against a real, empty database, migrates it, and reports PostgreSQL healthy — and,
/// with no configurator behind its queue here, the configurator not reached; without PostgreSQL it does not start.
/// </summary>
public sealed class HealthTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    [Fact]
    public async Task Healthz_reports_postgres_healthy_at_the_latest_migration_and_the_configurator_not_reached()
    {
        using var client = manager.Factory.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(("Healthy", "Degraded", "Healthy"), (checks.GetProperty("postgres").GetProperty("status").GetString(),
            checks.GetProperty("configurator").GetProperty("status").GetString(), checks.GetProperty("failover").GetProperty("status").GetString()));
        var latest = typeof(NetworkServiceRepository).Assembly.GetManifestResourceNames().Where(name => name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Last();
        Assert.Equal($"schema at {latest}",
            body.RootElement.GetProperty("checks").GetProperty("postgres").GetProperty("description").GetString());
    }

    [Fact]
    public void The_manager_does_not_start_when_postgres_does_not_answer()
    {
        var nowhere = new NpgsqlConnectionStringBuilder(manager.Database.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        using var broken = new WebApplicationFactory<NetworkServiceRepository>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:Postgres", nowhere);
            host.UseSetting("ConnectionStrings:RabbitMq", NfpEnvironment.RabbitMq);
        });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.Contains("127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
    }
}
