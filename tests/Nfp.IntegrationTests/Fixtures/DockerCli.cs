using System.Diagnostics;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>The docker CLI, for what a test checks from outside popd (inside a container, or in Docker's own view).</summary>
public static class DockerCli
{
    /// <summary>Runs <c>docker ARGS</c> and returns its standard output; throws when it fails.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var (exitCode, output, error) = await TryRunAsync(args);
        return exitCode == 0 ? output : throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({exitCode}): {error}");
    }

    public static async Task<(int ExitCode, string Output, string Error)> TryRunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The ids of the Docker containers (running or not) that carry <paramref name="label"/>.</summary>
    public static async Task<string[]> ContainersLabelled(string label) =>
        (await RunAsync("ps", "-aq", "--filter", $"label={label}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Removes every Docker container, then every network, that carries <paramref name="label"/>.</summary>
    public static async Task RemoveLabelledAsync(string label)
    {
        foreach (var container in await ContainersLabelled(label))
        {
            await TryRunAsync("rm", "-f", container);
        }
        foreach (var network in (await RunAsync("network", "ls", "-q", "--filter", $"label={label}")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await TryRunAsync("network", "rm", network);
        }
    }
}
