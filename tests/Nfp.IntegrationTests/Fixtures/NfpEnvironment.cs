namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// Where the real services are: the connection strings deploy/bootstrap.sh wrote to /etc/nfp/nfp.env,
/// read from the environment (deploy/test.sh exports them) or, for a plain `dotnet test`, from the file.
/// </summary>
public static class NfpEnvironment
{
    private const string EnvFile = "/etc/nfp/nfp.env";

    public static string Postgres => Get("ConnectionStrings__Postgres");

    public static string RabbitMq => Get("ConnectionStrings__RabbitMq");

    /// <summary>
    /// The connection string of <paramref name="component"/>'s own RabbitMQ user (<c>manager</c>,
    /// <c>node-driver</c>, <c>configurator-agent</c>), from /etc/nfp/rabbitmq-{component}.env (deploy/bootstrap.sh).
    /// </summary>
    public static string ComponentRabbitMq(string component) =>
        FromFile($"/etc/nfp/rabbitmq-{component}.env", "ConnectionStrings__RabbitMq")
        ?? throw new InvalidOperationException($"/etc/nfp/rabbitmq-{component}.env has no connection string: run deploy/bootstrap.sh first.");

    private static string Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }
        return FromFile(EnvFile, name)
            ?? throw new InvalidOperationException($"{name} is not set and {EnvFile} does not define it: run deploy/bootstrap.sh first.");
    }

    private static string? FromFile(string file, string name) =>
        File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..].Trim('\'')
            : null;
}
