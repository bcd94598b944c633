namespace Nfp.Bench;

/// <summary>The connection strings bootstrap wrote: from the environment, else from /etc/nfp/nfp.env.</summary>
public static class BenchEnvironment
{
    private const string EnvFile = "/etc/nfp/nfp.env";

    /// <exception cref="BenchException">Neither the environment nor the file sets <paramref name="variable"/>.</exception>
    public static string Get(string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (File.Exists(EnvFile))
        {
            var line = File.ReadLines(EnvFile).FirstOrDefault(l => l.StartsWith(variable + "=", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(variable.Length + 1)..].Trim().Trim('\'', '"');
            }
        }
        throw new BenchException($"{variable} is not set and {EnvFile} does not define it: run deploy/bootstrap.sh, or export it.");
    }
}
