using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Net.Http.Json;
using Dapper;
using Nfp.Cli;
using Nfp.Cli.Manager;
using Nfp.Cli.Pop;
using Nfp.Cli.Service;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Cli;

/// <summary>
/// <c>nfp service</c> as an operator types it, parsed and run by the CLI itself against the manager's REST
/// API (in process; its orchestration on the real RabbitMQ and PostgreSQL), with the admin's token unless
/// a test gives another.
/// </summary>
public sealed class ServiceCliTests(ScriptedStack stack) : IClassFixture<ScriptedStack>
{
    private sealed record Run(int ExitCode, string Output, string Error);

    private Dictionary<string, string> Admin(int width = 0)
    {
        var environment = new Dictionary<string, string> { [ManagerApi.UrlVariable] = "http://localhost/", [ManagerApi.TokenVariable] = stack.Manager.AdminToken };
        if (width > 0)
        {
            environment["COLUMNS"] = width.ToString(CultureInfo.InvariantCulture);
        }
        return environment;
    }

    private Task<Run> NfpAsync(params string[] args) => NfpAsync(Admin(), args);

    private static Dictionary<string, string> With(string token) =>
        new() { [ManagerApi.UrlVariable] = "http://localhost/", [ManagerApi.TokenVariable] = token };

    private Task<Run> NfpAsync(Dictionary<string, string> environment, params string[] args) =>
        NfpAsync(stack.Manager.Factory.Server.CreateHandler(), environment, args);

    private static async Task<Run> NfpAsync(HttpMessageHandler handler, Dictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var service = new ServiceCli(handler, output, error, name => environment.GetValueOrDefault(name));
        var exitCode = await NfpCli.InvokeAsync(args, NoPop(output, error), service);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    private static PopCli NoPop(TextWriter output, TextWriter error) =>
        new(_ => throw new InvalidOperationException("not a pop command"), output, error);

    private static JsonNode Json(Run run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        return JsonNode.Parse(run.Output)!;
    }

    [Fact]
    public async Task Create_wait_list_show_and_delete_wait_drive_a_service_through_its_life()
    {
        var tenant = Guid.NewGuid().ToString();

        var created = Json(await NfpAsync("service", "create", "--tenant", tenant, "--type", "firewall", "--vendor", ScriptedStack.Vendor,
            "--port", "provider:web=10.0.2.10", "--port", "consumer:users", "--name", "edge-fw", "--wait", "-f", "json"));
        var id = created["network_service"]!["id"]!.GetValue<string>();
        var listed = await NfpAsync("service", "list", "--tenant", tenant);
        var shown = await NfpAsync("service", "show", id, "-f", "yaml");
        var deletion = await NfpAsync("service", "delete", id, "--wait", "-f", "json");
        var deleted = Json(deletion);

        var service = created["network_service"]!;
        // --wait followed the operation's steps on stderr as they ran, stdout staying one JSON document.
        Assert.Matches(@"(?m)^ +\d+\.\d\ds  \w+ +\d+\.\d\d s  \w+", deletion.Error);
        Assert.Equal(("ACTIVE", "edge-fw", "firewall"), (service["provisioning_status"]!.GetValue<string>(), service["name"]!.GetValue<string>(),
            service["service_type"]!.GetValue<string>()));
        Assert.Equal("10.0.2.10", created["ports"]![0]!["ip_address"]!.GetValue<string>());
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("STATUS", listed.Output, StringComparison.Ordinal);
        Assert.Contains($"{id}   edge-fw", listed.Output, StringComparison.Ordinal);
        Assert.Contains("provisioning_status: ACTIVE", shown.Output, StringComparison.Ordinal);
        Assert.Equal("DELETED", deleted["network_service"]!["provisioning_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_create_with_topology_active_standby_makes_a_pair_which_show_prints_with_each_devices_ha_state()
    {
        var created = Json(await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "loadbalancer",
            "--vendor", ScriptedStack.Vendor, "--port", "provider:web", "--port", "consumer:users", "--topology", "active_standby", "--wait", "-f", "json"));
        var id = created["network_service"]!["id"]!.GetValue<string>();

        var shown = await NfpAsync(Admin(200), "service", "show", id);

        Assert.Equal("active_standby", created["network_service"]!["topology"]!.GetValue<string>());
        Assert.Equal(["active", "standby"], created["instances"]!.AsArray().Select(i => i!["ha_state"]!.GetValue<string>()));
        var devices = shown.Output.Split('\n').Where(line => line.StartsWith("DEVICE", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, devices.Count);
        Assert.Contains(devices, line => line.EndsWith(" active", StringComparison.Ordinal));
        Assert.Contains(devices, line => line.EndsWith(" standby", StringComparison.Ordinal));
        Assert.Contains(shown.Output.Split('\n'), line => line.StartsWith("TOPOLOGY", StringComparison.Ordinal) && line.EndsWith("active_standby", StringComparison.Ordinal));
        Assert.NotEqual(0, (await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "loadbalancer",
            "--vendor", ScriptedStack.Vendor, "--port", "consumer:users", "--topology", "pair")).ExitCode);
    }

    [Fact]
    public async Task At_80_columns_a_list_fits_and_keeps_STATUS_while_show_prints_every_field_whole_one_a_line()
    {
        var tenant = Guid.NewGuid().ToString();
        var created = Json(await NfpAsync("service", "create", "--tenant", tenant, "--type", "loadbalancer", "--vendor", ScriptedStack.Vendor,
            "--port", "provider:web", "--port", "consumer:users", "--name", "the-web-tier-load-balancer-of-the-demo-chain",
            "--description", "spreads the users over every web server", "--wait", "-f", "json"));
        var id = created["network_service"]!["id"]!.GetValue<string>();

        var listed = await NfpAsync(Admin(80), "service", "list", "--tenant", tenant);
        var shown = await NfpAsync(Admin(80), "service", "show", id);

        Assert.Equal((0, 0), (listed.ExitCode, shown.ExitCode));
        var lines = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains(lines, line => line.Contains("STATUS", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("ACTIVE", StringComparison.Ordinal) && line.Contains(id[..8], StringComparison.Ordinal));
        Assert.Matches($@"(?m)^ID +{id}$", shown.Output);
        Assert.Matches(@"(?m)^NAME +the-web-tier-load-balancer-of-the-demo-chain$", shown.Output);
        Assert.Matches(@"(?m)^STATUS +ACTIVE$", shown.Output);
        Assert.Matches($@"(?m)^TENANT +{tenant}$", shown.Output);
    }

    [Fact]
    public async Task List_pages_from_a_marker_tells_on_stderr_that_there_is_more_and_all_follows_every_page()
    {
        var tenant = Guid.NewGuid().ToString();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Json(await NfpAsync("service", "create", "--tenant", tenant, "--type", "loadbalancer", "--vendor", ScriptedStack.Vendor,
                "--port", "provider:web", "--port", "consumer:users", "-f", "json"))["network_service_id"]!.GetValue<string>());
        }

        var first = await NfpAsync("service", "list", "--tenant", tenant, "--limit", "2", "-f", "json");
        var next = await NfpAsync("service", "list", "--tenant", tenant, "--limit", "2", "--marker", ids[1], "-f", "json");
        var all = await NfpAsync("service", "list", "--tenant", tenant, "--limit", "2", "--all", "-f", "json");

        Assert.Equal(ids[..2], Ids(Json(first)));
        Assert.Equal($"more: nfp service list --tenant {tenant} --limit 2 --marker {ids[1]}", first.Error.TrimEnd());
        Assert.Equal(ids[2..], Ids(Json(next)));
        Assert.Equal("", next.Error);
        Assert.Equal(ids, Ids(Json(all)));
        Assert.Equal("", all.Error);
    }

    private static List<string> Ids(JsonNode list) => list.AsArray().Select(service => service!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_name_names_the_one_live_service_that_has_it_none_is_not_found_and_several_list_their_ids()
    {
        var (solo, twin, nobody) = ($"solo-{Guid.NewGuid():N}", $"twin-{Guid.NewGuid():N}", $"nobody-{Guid.NewGuid():N}");
        var soloId = await CreateNamedAsync(solo);
        var twinIds = new[] { await CreateNamedAsync(twin), await CreateNamedAsync(twin) };

        var shown = await NfpAsync("service", "show", solo);
        var updated = Json(await NfpAsync("service", "update", solo, "--config", "{}", "--wait", "-f", "json"));
        var deleted = Json(await NfpAsync("service", "delete", solo, "--wait", "-f", "json"));
        var afterDelete = await NfpAsync("service", "show", solo);
        var missing = await NfpAsync("service", "show", nobody);
        var ambiguous = await NfpAsync("service", "delete", twin);

        Assert.Equal(0, shown.ExitCode);
        Assert.Matches($@"(?m)^ID +{soloId}$", shown.Output);
        Assert.Equal((soloId, "ACTIVE"), (updated["network_service"]!["id"]!.GetValue<string>(), updated["network_service"]!["provisioning_status"]!.GetValue<string>()));
        Assert.Equal((soloId, "DELETED"), (deleted["network_service"]!["id"]!.GetValue<string>(), deleted["network_service"]!["provisioning_status"]!.GetValue<string>()));
        Assert.Equal(ServiceExitCodes.NotFound, afterDelete.ExitCode);
        Assert.Equal(ServiceExitCodes.NotFound, missing.ExitCode);
        Assert.Equal($"error: not_found: no network service is named '{nobody}'.", missing.Error.TrimEnd());
        Assert.Equal(ServiceExitCodes.AmbiguousName, ambiguous.ExitCode);
        Assert.Equal(27, ambiguous.ExitCode);
        Assert.StartsWith($"error: ambiguous: 2 network services are named '{twin}'", ambiguous.Error, StringComparison.Ordinal);
        Assert.All(twinIds, id => Assert.Contains(id, ambiguous.Error, StringComparison.Ordinal));
        foreach (var id in twinIds)
        {
            Assert.Matches(@"(?m)^STATUS +ACTIVE$", (await NfpAsync("service", "show", id)).Output);
        }
    }

    /// <summary>Creates an ACTIVE service named <paramref name="name"/>; its id.</summary>
    private async Task<string> CreateNamedAsync(string name) =>
        Json(await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "firewall", "--vendor", ScriptedStack.Vendor,
            "--port", "provider:web", "--port", "consumer:users", "--name", name, "--wait", "-f", "json"))["network_service"]!["id"]!.GetValue<string>();

    [Fact]
    public async Task A_config_from_a_file_is_the_services_config_and_a_file_that_is_not_there_is_a_usage_error()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{ "site": "read from a file", "psk": "kept-off-the-command-line" }""");
        try
        {
            var created = Json(await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "firewall",
                "--vendor", ScriptedStack.Vendor, "--port", "provider:web", "--port", "consumer:users", "--config", $"@{file}", "--wait", "-f", "json"));
            var missing = await NfpAsync("service", "update", created["network_service"]!["id"]!.GetValue<string>(), "--config", $"@{file}.gone");

            Assert.Equal("read from a file", created["network_service"]!["service_config"]!["site"]!.GetValue<string>());
            Assert.Equal(ServiceExitCodes.Usage, missing.ExitCode);
            Assert.Contains($"--config @{file}.gone", missing.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_create_without_wait_prints_what_was_accepted()
    {
        var accepted = Json(await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "loadbalancer",
            "--vendor", ScriptedStack.Vendor, "--port", "provider:web", "--port", "consumer:users", "-f", "json"));

        Assert.Equal("PENDING_CREATE", accepted["provisioning_status"]!.GetValue<string>());
        Assert.True(Guid.TryParse(accepted["operation_id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task A_create_takes_each_member_as_a_policy_target_of_one_provider_group()
    {
        var accepted = Json(await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "loadbalancer",
            "--vendor", ScriptedStack.Vendor, "--port", "provider:web", "--port", "consumer:users", "--member", "web1=10.0.3.11", "--member", "10.0.3.12", "-f", "json"));

        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        var parameters = JsonNode.Parse(await connection.ExecuteScalarAsync<string>(
            "SELECT parameters::text FROM operations WHERE id = @id", new { id = Guid.Parse(accepted["operation_id"]!.GetValue<string>()) }) ?? "null");
        var targets = parameters!["policy_targets"]!.AsArray();
        Assert.Equal([("web1", "10.0.3.11"), ("", "10.0.3.12")], targets.Select(t => (t!["name"]!.GetValue<string>(), t["ip_address"]!.GetValue<string>())));
        Assert.Single(targets.Select(t => t!["policy_target_group_id"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task A_service_in_error_is_taken_back_to_active_by_retry_which_refuses_a_service_not_in_error()
    {
        var refusing = true;
        stack.Configurator.Refuse = call => refusing && call.Method == Schema.Configurator.ConfiguratorMethod.CreateNetworkServiceConfig
            && call.Request.Info.ServiceType == Schema.Resources.ServiceType.Vpn ? "the device refused it" : null;
        var name = $"flaky-{Guid.NewGuid():N}"[..14];

        var failed = await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "vpn", "--vendor", ScriptedStack.Vendor,
            "--port", "provider:web", "--port", "consumer:users", "--name", name, "--wait");
        refusing = false;
        var retried = Json(await NfpAsync("service", "retry", name, "--wait", "-f", "json"));
        var again = await NfpAsync("service", "retry", name);

        Assert.Equal(ServiceExitCodes.Failed, failed.ExitCode);
        Assert.Contains("the device refused it", failed.Error, StringComparison.Ordinal);
        Assert.Equal("ACTIVE", retried["network_service"]!["provisioning_status"]!.GetValue<string>());
        Assert.Equal(ServiceExitCodes.Conflict, again.ExitCode);
        Assert.Contains("only a service in ERROR", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failover_of_a_service_and_of_its_device_replaces_the_device_and_an_unknown_device_is_not_found()
    {
        var name = $"moved-{Guid.NewGuid():N}"[..14];
        await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "vpn", "--vendor", ScriptedStack.Vendor,
            "--port", "provider:web", "--port", "consumer:users", "--name", name, "--wait");

        var byService = Json(await NfpAsync("service", "failover", name, "--wait", "-f", "json"));
        var device = byService["devices"]![0]!["id"]!.GetValue<string>();
        var byDevice = Json(await NfpAsync("nsd", "failover", device, "--wait", "-f", "json"));
        var unknown = await NfpAsync("nsd", "failover", Guid.NewGuid().ToString());

        Assert.Equal("ACTIVE", byService["network_service"]!["provisioning_status"]!.GetValue<string>());
        Assert.Equal(("ACTIVE", device), (byDevice["network_service"]!["provisioning_status"]!.GetValue<string>(),
            byDevice["devices"]![0]!["id"]!.GetValue<string>()));
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM operations WHERE resource_id = @id AND kind = 'failover' AND state = 'COMPLETED' AND NOT is_automatic",
            new { id = Guid.Parse(byService["network_service"]!["id"]!.GetValue<string>()) }));
        Assert.Equal(ServiceExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("No network service device", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_exit_with_their_code_and_name_the_field()
    {
        var unknownVendor = await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "vpn", "--vendor", "nobody",
            "--port", "provider:web", "--port", "consumer:users");
        var missing = await NfpAsync("service", "show", Guid.NewGuid().ToString());
        var badPort = await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "vpn", "--vendor", "x", "--port", "sideways:web");
        var badMember = await NfpAsync("service", "create", "--tenant", Guid.NewGuid().ToString(), "--type", "loadbalancer", "--vendor", "x",
            "--port", "provider:web", "--port", "consumer:users", "--member", "web1=10.0.3");
        var noManager = await NfpAsync(Admin(), "service", "list", "--url", "ftp://manager");

        Assert.Equal(ServiceExitCodes.InvalidRequest, unknownVendor.ExitCode);
        Assert.Contains("service_profile.service_vendor: unknown_value", unknownVendor.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceExitCodes.NotFound, missing.ExitCode);
        Assert.StartsWith("error: not_found:", missing.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceExitCodes.Usage, badPort.ExitCode);
        Assert.Contains("--port 'sideways:web'", badPort.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceExitCodes.Usage, badMember.ExitCode);
        Assert.Contains("--member 'web1=10.0.3' must be [NAME=]IP", badMember.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceExitCodes.Usage, noManager.ExitCode);
        Assert.Contains(ManagerApi.UrlVariable, noManager.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_manager_is_named_by_its_url_and_exits_26_without_printing_the_token()
    {
        var clock = Stopwatch.StartNew();
        using var handler = new HttpClientHandler();

        // Nothing listens on port 1.
        var run = await NfpAsync(handler, With("hunter2"), "service", "list", "--url", "http://127.0.0.1:1");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(ServiceExitCodes.Unreachable, run.ExitCode);
        Assert.StartsWith("error: the manager at http://127.0.0.1:1/ could not be reached", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_token_or_a_readers_write_exits_30_and_a_create_over_a_quota_exits_31_naming_it()
    {
        var tenant = Guid.NewGuid();
        using var admin = stack.Manager.Http();
        var reader = System.Text.Json.JsonDocument.Parse(await (await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = tenant, role = "reader" }))
            .Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        var create = new[] { "service", "create", "--tenant", tenant.ToString(), "--type", "firewall", "--vendor", ScriptedStack.Vendor, "--port", "provider:web", "--port", "consumer:users" };

        var unknown = await NfpAsync(With("not-a-token"), "service", "list");
        var denied = await NfpAsync(With(reader), create);
        (await admin.PutAsJsonAsync(new Uri($"/v1/quotas/{tenant}", UriKind.Relative), new { quota = new { services = 0 } })).EnsureSuccessStatusCode();
        var over = await NfpAsync(create);

        Assert.Equal((ServiceExitCodes.Denied, ServiceExitCodes.Denied), (unknown.ExitCode, denied.ExitCode));
        Assert.StartsWith("error: 401", unknown.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: 403", denied.Error, StringComparison.Ordinal);
        Assert.Equal(ServiceExitCodes.QuotaExceeded, over.ExitCode);
        Assert.Contains("services: limit 0, in use 0, requested 1", over.Error, StringComparison.Ordinal);
    }
}
