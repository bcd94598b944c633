using System.Diagnostics;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// RabbitMQ users of NFP's components for one queue prefix, made as deploy/bootstrap.sh makes those of
/// prefix <c>nfp</c> — by deploy/rabbitmq-user.sh, so that the permissions tested are the ones deployed —
/// and deleted afterwards. Each is named <c>{prefix}-{component}</c>, in the vhost of <see cref="NfpEnvironment.RabbitMq"/>.
/// </summary>
public sealed class ComponentUsers : IAsyncLifetime
{
    public const string Manager = "manager";
    public const string NodeDriver = "node-driver";
    public const string ConfiguratorAgent = "configurator-agent";

    private static readonly string[] Components = [Manager, NodeDriver, ConfiguratorAgent];

    private readonly string _password = Guid.NewGuid().ToString("N");

    public string QueuePrefix { get; } = $"t{Guid.NewGuid():N}"[..10];

    /// <summary>The amqp:// URI <paramref name="component"/>'s user logs in with.</summary>
    public string RabbitMq(string component)
    {
        var broker = new UriBuilder(NfpEnvironment.RabbitMq) { UserName = User(component), Password = _password };
        return broker.Uri.ToString();
    }

    public async Task InitializeAsync()
    {
        foreach (var component in Components)
        {
            var made = await RunAsync(Script, [component, User(component), QueuePrefix, Vhost], _password + "\n");
            Assert.True(made.ExitCode == 0, $"deploy/rabbitmq-user.sh {component} failed: {made.Output}");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var component in Components)
        {
            await RunAsync("rabbitmqctl", ["-s", "delete_user", User(component)]);
        }
    }

    private string User(string component) => $"{QueuePrefix}-{component}";

    private static string Vhost => Uri.UnescapeDataString(new Uri(NfpEnvironment.RabbitMq).AbsolutePath.TrimStart('/'));

    private static string Script
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder.FullName, "NFP.sln")))
            {
                folder = folder.Parent ?? throw new InvalidOperationException($"No NFP.sln above {AppContext.BaseDirectory}.");
            }
            return Path.Combine(folder.FullName, "deploy", "rabbitmq-user.sh");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string? input = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
