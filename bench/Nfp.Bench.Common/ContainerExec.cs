using System.Diagnostics;

namespace Nfp.Bench;

/// <summary>
/// A command run in a container with <c>docker exec</c>, as an operator would: its exit code and standard
/// output (its standard error read and dropped, so that a full pipe never stalls it).
/// </summary>
public static class ContainerExec
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string container, IEnumerable<string> command, CancellationToken cancellationToken)
    {
        using var exec = Process.Start(new ProcessStartInfo("docker", ["exec", container, .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new BenchException("Could not run docker exec.");
        var output = exec.StandardOutput.ReadToEndAsync(cancellationToken);
        await exec.StandardError.ReadToEndAsync(cancellationToken);
        await exec.WaitForExitAsync(cancellationToken);
        return (exec.ExitCode, await output);
    }
}
