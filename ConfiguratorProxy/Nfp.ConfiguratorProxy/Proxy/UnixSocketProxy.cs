using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Nfp.Hosting;
using Microsoft.Extensions.Options;

namespace Nfp.ConfiguratorProxy.Proxy;

/// <summary>
/// The proxy: listens on a Unix socket and forwards each connection, byte for byte, to the configurator
/// over TCP wrapped in mutual TLS (its client certificate, the configurator's pinned: <see cref="ProxyTlsOptions"/>).
/// It knows nothing of HTTP — the agent's requests pass through as they are — so it is written here on
/// sockets rather than with a reverse-proxy library; what it adds is the proxy's identity, which only it
/// holds (the agent, and anyone else who may open the socket, never sees the key), and bounds: a connect
/// and handshake timeout, an idle timeout, and at most <see cref="ProxyOptions.MaxConnections"/> connections at once.
/// </summary>
internal sealed partial class UnixSocketProxy(IOptions<ProxyOptions> options, ConfiguratorTarget target, ILogger<UnixSocketProxy> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Supervise.Pop.Length == 0)
        {
            var (host, port) = ParseConfigurator(settings.Configurator);
            target.Set(host, port);
        }
        if (settings.MaxConnections < 1 || settings.IdleTimeoutSeconds < 1 || settings.ConnectTimeoutMilliseconds < 1)
        {
            throw new InvalidOperationException(
                $"{ProxyOptions.Section}: MaxConnections, IdleTimeoutSeconds and ConnectTimeoutMilliseconds must be at least 1.");
        }
        if (settings.Tls.Certificate.Length == 0 || settings.Tls.ConfiguratorCertificateSha256.Length != 64)
        {
            throw new InvalidOperationException(
                $"{ProxyOptions.Section}:Tls:Certificate (a PEM file) and :ConfiguratorCertificateSha256 (64 hex digits) are required: the configurator answers only its proxy.");
        }
        // Kept for the service's life: forwarding tasks may still use it while the service stops.
        var certificate = PinnedCertificates.FromPem(await File.ReadAllTextAsync(settings.Tls.Certificate, stoppingToken));
        File.Delete(settings.SocketPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.SocketPath))!);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(settings.SocketPath));
        listener.Listen(settings.MaxConnections);
        LogListening(settings.SocketPath, settings.Supervise.Pop.Length == 0 ? settings.Configurator : $"container {settings.Supervise.Container}");
        // Not disposed: forwarding tasks may still release it while the service stops.
        var slots = new SemaphoreSlim(settings.MaxConnections);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                Socket agent;
                try
                {
                    agent = await listener.AcceptAsync(stoppingToken);
                }
                catch (SocketException e)
                {
                    // Out of descriptors, a connection reset before it was taken: not the listener's end.
                    slots.Release();
                    LogAcceptFailed(e.Message);
                    await Task.Delay(100, stoppingToken);
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ForwardAsync(agent, settings, certificate, stoppingToken);
                    }
                    finally
                    {
                        agent.Dispose();
                        slots.Release();
                    }
                }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            File.Delete(settings.SocketPath);
        }
    }

    private async Task ForwardAsync(Socket agent, ProxyOptions settings, X509Certificate2 certificate, CancellationToken stopping)
    {
        if (target.Current is not var (host, port))
        {
            // The supervised configurator is dead or being made again: the agent's call fails now, not at a timeout.
            LogNoConfigurator();
            return;
        }
        using var configurator = new Socket(SocketType.Stream, ProtocolType.Tcp);
        SslStream? tls = null;
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connecting.CancelAfter(settings.ConnectTimeoutMilliseconds);
            try
            {
                await configurator.ConnectAsync(host, port, connecting.Token);
                tls = new SslStream(new NetworkStream(configurator, ownsSocket: false));
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    ClientCertificates = [certificate],
                    // The pin is the whole check: the certificate is self-signed, and the configurator's address changes.
                    RemoteCertificateValidationCallback = (_, presented, _, _) =>
                        PinnedCertificates.Matches(presented, settings.Tls.ConfiguratorCertificateSha256),
                }, connecting.Token);
            }
            catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
                                          or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                LogUnreachable($"{host}:{port}", e.Message);
                if (tls is not null)
                {
                    await tls.DisposeAsync();
                }
                return;
            }
        }
        await using var _ = tls;
        await using var agentStream = new NetworkStream(agent, ownsSocket: false);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var lastMoved = Environment.TickCount64;
        async Task PumpAsync(Stream from, Stream to, Func<Task> endOfInput)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, idle.Token)) > 0)
                {
                    Interlocked.Exchange(ref lastMoved, Environment.TickCount64);
                    await to.WriteAsync(buffer.AsMemory(0, read), idle.Token);
                }
                await endOfInput();
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                await idle.CancelAsync();
            }
        }
        // The end of the agent's input is TLS's close_notify to the configurator; the end of the configurator's, a half-close to the agent.
        var pumps = Task.WhenAll(PumpAsync(agentStream, tls, () => tls.ShutdownAsync()),
            PumpAsync(tls, agentStream, () =>
            {
                agent.Shutdown(SocketShutdown.Send);
                return Task.CompletedTask;
            }));
        var limit = TimeSpan.FromSeconds(settings.IdleTimeoutSeconds);
        while (!pumps.IsCompleted)
        {
            // The idle timeout is at least a second (checked at start): look once a second.
            await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None));
            if (Environment.TickCount64 - Interlocked.Read(ref lastMoved) > limit.TotalMilliseconds)
            {
                await idle.CancelAsync();
            }
        }
        await pumps;
    }

    private static (string Host, int Port) ParseConfigurator(string value) =>
        value.LastIndexOf(':') is var colon and > 0 && int.TryParse(value[(colon + 1)..], out var port) && port is > 0 and < 65536
            ? (value[..colon].Trim('[', ']'), port)
            : throw new InvalidOperationException($"{ProxyOptions.Section}:Configurator must be host:port, not '{value}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarding {SocketPath} to the configurator at {Configurator}.")]
    private partial void LogListening(string socketPath, string configurator);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A connection on the socket could not be taken: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No configurator to forward to: it is dead or being made again.")]
    private partial void LogNoConfigurator();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configurator at {Configurator} did not take a connection (or was not the configurator): {Reason}")]
    private partial void LogUnreachable(string configurator, string reason);
}
