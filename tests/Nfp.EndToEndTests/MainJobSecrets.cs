using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Client;
using Npgsql;

namespace Nfp.EndToEndTests;

/// <summary>
/// Where the stack up.sh started must not show a secret: no <c>docker inspect</c> of the configurator or
/// a device, no answer of popd's, no row of popd's, no process's command line, no log, and no daemon's
/// environment but that of a daemon that uses it (the manager: the agents' secret and popd's password, for
/// its Pop driver; the proxy: popd's password, to supervise the configurator).
/// </summary>
public sealed partial class MainJobTests
{
    /// <summary>What the stack's popd (pop name docker-popd, its default) names its containers with.</summary>
    private const string StackPrefix = "docker-popd.";

    /// <summary>Each place a secret value was found, as "PLACE: SECRET NAME"; empty when none was.</summary>
    private static async Task<IReadOnlyList<string>> SecretLeaksAsync(string upOutput)
    {
        var agentSecret = Setting("/etc/nfp/devices.env", "NFP_AGENT_SECRET=");
        var popPassword = Setting("/etc/nfp/popd.env", "POP_AUTH=admin:");
        var secrets = new Dictionary<string, string>
        {
            ["the agents' secret"] = agentSecret,
            ["popd's password"] = popPassword,
            ["the operator's token"] = Setting("/etc/nfp/operator.env", "NFP_TOKEN="),
            ["the configurator's key"] = PrivateKeyLine("/etc/nfp/configurator/ConfiguratorTls__Certificate"),
            ["the proxy's key"] = PrivateKeyLine("/etc/nfp/configurator-proxy.pem"),
        };
        // The stack's own devices: its popd names containers "docker-popd.NAME" (its default pop name); the popds
        // of test classes running beside this one make and remove devices of their own meanwhile.
        var devices = (await DockerCli.RunAsync("ps", "--filter", "label=nfp.nsd_id", "--format", "{{.Label \"nfp.nsd_id\"}} {{.Names}}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
            .Where(device => device[1].StartsWith(StackPrefix, StringComparison.Ordinal)).ToList();
        foreach (var device in devices)
        {
            secrets[$"device {device[0]}'s password"] = Nfp.Schema.Drivers.DeviceCredentials.Password(agentSecret, Guid.Parse(device[0]));
        }

        var configurator = $"{StackPrefix}nfp-configurator";
        var places = new Dictionary<string, string>
        {
            ["docker inspect"] = await DockerCli.RunAsync(["inspect", configurator, .. devices.Select(d => d[1])]),
            ["up.sh's output"] = upOutput,
        };
        using (var pop = PopClient.For(new PopClientOptions("http://127.0.0.1:60000", "admin", popPassword)))
        {
            places["popd's container list"] = string.Concat((await pop.ContainersAsync()).Select(c => c.ToString()));
        }
        await using (var connection = new NpgsqlConnection(NfpEnvironment.Postgres))
        {
            places["popd's rows"] = string.Concat(await connection.QueryAsync<string>("SELECT row_to_json(c)::text FROM pop.containers c"));
        }
        foreach (var log in Directory.GetFiles("/var/log/nfp", "*.log"))
        {
            places[log] = await File.ReadAllTextAsync(log);
        }
        var (_, output, error) = await DockerCli.TryRunAsync("logs", configurator);
        places[$"docker logs {configurator}"] = output + error;
        foreach (var process in Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out _)))
        {
            places[$"{process}/cmdline"] = Read($"{process}/cmdline");
        }
        var uses = new Dictionary<string, string[]>
        {
            ["manager"] = ["the agents' secret", "popd's password"],
            ["configurator-proxy"] = ["popd's password"],
            ["popd"] = [],
            ["configurator-agent"] = [],
        };
        var allowed = new Dictionary<string, string[]>();
        foreach (var (daemon, used) in uses)
        {
            var place = $"{daemon}'s environment";
            places[place] = Read($"/proc/{File.ReadAllText($"/run/nfp/{daemon}.pid").Trim()}/environ");
            allowed[place] = used;
        }

        return [.. from place in places
                   from secret in secrets
                   where secret.Value.Length > 0 && place.Value.Contains(secret.Value, StringComparison.Ordinal)
                         && !(allowed.TryGetValue(place.Key, out var used) && used.Contains(secret.Key))
                   select $"{place.Key}: {secret.Key}"];
    }

    private static string Setting(string file, string prefix) =>
        File.ReadAllLines(file).Single(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    /// <summary>The first base64 line of the PEM's private key: enough of it to recognise it anywhere.</summary>
    private static string PrivateKeyLine(string pem) =>
        File.ReadAllLines(pem).SkipWhile(line => !line.Contains("PRIVATE KEY", StringComparison.Ordinal)).Skip(1).First();

    /// <summary>A /proc file (NULs as they are), or "" for a process gone meanwhile.</summary>
    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
