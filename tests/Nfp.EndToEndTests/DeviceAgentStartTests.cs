using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;

namespace Nfp.EndToEndTests;

/// <summary>
/// A device is ACTIVE once its container runs, a moment before its agent listens: the vendor driver's
/// apply waits for the agent (here an HTTP server on loopback that starts late), a removal does not.
/// </summary>
public sealed class DeviceAgentStartTests
{
    [Fact]
    public async Task An_apply_waits_for_an_agent_that_starts_late_and_a_removal_does_not_wait()
    {
        var port = DaemonProcess.FreePort();
        using var driver = new HaproxyDriver(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentSecret"] = "secret",
        }).Build());

        var applying = driver.ApplyAsync(RoutesChange(removing: false), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(applying.IsCompleted, "the apply ended while no agent listened");
        var posted = new ConcurrentQueue<string>();
        var agent = await StartAgentAsync(port, posted);
        await applying.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["?routes"], posted);

        await agent.DisposeAsync();
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<VendorDriverException>(() => driver.ApplyAsync(RoutesChange(removing: true), CancellationToken.None));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the removal waited {clock.Elapsed}");
    }

    private static DeviceChange RoutesChange(bool removing) => new("127.0.0.1",
        new ConfigResource(ConfigResourceKind.Routes, JsonSerializer.SerializeToElement(new { mgmt_ip_address = "127.0.0.1", routes = Array.Empty<object>() })),
        removing, new ConfigContext(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "agent start test"));

    /// <summary>An agent that answers every apply with 200 and keeps each one's query.</summary>
    private static async Task<WebApplication> StartAgentAsync(int port, ConcurrentQueue<string> posted)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/cgi-bin/apply", (HttpRequest request) =>
        {
            posted.Enqueue(request.QueryString.Value ?? "");
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
