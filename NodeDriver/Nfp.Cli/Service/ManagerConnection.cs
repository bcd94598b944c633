using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nfp.NodeDriver;

namespace Nfp.Cli.Service;

/// <summary>
/// The CLI's way to the manager: the node driver's client (<c>AddNfpNodeDriver</c>, as a plugin host has
/// it) with its bus started on the target's RabbitMQ. Disposing it stops the bus.
/// </summary>
public sealed class ManagerConnection : IAsyncDisposable
{
    /// <summary>
    /// How long the bus may take to connect. MassTransit retries a refused connection until it is cancelled,
    /// so without this an unreachable RabbitMQ would hold the command until a request timed out.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _services;

    private ManagerConnection(ServiceProvider services) => _services = services;

    public INetworkServiceClient Client => _services.GetRequiredService<INetworkServiceClient>();

    /// <exception cref="RabbitMqUnreachableException">The bus did not connect within <see cref="ConnectTimeout"/>.</exception>
    public static async Task<ManagerConnection> OpenAsync(ServiceTarget target, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddNfpNodeDriver(options => (options.RabbitMq, options.QueuePrefix) = (target.RabbitMq, target.QueuePrefix))
            .BuildServiceProvider();
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connecting.CancelAfter(ConnectTimeout);
        try
        {
            await services.GetRequiredService<IBusControl>().StartAsync(connecting.Token);
            return new ManagerConnection(services);
        }
        catch (Exception e) when (e is RabbitMqConnectionException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await services.DisposeAsync();
            throw new RabbitMqUnreachableException(target.Broker, Innermost(e).Message, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<IBusControl>().StopAsync(StopTimeout);
        await _services.DisposeAsync();
    }

    // MassTransit's own message names the user and vhost; the socket's or the broker's says why.
    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
