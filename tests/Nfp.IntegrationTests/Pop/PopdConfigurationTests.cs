using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Popd.Configuration;

namespace Nfp.IntegrationTests.Pop;

/// <summary>popd's configuration: `popd init`, the TOML file, listening on a Unix socket or with TLS, and what it logs.</summary>
public sealed class PopdConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("popd-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task WithPopdAsync(PopdProcess popd, Func<PopdProcess, Task> test)
    {
        try
        {
            await popd.InitializeAsync();
            await test(popd);
        }
        finally
        {
            await popd.DisposeAsync();
        }
    }

    [Fact]
    public void Init_writes_a_private_file_with_a_bcrypt_hash_and_never_overwrites_it()
    {
        var path = Path.Combine(_folder, "popd.toml");
        var output = new StringWriter();

        var first = PopdInit.Run([path, "--user", "tester"], new StringReader("s3cret-pw"), output, TextWriter.Null);
        var written = File.ReadAllText(path);
        var second = PopdInit.Run([path], new StringReader("other"), TextWriter.Null, new StringWriter());

        Assert.Equal(0, first);
        Assert.Equal(1, second);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.Contains("name = \"tester\"", written, StringComparison.Ordinal);
        Assert.Contains("$2", written, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", written + output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task A_popd_started_with_an_init_file_and_no_POPD_AUTH_accepts_the_files_user_only()
    {
        var path = Path.Combine(_folder, "popd.toml");
        PopdInit.Run([path, "--user", "tester"], new StringReader("from-the-file"), TextWriter.Null, TextWriter.Null);

        await WithPopdAsync(new PopdProcess { Password = "from-the-file", EnvironmentAuth = false, Arguments = ["--config", path] }, async popd =>
        {
            var info = await popd.Client.InfoAsync();
            var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
                await popd.Client.Raw.LoginAsync(new Nfp.Pop.Protocol.Credentials { Username = "tester", Password = "pw-of-a-test" }));

            Assert.Equal(popd.PopName, info.Name);
            Assert.Equal(StatusCode.InvalidArgument, wrong.StatusCode);
        });
    }

    [Fact]
    public async Task A_key_popd_does_not_know_stops_it_at_start_naming_the_key()
    {
        var path = Path.Combine(_folder, "typo.toml");
        File.WriteAllText(path, "pop_nmae = \"typo\"\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WithPopdAsync(new PopdProcess { Arguments = ["--config", path] }, _ => Task.CompletedTask));

        Assert.Contains("PopNmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_default_subnet_popd_makes_its_default_network_on_a_free_16_of_172_16_0_0_12_and_a_bad_one_stops_it()
    {
        await WithPopdAsync(new PopdProcess { DefaultNetworkSubnet = "" }, async popd =>
        {
            var cidr = Assert.Single(Assert.Single(await popd.Client.NetworksAsync(new Nfp.Pop.Protocol.Filter { Name = popd.DefaultNetwork })).Subnets).Cidr;
            var subnet = System.Net.IPNetwork.Parse(cidr);
            Assert.Equal(16, subnet.PrefixLength);
            Assert.True(System.Net.IPNetwork.Parse("172.16.0.0/12").Contains(subnet.BaseAddress), cidr);
        });

        foreach (var subnet in new[] { "10.77.250.1/24", "fd00:77::/64" })
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                WithPopdAsync(new PopdProcess { DefaultNetworkSubnet = subnet }, _ => Task.CompletedTask));
            Assert.Contains("Popd:DefaultNetworkSubnet must be an IPv4 network", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Popd_serves_on_a_unix_socket()
    {
        var socket = Path.Combine(_folder, "popd.sock");

        await WithPopdAsync(new PopdProcess { Listen = $"unix:{socket}", ClientAddress = $"unix:{socket}" }, async popd =>
            Assert.Equal(popd.PopName, (await popd.Client.InfoAsync()).Name));
    }

    [Fact]
    public async Task A_unix_client_whose_socket_is_missing_fails_with_the_sockets_error()
    {
        var missing = Path.Combine(_folder, "no-popd.sock");
        var client = Nfp.Pop.Client.PopClient.For(new Nfp.Pop.Client.PopClientOptions($"unix:{missing}", "tester", "pw-of-a-test"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InfoAsync());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"popd's socket unix:{missing}: no such socket", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_certificate_popd_speaks_tls_and_refuses_plain_http2()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_folder, "popd.crt");
        var keyPath = Path.Combine(_folder, "popd.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        var configPath = Path.Combine(_folder, "tls.toml");
        File.WriteAllText(configPath, $"[tls]\ncertificate = \"{certPath}\"\nkey = \"{keyPath}\"\n");
        var pinned = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        await WithPopdAsync(new PopdProcess { Arguments = ["--config", configPath], Handler = pinned, Scheme = "https" }, async popd =>
        {
            Assert.Equal(popd.PopName, (await popd.Client.InfoAsync()).Name);
            using var plain = Nfp.Pop.Client.PopClient.Over(
                new Nfp.Pop.Client.PopClientOptions($"http://127.0.0.1:{popd.Port}", "tester", popd.Password), new SocketsHttpHandler());
            await Assert.ThrowsAsync<RpcException>(() => plain.InfoAsync());
        });
    }

    [Fact]
    public async Task Neither_a_password_nor_a_token_reaches_popds_log()
    {
        await WithPopdAsync(new PopdProcess { Password = "never-log-this-password" }, async popd =>
        {
            var token = (await popd.Client.Raw.LoginAsync(new Nfp.Pop.Protocol.Credentials { Username = "tester", Password = popd.Password })).Value;
            await Assert.ThrowsAsync<RpcException>(async () =>
                await popd.Client.Raw.LoginAsync(new Nfp.Pop.Protocol.Credentials { Username = "tester", Password = "wrong-password-attempt" }));
            await popd.Client.ContainersAsync();

            Assert.DoesNotContain(popd.Password, popd.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("wrong-password-attempt", popd.Log, StringComparison.Ordinal);
            Assert.DoesNotContain(token, popd.Log, StringComparison.Ordinal);
            Assert.NotEmpty(popd.Log);
        });
    }

    [Fact]
    public async Task With_remove_unknown_containers_a_stranger_carrying_popds_label_is_removed_at_start()
    {
        var popName = $"u{Guid.NewGuid():N}"[..12];
        var stranger = (await DockerCli.RunAsync("run", "-d", "--label", $"nfp.pop={popName}", PopdServer.Image)).Trim();
        try
        {
            await WithPopdAsync(new PopdProcess
            {
                PopName = popName,
                Environment = new Dictionary<string, string> { ["Popd__RemoveUnknownContainers"] = "true" },
            }, async _ => await Eventually.HoldsAsync(async () => (await DockerCli.TryRunAsync("inspect", stranger)).ExitCode != 0,
                TimeSpan.FromSeconds(5), "the stranger removed"));
        }
        finally
        {
            await DockerCli.TryRunAsync("rm", "-f", stranger);
        }
    }
}
