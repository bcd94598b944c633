using System.Security.Cryptography;
using Tomlyn;
using Tomlyn.Model;

namespace Nfp.Popd.Configuration;

/// <summary>
/// <c>popd init [PATH] [--user NAME]</c>: writes a TOML configuration with popd's defaults, one user
/// whose password is bcrypt-hashed, and the secret metadata's key file next to it (PATH with <c>.key</c>). The password is the first line of <c>input</c> (standard input when
/// one is piped in), else generated and printed once. An existing file is never overwritten.
/// </summary>
public static class PopdInit
{
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        string? path = null;
        var user = "admin";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--user" && i + 1 < args.Length)
            {
                user = args[++i];
            }
            else if (path is null && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                path = args[i];
            }
            else
            {
                error.WriteLine($"popd init: unexpected '{args[i]}'. Usage: popd init [PATH] [--user NAME]");
                return 2;
            }
        }
        path ??= TomlConfiguration.DefaultPath;
        if (File.Exists(path))
        {
            error.WriteLine($"popd init: {path} exists; it is not overwritten.");
            return 1;
        }
        var piped = input.ReadLine();
        var password = string.IsNullOrEmpty(piped) ? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant() : piped;

        var defaults = new PopdOptions();
        var file = new TomlTable
        {
            ["pop_name"] = defaults.PopName,
            ["listen"] = defaults.Listen,
            ["docker_host"] = defaults.DockerHost,
            ["default_network"] = defaults.DefaultNetwork,
            ["token_ttl_seconds"] = defaults.TokenTtlSeconds,
            ["stop_timeout_seconds"] = defaults.StopTimeoutSeconds,
            ["sweep_seconds"] = defaults.SweepSeconds,
            ["remove_unknown_containers"] = defaults.RemoveUnknownContainers,
            // Next to the configuration, so that secret metadata outlives a restart of popd (made at its first start).
            ["secret_key_file"] = Path.ChangeExtension(Path.GetFullPath(path), ".key"),
            ["users"] = new TomlTableArray { new TomlTable { ["name"] = user, ["password_hash"] = BCrypt.Net.BCrypt.HashPassword(password) } },
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        using (var writer = new StreamWriter(stream))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            writer.Write(TomlSerializer.Serialize(file));
        }
        output.WriteLine($"popd init: wrote {path} with user '{user}'.");
        if (string.IsNullOrEmpty(piped))
        {
            // Shown once, here, and stored nowhere but as a hash.
            output.WriteLine($"password: {password}");
        }
        return 0;
    }
}
