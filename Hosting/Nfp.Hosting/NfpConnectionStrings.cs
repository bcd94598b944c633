using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Nfp.Hosting;

/// <summary>The connection strings every NFP daemon reads, as deploy/bootstrap.sh writes them to /etc/nfp/nfp.env.</summary>
public static class NfpConnectionStrings
{
    /// <summary>
    /// <c>ConnectionStrings:{name}</c> (<c>Postgres</c>: an Npgsql connection string; <c>RabbitMq</c>: an
    /// amqp:// URI with user, password and vhost).
    /// </summary>
    /// <exception cref="InvalidOperationException">It is not set; the message says where it comes from.</exception>
    public static string Required(IConfiguration configuration, string name)
    {
        var value = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"ConnectionStrings:{name} is not set: source /etc/nfp/nfp.env (written by deploy/bootstrap.sh) or set ConnectionStrings__{name}.")
            : value;
    }

    /// <summary>
    /// <c>ConnectionStrings:Postgres</c> for one pool of a daemon: at most <paramref name="maxPoolSize"/>
    /// connections, named <paramref name="applicationName"/> in <c>pg_stat_activity</c>. Every pool is
    /// bounded so that the daemons on one server fit its <c>max_connections</c> together (the budget is in
    /// docs/architecture.md): a burst waits in the pool for a connection instead of taking the server's last.
    /// </summary>
    public static string Postgres(IConfiguration configuration, int maxPoolSize, string applicationName) =>
        new NpgsqlConnectionStringBuilder(Required(configuration, "Postgres"))
        {
            MaxPoolSize = maxPoolSize,
            ApplicationName = applicationName,
        }.ConnectionString;
}
