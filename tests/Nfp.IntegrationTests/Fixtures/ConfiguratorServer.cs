using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Configurator.Health;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// The configurator in process, with the <see cref="RecordingVendorDriver"/> loaded from this assembly
/// as vendor "recorder" (probing TCP <see cref="ProbePort"/>) — or, from a derived fixture, the vendor
/// drivers its settings name — and the health monitors' own defaults but a 10 s wait for a device's
/// first answer. (The factory names the configurator's assembly by one of its public types.) Its
/// <see cref="Http"/> client stands for the proxy: each request carries the proxy's client certificate
/// (<see cref="ConfiguratorCredentials"/>); <see cref="Anonymous"/> carries none.
/// </summary>
public class ConfiguratorServer : IAsyncLifetime
{
    public const string Vendor = "recorder";

    private readonly IReadOnlyDictionary<string, string> _settings;

    public ConfiguratorServer()
    {
        _settings = new Dictionary<string, string>
        {
            [$"VendorDrivers:{Vendor}:Assembly"] = typeof(RecordingVendorDriver).Assembly.Location,
            [$"VendorDrivers:{Vendor}:Type"] = typeof(RecordingVendorDriver).FullName!,
            [$"VendorDrivers:{Vendor}:Settings:ProbePort"] = ProbePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <param name="settings">The configurator's settings (its <c>VendorDrivers</c>, ...).</param>
    protected ConfiguratorServer(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public int ProbePort { get; } = DaemonProcess.FreePort();

    public WebApplicationFactory<HealthMonitorOptions> Factory { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client without the proxy's certificate: any other caller on the management network (on the test server only).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>
    /// Serves the configurator on Kestrel at a loopback port rather than on the in-memory test server, for
    /// a test of what only a real HTTP server sees: a NUL in a path, a body shorter than its Content-Length.
    /// It serves plain HTTP there (such a test frames its bytes itself) and takes every connection as the
    /// proxy's, as TLS with the proxy's certificate would: what it tests is past the authentication.
    /// </summary>
    public bool OnKestrel { get; init; }

    public virtual Task InitializeAsync()
    {
        var proxy = ConfiguratorCredentials.ProxyCertificate();
        Factory = new WebApplicationFactory<HealthMonitorOptions>().WithWebHostBuilder(host =>
        {
            foreach (var (key, value) in _settings.Concat(ConfiguratorCredentials.ConfiguratorSettings()))
            {
                host.UseSetting(key, value);
            }
            host.UseSetting("HealthMonitors:InitialTimeoutSeconds", "10");
            if (OnKestrel)
            {
                host.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new AsProxy(proxy)));
            }
        });
        if (OnKestrel)
        {
            Factory.UseKestrelOnLoopback();
            Http = Factory.CreateClient();
        }
        else
        {
            // The test server has no TLS: the connection's client certificate is set as Kestrel would set it.
            Http = new HttpClient(Factory.Server.CreateHandler(context => context.Connection.ClientCertificate = proxy)) { BaseAddress = Factory.Server.BaseAddress };
        }
        Anonymous = Factory.CreateClient();
        return Task.CompletedTask;
    }

    /// <summary>Takes every connection as the proxy's: its client certificate set, as TLS would set it.</summary>
    private sealed class AsProxy(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                context.Connection.ClientCertificate = certificate;
                return rest(context);
            });
            next(app);
        };
    }

    /// <summary>Calls <paramref name="method"/> with <paramref name="request"/>.</summary>
    public Task<HttpResponseMessage> CallAsync(ConfiguratorMethod method, ConfigRequest request) =>
        Http.PostAsJsonAsync($"/v1/nfp/{NfpJson.WireName(method)}", request, NfpJson.Options);

    /// <summary>Drains the pending notifications (get_notifications), with none pending waiting up to <paramref name="waitMilliseconds"/> for one.</summary>
    public async Task<IReadOnlyList<ConfiguratorNotification>> DrainAsync(int waitMilliseconds = 0) =>
        (await Http.GetFromJsonAsync<NotificationList>($"/v1/nfp/get_notifications?wait_milliseconds={waitMilliseconds}", NfpJson.Options))!.Notifications;

    /// <summary>Drains the pending notifications until one about <paramref name="nsdId"/> matches, and returns it.</summary>
    public async Task<ConfiguratorNotification> NotificationAsync(Guid nsdId, Func<ConfiguratorNotification, bool> matches, TimeSpan within)
    {
        ConfiguratorNotification? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            found ??= (await DrainAsync()).FirstOrDefault(n => n.Context.NsdId == nsdId && matches(n));
            return found is not null;
        }, within, $"a matching notification about device {nsdId}");
        return found!;
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await Factory.DisposeAsync();
    }
}
