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

    private static string Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }
        if (File.Exists(EnvFile))
        {
            var line = File.ReadLines(EnvFile).FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(name.Length + 1)..].Trim('\'');
            }
        }
        throw new InvalidOperationException($"{name} is not set and {EnvFile} does not define it: run deploy/bootstrap.sh first.");
    }
}
