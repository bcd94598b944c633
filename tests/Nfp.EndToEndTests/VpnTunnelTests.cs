using System.Text.RegularExpressions;
using Nfp.EndToEndTests.Fixtures;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using static Nfp.EndToEndTests.Fixtures.VendorConfigurator;
using static Nfp.IntegrationTests.Fixtures.RecordingVendorDriver;

namespace Nfp.EndToEndTests;

/// <summary>
/// The strongswan vendor driver on real VPN devices: site connections it applies through the gateways' agents
/// are IPsec tunnels that the sites' hosts reach each other through — ESP in UDP on the public network, no
/// plain packet of theirs — and that an update changes one by one. Every test applies the whole config it
/// needs, so their order does not matter.
/// </summary>
public sealed partial class VpnTunnelTests(VpnLab lab) : IClassFixture<VpnLab>
{
    private const string Psk = "open-sesame-4711";
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Hosts_of_two_sites_reach_each_other_through_the_tunnel_and_only_esp_crosses_the_public_network()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await TunnelUpAsync(lab.A, lab.B);

        await using var capture = await lab.CaptureAsync();
        Assert.Equal(0, (await lab.A.Host.RunAsync("ping", "-c", "3", "-W", "2", lab.B.HostAddress)).ExitCode);
        Assert.Equal(0, (await lab.B.Host.RunAsync("ping", "-c", "3", "-W", "2", lab.A.HostAddress)).ExitCode);
        var seen = await capture.StopAsync();

        // Twelve packets crossed (3 echoes and 3 replies each way), each as ESP in UDP between the gateways; no ICMP at all.
        Assert.True(seen.Count(line => line.Contains($"{lab.A.PublicAddress}.4500 > {lab.B.PublicAddress}.4500: UDP-encap: ESP", StringComparison.Ordinal)) >= 6,
            string.Join('\n', seen));
        Assert.True(seen.Count(line => line.Contains($"{lab.B.PublicAddress}.4500 > {lab.A.PublicAddress}.4500: UDP-encap: ESP", StringComparison.Ordinal)) >= 6,
            string.Join('\n', seen));
        Assert.DoesNotContain(seen, line => line.Contains("ICMP", StringComparison.Ordinal));
        // The device counts them on the child SA.
        Assert.Matches(@"in  [0-9a-f]{8},\s+[1-9][0-9]* bytes,\s+([6-9]|[1-9][0-9]+) packets", await lab.A.Gateway.RunningConfigAsync("vpn"));
    }

    [Fact]
    public async Task Without_a_tunnel_nothing_passes_between_the_sites()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await TunnelUpAsync(lab.A, lab.B);

        await ConnectAsync(lab.A);

        await Eventually.HoldsAsync(async () => !(await lab.A.Gateway.RunningConfigAsync("vpn")).Contains("ESTABLISHED", StringComparison.Ordinal),
            Soon, "gateway A without an SA");
        Assert.NotEqual(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "1", lab.B.HostAddress)).ExitCode);
    }

    [Fact]
    public async Task A_connection_added_and_removed_by_update_leaves_the_other_connections_sa_as_it_was()
    {
        // The added connection takes other policies than the defaults — IKEv1, AES-256, SHA-512, elliptic-curve groups,
        // AES-GCM for ESP — and its SAs are made with them.
        var (ike, ipsec) = (new IkePolicy("v1", "aes-256", "sha512", "group19"), new IpsecPolicy("aes-256-gcm-16", "sha256", "group20"));
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await ConnectAsync(lab.C, Link(lab.C, lab.A) with { IkePolicy = ike, IpsecPolicy = ipsec });
        await TunnelUpAsync(lab.A, lab.B);
        var ab = await IkeSaAsync(lab.A, "to-b");

        await ConnectAsync(lab.A, Link(lab.A, lab.B), Link(lab.A, lab.C) with { IkePolicy = ike, IpsecPolicy = ipsec });
        await TunnelUpAsync(lab.A, lab.C);
        var sas = await lab.A.Gateway.RunningConfigAsync("vpn");
        Assert.Matches(@"to-c: #[0-9]+, ESTABLISHED, IKEv1,", sas);
        Assert.Contains("AES_CBC-256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256", sas, StringComparison.Ordinal);
        Assert.Contains("TUNNEL-in-UDP, ESP:AES_GCM_16-256/ECP_384", sas, StringComparison.Ordinal);
        Assert.Equal(ab, await IkeSaAsync(lab.A, "to-b"));
        Assert.Equal(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "2", lab.B.HostAddress)).ExitCode);

        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await Eventually.HoldsAsync(async () => (await lab.A.Host.RunAsync("ping", "-c", "1", "-W", "1", lab.C.HostAddress)).ExitCode != 0,
            Soon, "site C unreachable from site A once its connection is gone");
        Assert.Equal(ab, await IkeSaAsync(lab.A, "to-b"));
        Assert.Equal(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "2", lab.B.HostAddress)).ExitCode);
    }

    [Fact]
    public async Task A_connection_that_is_not_up_makes_the_gateways_monitor_say_degraded_naming_it_until_it_is_up()
    {
        await ConnectAsync(lab.C);
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await ConnectAsync(lab.A, Link(lab.A, lab.B), Link(lab.A, lab.C));
        await TunnelUpAsync(lab.A, lab.B);
        await lab.Configurator.DrainAsync();

        // Called and followed by hand: the configurator's notifications are drained whole, and this test wants all of A's.
        await CallAsync(ConfiguratorMethod.CreateNetworkServiceHealthmonitor, Request(ServiceType.Vpn, Strongswan, lab.A.Gateway,
            Resource(ConfigResourceKind.Healthmonitor, new { lab.A.Gateway.MgmtIpAddress, Periodicity = "forever", IntervalMs = 200 })));
        var degraded = await ToldAsync(n => n.Context.NsdId == lab.A.Gateway.NsdId && n.Health == NsdHealth.Degraded, "gateway A degraded");
        await CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig, Request(ServiceType.Vpn, Strongswan, lab.C.Gateway,
            Resource(ConfigResourceKind.Vpn, new { lab.C.Gateway.MgmtIpAddress, LocalAddress = lab.C.PublicAddress, SiteConnections = new[] { Link(lab.C, lab.A) } })));
        var whole = await ToldAsync(n => n.Context.NsdId == lab.A.Gateway.NsdId && n.Health == NsdHealth.Reachable, "gateway A whole again");

        Assert.Equal($"The device at {lab.A.Gateway.MgmtIpAddress} reports connections down: to-c.", degraded.Reason);
        Assert.Equal($"The device at {lab.A.Gateway.MgmtIpAddress} reports all of its function up.", whole.Reason);
        Assert.Equal((200, $"ok {lab.A.Gateway.NsdId:D}"), await lab.A.Gateway.HealthAsync());
        await lab.Configurator.ApplyAsync(ConfiguratorMethod.DeleteNetworkServiceHealthmonitor, Request(ServiceType.Vpn, Strongswan, lab.A.Gateway,
            Resource(ConfigResourceKind.Healthmonitor, new { lab.A.Gateway.MgmtIpAddress, Periodicity = "forever" })));
    }

    [Fact]
    public async Task A_peer_that_stops_answering_is_found_by_dead_peer_detection_and_reported_down_then_up_when_it_is_back()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.C) with { Dpd = new(Action: "restart", IntervalSeconds: 3, TimeoutSeconds: 15) });
        await ConnectAsync(lab.C, Link(lab.C, lab.A));
        await TunnelUpAsync(lab.A, lab.C);
        Assert.Equal((200, $"ok {lab.A.Gateway.NsdId:D}"), await lab.A.Gateway.HealthAsync());

        await DockerCli.RunAsync("pause", lab.C.Gateway.Container);
        try
        {
            // DPD asks after 3 s without traffic, and gives up after charon's retransmissions (about 16 s).
            var found = await Eventually.HoldsAsync(async () => (await lab.A.Gateway.HealthAsync()).Body.EndsWith("degraded connections down: to-c", StringComparison.Ordinal),
                TimeSpan.FromSeconds(40), "gateway A reporting its connection to C down");
            Assert.True(found < TimeSpan.FromSeconds(30), $"found after {found.TotalSeconds:0.0} s");
        }
        finally
        {
            await DockerCli.RunAsync("unpause", lab.C.Gateway.Container);
        }
        await TunnelUpAsync(lab.A, lab.C);
        await Eventually.HoldsAsync(async () => await lab.A.Gateway.HealthAsync() == (200, $"ok {lab.A.Gateway.NsdId:D}"), Soon, "gateway A reporting all up again");
    }

    [Fact]
    public async Task A_changed_key_takes_effect_at_once_with_a_new_ike_sa()
    {
        // An IKE SA of an AEAD cipher (its PRF named apart) and the largest elliptic-curve group.
        var ike = new IkePolicy("v2", "aes-128-gcm-16", "sha384", "group21");
        await ConnectAsync(lab.A, Link(lab.A, lab.B) with { IkePolicy = ike });
        await ConnectAsync(lab.B, Link(lab.B, lab.A) with { IkePolicy = ike });
        await TunnelUpAsync(lab.A, lab.B);
        var before = await IkeSaAsync(lab.A, "to-b");
        Assert.Contains("AES_GCM_16-128/PRF_HMAC_SHA2_384/ECP_521", await lab.A.Gateway.RunningConfigAsync("vpn"), StringComparison.Ordinal);

        await ConnectAsync(lab.A, Link(lab.A, lab.B) with { IkePolicy = ike, Psk = "rotated-key-0815" });
        await ConnectAsync(lab.B, Link(lab.B, lab.A) with { IkePolicy = ike, Psk = "rotated-key-0815" });

        await TunnelUpAsync(lab.A, lab.B);
        Assert.NotEqual(before, await IkeSaAsync(lab.A, "to-b"));
    }

    [Fact]
    public async Task Certificates_authenticate_a_tunnel_and_a_peer_certificate_of_another_ca_is_refused_with_the_reason()
    {
        using var ca = new TestCertificateAuthority("sites-ca");
        using var otherCa = new TestCertificateAuthority("another-ca");
        var (certificateA, keyA) = ca.Issue("CN=gw-a");
        var (certificateB, keyB) = ca.Issue("CN=gw-b");
        Connection Signed(Site from, Site to, (string Certificate, string Key) own) => Link(from, to) with
        {
            Psk = "", AuthMode = "certificate", Certificate = own.Certificate, PrivateKey = own.Key, PeerCaCertificates = ca.CertificatePem,
            PeerId = $"CN=gw-{to.Name}",
        };
        // What an apply killed while its configuration was staged would leave: gone with the next apply.
        await DockerCli.RunAsync("exec", lab.A.Gateway.Container, "sh", "-c", "mkdir -p /etc/swanctl/next.killed && echo key >/etc/swanctl/next.killed/k.pem");
        await ConnectAsync(lab.A, Signed(lab.A, lab.B, (certificateA, keyA)));
        await ConnectAsync(lab.B, Signed(lab.B, lab.A, (certificateB, keyB)));
        Assert.Equal("private swanctl.conf x509 x509ca", string.Join(' ', (await DockerCli.RunAsync("exec", lab.A.Gateway.Container, "ls", "/etc/swanctl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(entry => entry is "private" or "swanctl.conf" or "x509" or "x509ca" || entry.StartsWith("next.", StringComparison.Ordinal))));

        await TunnelUpAsync(lab.A, lab.B);
        await TunnelUpAsync(lab.B, lab.A);
        var keyBody = keyA.Split('\n')[2]; // key material alone (the first line starts alike in every P-256 key)
        Assert.DoesNotContain(keyBody, await lab.A.Gateway.RunningConfigAsync("vpn"), StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, await DockerCli.RunAsync("inspect", lab.A.Gateway.Container), StringComparison.Ordinal);
        Assert.DoesNotContain(keyBody, (await DockerCli.TryRunAsync("logs", lab.A.Gateway.Container)).Error, StringComparison.Ordinal);
        // The key is in charon and in the one file swanctl loads it from, not in the configuration kept.
        Assert.DoesNotContain(keyBody, await DockerCli.RunAsync("exec", lab.A.Gateway.Container, "cat", "/etc/swanctl/swanctl.conf"), StringComparison.Ordinal);

        // B now shows a certificate of a CA that A does not take: A refuses it, and never has the tunnel again.
        await ConnectAsync(lab.B, Signed(lab.B, lab.A, otherCa.Issue("CN=gw-b")));

        await Eventually.HoldsAsync(async () => (await DockerCli.TryRunAsync("logs", lab.A.Gateway.Container)).Error
            .Contains("no issuer certificate found for \"CN=gw-b\"", StringComparison.Ordinal), Soon, "gateway A logging why it refused B");
        await Eventually.HoldsAsync(async () => (await lab.A.Gateway.HealthAsync()).Body.EndsWith("degraded connections down: to-b", StringComparison.Ordinal),
            Soon, "gateway A reporting its connection to B down");
        Assert.NotEqual(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "1", lab.B.HostAddress)).ExitCode);
    }

    [Fact]
    public async Task A_wrong_pre_shared_key_leaves_the_connection_down_and_the_gateways_log_says_why()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.C));
        await ConnectAsync(lab.C, Link(lab.C, lab.A) with { Psk = "not-the-same-key" });

        await Eventually.HoldsAsync(async () =>
            (await DockerCli.TryRunAsync("logs", lab.A.Gateway.Container)).Error.Contains("AUTHENTICATION_FAILED", StringComparison.Ordinal)
            || (await DockerCli.TryRunAsync("logs", lab.C.Gateway.Container)).Error.Contains("AUTHENTICATION_FAILED", StringComparison.Ordinal),
            Soon, "a gateway logging AUTHENTICATION_FAILED");
        Assert.DoesNotContain("ESTABLISHED", await lab.A.Gateway.RunningConfigAsync("vpn"), StringComparison.Ordinal);
        Assert.NotEqual(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "1", lab.C.HostAddress)).ExitCode);
        Assert.Equal((200, $"ok {lab.A.Gateway.NsdId:D}\ndegraded connections down: to-c"), await lab.A.Gateway.HealthAsync());
    }

    [Fact]
    public async Task A_configuration_charon_refuses_is_not_taken_and_the_tunnel_stays()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await TunnelUpAsync(lab.A, lab.B);
        var before = await lab.A.Gateway.RunningConfigAsync("vpn");

        // What the driver never renders, but a broken file is what the agent's handler must survive.
        var refused = await DockerCli.TryRunAsync("exec", lab.A.Gateway.Container, "sh", "-c",
            "printf 'connections { broken { children { x { local_ts = 300.0.0.0/8 } } } }\\n' >/tmp/bad.conf && /usr/local/lib/nfp-agent/apply-vpn /tmp/bad.conf");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("charon refused the configuration", refused.Output, StringComparison.Ordinal);
        Assert.Equal(ConfigPart(before), ConfigPart(await lab.A.Gateway.RunningConfigAsync("vpn")));
        Assert.Equal(0, (await lab.A.Host.RunAsync("ping", "-c", "2", "-W", "2", lab.B.HostAddress)).ExitCode);
    }

    [Theory]
    [InlineData("peer_cidrs", "config[0].resource_data.site_connections[0].peer_cidrs[0]")]
    [InlineData("psk", "config[0].resource_data.site_connections[0].psk")]
    [InlineData("name", "config[0].resource_data.site_connections[0].name")]
    [InlineData("ike_policy", "config[0].resource_data.site_connections[0].ike_policy.encryption_algorithm")]
    public async Task A_bad_site_connection_is_refused_naming_the_field_and_the_running_config_stays(string fault, string field)
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        var before = await lab.A.Gateway.RunningConfigAsync("vpn");
        var good = Link(lab.A, lab.B);
        object connection = fault switch
        {
            "peer_cidrs" => good with { PeerCidrs = ["10.0.0.0/33"] },
            "psk" => good with { Psk = "short" },
            "name" => good with { Name = "to b" },
            _ => new { good.Name, good.PeerAddress, good.PeerCidrs, good.LocalCidrs, good.Psk, IkePolicy = new { EncryptionAlgorithm = "des" } },
        };

        var response = await lab.Configurator.CallAsync(ConfiguratorMethod.CreateNetworkServiceConfig,
            Request(ServiceType.Vpn, Strongswan, lab.A.Gateway, Resource(ConfigResourceKind.Vpn,
                new { lab.A.Gateway.MgmtIpAddress, LocalAddress = lab.A.PublicAddress, SiteConnections = new[] { connection } })));

        await AssertRefusedAsync(response, field);
        Assert.Equal(ConfigPart(before), ConfigPart(await lab.A.Gateway.RunningConfigAsync("vpn")));
    }

    [Fact]
    public async Task The_pre_shared_key_is_in_no_view_log_or_inspect_of_the_gateways()
    {
        await ConnectAsync(lab.A, Link(lab.A, lab.B));
        await ConnectAsync(lab.B, Link(lab.B, lab.A));
        await TunnelUpAsync(lab.A, lab.B);

        foreach (var site in new[] { lab.A, lab.B })
        {
            var places = new Dictionary<string, string>
            {
                ["the agent's view"] = await site.Gateway.RunningConfigAsync("vpn"),
                ["docker logs"] = string.Concat((await DockerCli.TryRunAsync("logs", site.Gateway.Container)) is var logs ? logs.Output + logs.Error : ""),
                ["docker inspect"] = await DockerCli.RunAsync("inspect", site.Gateway.Container),
            };
            foreach (var (place, text) in places)
            {
                Assert.False(text.Contains(Psk, StringComparison.Ordinal), $"the key is in {place} of {site.Gateway.Container}");
                Assert.False(text.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Psk)), StringComparison.Ordinal),
                    $"the key, in base64, is in {place} of {site.Gateway.Container}");
            }
        }
    }

    /// <summary>The notifications this test drained, kept (the configurator's queue is drained whole).</summary>
    private readonly List<ConfiguratorNotification> _told = [];

    /// <summary>Calls <paramref name="method"/>, and waits until the configurator tells it succeeded (keeping whatever else it told).</summary>
    private async Task CallAsync(ConfiguratorMethod method, ConfigRequest request)
    {
        var response = await lab.Configurator.CallAsync(method, request);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var answer = await ToldAsync(n => n.Context.OperationId == request.Info.Context.OperationId && n.Result is not null, $"the answer to {method}");
        Assert.True(answer.Result == ConfigResult.Success, answer.Reason);
    }

    /// <summary>The first notification told in this test that <paramref name="matches"/>, waiting for it.</summary>
    private async Task<ConfiguratorNotification> ToldAsync(Func<ConfiguratorNotification, bool> matches, string what)
    {
        ConfiguratorNotification? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            _told.AddRange(await lab.Configurator.DrainAsync());
            found = _told.FirstOrDefault(matches);
            return found is not null;
        }, Soon, what);
        return found!;
    }

    /// <summary>The connection from <paramref name="from"/>'s site to <paramref name="to"/>'s, named "to-" and its name.</summary>
    private static Connection Link(Site from, Site to) => new($"to-{to.Name}", to.PublicAddress, [to.Cidr], [from.Cidr], Psk);

    private sealed record Connection(string Name, string PeerAddress, IReadOnlyList<string> PeerCidrs, IReadOnlyList<string> LocalCidrs, string Psk, DpdPolicy? Dpd = null,
        string AuthMode = "psk", string Certificate = "", string PrivateKey = "", string PeerCaCertificates = "", string PeerId = "",
        IkePolicy? IkePolicy = null, IpsecPolicy? IpsecPolicy = null);

    private sealed record IkePolicy(string IkeVersion, string EncryptionAlgorithm, string AuthAlgorithm, string Pfs);

    private sealed record IpsecPolicy(string EncryptionAlgorithm, string AuthAlgorithm, string Pfs);

    private sealed record DpdPolicy(string Action, int IntervalSeconds, int TimeoutSeconds);

    /// <summary>Gives <paramref name="site"/>'s gateway exactly these connections (none: no tunnel).</summary>
    private Task ConnectAsync(Site site, params Connection[] connections) =>
        lab.Configurator.ApplyAsync(ConfiguratorMethod.CreateNetworkServiceConfig, Request(ServiceType.Vpn, Strongswan, site.Gateway,
            Resource(ConfigResourceKind.Vpn, new { site.Gateway.MgmtIpAddress, LocalAddress = site.PublicAddress, SiteConnections = connections })));

    /// <summary>Waits until <paramref name="from"/>'s host reaches <paramref name="to"/>'s through the tunnel.</summary>
    private static async Task TunnelUpAsync(Site from, Site to) =>
        await Eventually.HoldsAsync(async () => (await from.Host.RunAsync("ping", "-c", "1", "-W", "1", to.HostAddress)).ExitCode == 0,
            Soon, $"site {from.Name}'s host reaching site {to.Name}'s");

    /// <summary>The unique id of <paramref name="connection"/>'s established IKE SA on <paramref name="site"/>'s gateway (swanctl --list-sas's "#N").</summary>
    private static async Task<string> IkeSaAsync(Site site, string connection)
    {
        var shown = await site.Gateway.RunningConfigAsync("vpn");
        var sa = Regex.Match(shown, $@"^{Regex.Escape(connection)}: (#[0-9]+), ESTABLISHED", RegexOptions.Multiline);
        Assert.True(sa.Success, $"no established IKE SA of {connection}:\n{shown}");
        return sa.Groups[1].Value;
    }

    /// <summary>The configuration part of the agent's vpn view (the SAs after it change on their own: rekeying times, counters).</summary>
    private static string ConfigPart(string view) => view[..view.IndexOf(SasHeading, StringComparison.Ordinal)];

    /// <summary>The line of the agent's vpn view (deploy/images/strongswan-vpn/lib/show-vpn) before the SAs.</summary>
    private const string SasHeading = "# security associations";
}
