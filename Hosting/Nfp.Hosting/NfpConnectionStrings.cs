using Microsoft.Extensions.Configuration;

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
}
