using Nfp.IntegrationTests.Fixtures;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>The container a chain's consumer traffic comes from (nfp/base with NET_ADMIN, for its route to the chain).</summary>
public sealed record ConsumerContainer(string Name)
{
    /// <summary>Runs <paramref name="command"/> in the container: its exit code and output.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] command) =>
        DockerCli.TryRunAsync(["exec", Name, .. command]);

    /// <summary>What GET / on <paramref name="vip"/> answers (a backend's name), or null when the request fails.</summary>
    public async Task<string?> GetAsync(string vip, int port = 80) => (await WgetAsync(vip, port)).Answer;

    /// <summary>The names <paramref name="count"/> GETs on <paramref name="vip"/> are answered with, each once; any failed GET fails the test.</summary>
    public async Task<IReadOnlySet<string>> AnswersAsync(string vip, int count)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var (answer, error) = await WgetAsync(vip, 80);
            names.Add(answer ?? throw new Xunit.Sdk.XunitException($"A GET on the VIP {vip} failed: {error}"));
        }
        return names;
    }

    private async Task<(string? Answer, string Error)> WgetAsync(string vip, int port)
    {
        var (exitCode, output, error) = await RunAsync("busybox", "wget", "-q", "-O-", $"http://{vip}:{port}/");
        return (exitCode == 0 ? output.Trim() : null, error);
    }
}
