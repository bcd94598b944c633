using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nfp.Pop.Client;
using Nfp.Popd.Configuration;
using Nfp.Popd.Engine;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A popd for one test class, in process, on the real Docker engine and a fresh database. Its pop name
/// and default network are its own, so classes running side by side do not see each other's
/// containers; everything it made in Docker is removed afterwards.
/// </summary>
public sealed class PopdServer : IAsyncLifetime
{
    public const string Image = "nfp/base:latest";
    public const string User = "tester";
    public const string Password = "correct horse battery staple";

    private readonly PostgresDatabase _db = new();
    private WebApplicationFactory<PopdOptions> _factory = null!;

    public string PopName { get; } = $"t{Guid.NewGuid():N}"[..12];

    public string DefaultNetwork { get; init; }

    public PopdServer() => DefaultNetwork = $"{PopName}-private";

    /// <summary>
    /// bcrypt's cost for the user's password hash: 4 (~1 ms a check) keeps logins quick; a test timing
    /// logins takes more, so that the check, not the machine's noise, is what it measures.
    /// </summary>
    public int PasswordWorkFactor { get; init; } = 4;

    /// <summary>The default network's subnet, one of the test block's (see <see cref="PopdProcess.DefaultNetworkSubnet"/>).</summary>
    public string DefaultNetworkSubnet { get; } = TestSubnets.Next().Ipv4;

    public ManualClock Clock { get; } = new();

    public PopClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var image = await DockerCli.TryRunAsync("image", "inspect", Image);
        Assert.True(image.ExitCode == 0, $"{Image} is missing: run deploy/images/build.sh (deploy/test.sh does).");
        await _db.InitializeAsync();
        _factory = new WebApplicationFactory<PopdOptions>().WithWebHostBuilder(host =>
        {
            host.UseSetting("ConnectionStrings:Postgres", _db.ConnectionString);
            host.UseSetting("Popd:PopName", PopName);
            host.UseSetting("Popd:DefaultNetwork", DefaultNetwork);
            host.UseSetting("Popd:DefaultNetworkSubnet", DefaultNetworkSubnet);
            host.UseSetting("Popd:StopTimeoutSeconds", "2");
            host.UseSetting("Popd:Users:0:Name", User);
            host.UseSetting("Popd:Users:0:PasswordHash", BCrypt.Net.BCrypt.HashPassword(Password, PasswordWorkFactor));
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        Client = NewClient(Password);
        await Client.InfoAsync();
    }

    /// <summary>A client of its own (its own token), logging in with <paramref name="password"/>.</summary>
    public PopClient NewClient(string password) =>
        PopClient.Over(new PopClientOptions(_factory.Server.BaseAddress.ToString(), User, password), _factory.Server.CreateHandler());

    /// <summary>A channel to popd with no Pop client in the way, for calls that client cannot make (bytes that are no message).</summary>
    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(_factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = _factory.Server.CreateHandler() });

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        await _factory.DisposeAsync();
        await DockerCli.RemoveLabelledAsync($"{DockerEngine.PopLabel}={PopName}");
        await _db.DisposeAsync();
    }
}
