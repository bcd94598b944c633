using Dapper;
using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;

namespace Nfp.IntegrationTests.Pop;

/// <summary>
/// Secret metadata (NewMetadata.secret_md): inside the started container as /run/secrets/KEY, and nowhere
/// else — not in its environment or <c>docker inspect</c>, not in popd's answers (only the key's name), not
/// in popd's rows, not in popd's log.
/// </summary>
public sealed class PopSecretMetadataTests(PopdProcess popd) : IClassFixture<PopdProcess>
{
    private static Filter Named(string name) => new() { Name = name };

    [Fact]
    public async Task A_secret_is_a_file_in_the_container_and_in_no_inspect_answer_row_or_log()
    {
        var name = $"s{Guid.NewGuid():N}"[..10];
        var secret = $"secret-{Guid.NewGuid():N}";
        await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });
        await popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string> { ["PLAIN"] = "visible" },
            new Dictionary<string, string> { ["NFP_AGENT_PASSWORD"] = secret, ["DROPPED"] = "x" });
        await popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string>(), new Dictionary<string, string> { ["DROPPED"] = "" });

        var running = await popd.Client.StartAsync(Named(name));

        var dockerName = $"{popd.PopName}.{name}";
        Assert.Equal(secret, await DockerCli.RunAsync("exec", dockerName, "cat", "/run/secrets/NFP_AGENT_PASSWORD"));
        Assert.Equal("400 /run/secrets/NFP_AGENT_PASSWORD", (await DockerCli.RunAsync("exec", dockerName, "stat", "-c", "%a %n", "/run/secrets/NFP_AGENT_PASSWORD")).Trim());
        Assert.Equal(["NFP_AGENT_PASSWORD"], running.SecretKeys);
        Assert.Equal("visible", running.Md.Entries["PLAIN"]);
        var listed = string.Concat((await popd.Client.ContainersAsync()).Select(c => c.ToString()));
        var inspected = await DockerCli.RunAsync("inspect", dockerName);
        var environment = await DockerCli.RunAsync("exec", dockerName, "env");
        await using var connection = new Npgsql.NpgsqlConnection(popd.Database.ConnectionString);
        var rows = string.Concat(await connection.QueryAsync<string>("SELECT row_to_json(c)::text FROM pop.containers c"));
        foreach (var (place, text) in new[] { ("popd's answer", listed), ("docker inspect", inspected), ("the environment", environment), ("popd's rows", rows), ("popd's log", popd.Log) })
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the secret is in {place}");
        }
        Assert.Contains("NFP_AGENT_PASSWORD", rows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secret_metadata_is_refused_after_start_and_for_a_key_that_is_no_variable_name()
    {
        var name = $"s{Guid.NewGuid():N}"[..10];
        await popd.Client.CreateAsync(new ContainerConfig { Name = name, ImageId = PopdServer.Image });

        var badKey = await Assert.ThrowsAsync<RpcException>(() => popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string>(),
            new Dictionary<string, string> { ["../etc/passwd"] = "x" }));
        await popd.Client.StartAsync(Named(name));
        var late = await Assert.ThrowsAsync<RpcException>(() => popd.Client.SetMetadataAsync(Named(name), new Dictionary<string, string>(),
            new Dictionary<string, string> { ["LATE"] = "x" }));

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.FailedPrecondition), (badKey.StatusCode, late.StatusCode));
        Assert.Empty((await popd.Client.ContainersAsync(Named(name))).Single().SecretKeys);
    }
}
