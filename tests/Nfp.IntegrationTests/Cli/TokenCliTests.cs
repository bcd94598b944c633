using System.Text.Json.Nodes;
using Nfp.Cli;
using Nfp.Cli.Pop;
using Nfp.Cli.Token;
using Nfp.IntegrationTests.Fixtures;

namespace Nfp.IntegrationTests.Cli;

/// <summary><c>nfp token</c> against the manager's REST API (in process): an admin makes, lists and revokes tokens; a reader may not.</summary>
public sealed class TokenCliTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private async Task<Run> NfpAsync(string token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new TokenCli(manager.Factory.Server.CreateHandler(), output, error, _ => null);
        var exitCode = await NfpCli.InvokeAsync([.. args, "--url", "http://localhost", "--token", token],
            new PopCli(_ => throw new InvalidOperationException("not a pop command"), output, error), token: cli);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task An_admin_makes_lists_and_revokes_a_token_whose_secret_is_printed_once_and_works_until_revoked()
    {
        var tenant = Guid.NewGuid().ToString();
        var created = await NfpAsync(manager.AdminToken, "token", "create", "--tenant", tenant, "--role", "reader", "--name", "ops", "-f", "json");
        Assert.True(created.ExitCode == 0, created.Error);
        var body = JsonNode.Parse(created.Output)!;
        var (id, secret) = (body["token"]!["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
        Assert.Equal((tenant, "reader"), (body["token"]!["tenant_id"]!.GetValue<string>(), body["token"]!["role"]!.GetValue<string>()));

        var listed = await NfpAsync(manager.AdminToken, "token", "list");
        Assert.Contains(id, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);
        var denied = await NfpAsync(secret, "token", "list");
        Assert.Equal(TokenCli.Denied, denied.ExitCode);
        Assert.Contains("403", denied.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await NfpAsync(manager.AdminToken, "token", "revoke", id)).ExitCode);
        Assert.Equal(TokenCli.Denied, (await NfpAsync(secret, "token", "list")).ExitCode);
        Assert.Equal(TokenCli.NotFound, (await NfpAsync(manager.AdminToken, "token", "revoke", Guid.NewGuid().ToString())).ExitCode);
        var refused = await NfpAsync(manager.AdminToken, "token", "create", "--role", "member");
        Assert.Equal(TokenCli.Refused, refused.ExitCode);
        Assert.Contains("tenant_id: required", refused.Error, StringComparison.Ordinal);
    }
}
