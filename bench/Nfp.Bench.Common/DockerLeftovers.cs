using System.Diagnostics;

namespace Nfp.Bench;

/// <summary>
/// Whatever Docker still holds of a run once its daemons are gone, found by label: containers first (a
/// create popd was still carrying out when the run ended is made after the run listed its containers),
/// then networks.
/// </summary>
public static class DockerLeftovers
{
    /// <param name="label">A <c>docker ls --filter label=</c> selector, e.g. <c>nfp.pop=RUN</c>.</param>
    public static async Task RemoveAsync(string label)
    {
        foreach (var (kind, listing, remove) in new[] { ("container", "-aq", "rm -f"), ("network", "-q", "rm") })
        {
            using var list = Process.Start(new ProcessStartInfo("docker", [kind, "ls", listing, "--filter", $"label={label}"]) { RedirectStandardOutput = true })!;
            var ids = (await list.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await list.WaitForExitAsync();
            foreach (var id in ids)
            {
                // Docker's echo of each id would end up in the bench's report on standard output.
                using var removing = Process.Start(new ProcessStartInfo("docker", [kind, .. remove.Split(' '), id]) { RedirectStandardOutput = true })!;
                await removing.StandardOutput.ReadToEndAsync();
                await removing.WaitForExitAsync();
            }
        }
    }
}
