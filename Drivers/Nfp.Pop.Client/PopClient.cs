using System.Collections.Concurrent;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Nfp.Pop.Protocol;
using GrpcMetadata = Grpc.Core.Metadata;

namespace Nfp.Pop.Client;

/// <summary>
/// A Pop client: logs in on first use, sends the token with every call, and when popd says the token
/// is unknown or expired (PERMISSION_DENIED) logs in again and retries the call once. Clients come from
/// <see cref="For"/>, one per (address, user), each with its own pooled gRPC channel.
/// </summary>
public sealed class PopClient : IDisposable
{
    private static readonly ConcurrentDictionary<(string Address, string User), PopClient> Pool = new();

    /// <summary>
    /// The HTTP authority of calls over a Unix socket. A reserved name that never resolves (RFC 2606), so
    /// no call of a unix: client can reach a TCP host; the HTTP handler prints it after a connect error.
    /// </summary>
    private const string UnixAuthority = "http://popd.invalid";

    private readonly GrpcChannel _channel;
    private readonly Protocol.Pop.PopClient _pop;
    private readonly PopClientOptions _options;
    private readonly SemaphoreSlim _login = new(1, 1);
    private string? _token;

    private PopClient(PopClientOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _channel = Channel(options, handler);
        _pop = new Protocol.Pop.PopClient(_channel);
    }

    /// <summary>The shared client of this address and user (a new one when the password differs).</summary>
    public static PopClient For(PopClientOptions options) =>
        Pool.AddOrUpdate((options.Address, options.Username),
            _ => new PopClient(options, null),
            (_, existing) => existing._options == options ? existing : new PopClient(options, null));

    /// <summary>A client over a given HTTP handler (an in-process test server); not pooled.</summary>
    public static PopClient Over(PopClientOptions options, HttpMessageHandler handler) => new(options, handler);

    /// <summary>The generated stub, for calls that manage their own token (Login, or a test of refusals).</summary>
    public Protocol.Pop.PopClient Raw => _pop;

    public async Task<IReadOnlyList<Container>> ContainersAsync(Filter? filter = null, CancellationToken cancellationToken = default) =>
        (await CallAsync((headers, ct) => _pop.ContainersAsync(filter ?? new Filter(), headers, cancellationToken: ct), cancellationToken)).List;

    public async Task<IReadOnlyList<Network>> NetworksAsync(Filter? filter = null, CancellationToken cancellationToken = default) =>
        (await CallAsync((headers, ct) => _pop.NetworksAsync(filter ?? new Filter(), headers, cancellationToken: ct), cancellationToken)).List;

    public async Task<IReadOnlyList<Image>> ImagesAsync(Filter? filter = null, CancellationToken cancellationToken = default) =>
        (await CallAsync((headers, ct) => _pop.ImagesAsync(filter ?? new Filter(), headers, cancellationToken: ct), cancellationToken)).List;

    public async Task<IReadOnlyList<Flavour>> FlavoursAsync(Filter? filter = null, CancellationToken cancellationToken = default) =>
        (await CallAsync((headers, ct) => _pop.FlavoursAsync(filter ?? new Filter(), headers, cancellationToken: ct), cancellationToken)).List;

    public Task<Container> CreateAsync(ContainerConfig config, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.CreateAsync(config, headers, cancellationToken: ct), cancellationToken);

    public Task SetMetadataAsync(Filter filter, IDictionary<string, string> entries, CancellationToken cancellationToken = default) =>
        SetMetadataAsync(filter, entries, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Metadata and secret metadata (files in /run/secrets once started; popd never answers their values).</summary>
    public Task SetMetadataAsync(Filter filter, IDictionary<string, string> entries, IDictionary<string, string> secrets,
        CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.MetadataAsync(new NewMetadata
        {
            Filter = filter,
            Md = new Protocol.Metadata { Entries = { entries } },
            SecretMd = new Protocol.Metadata { Entries = { secrets } },
        }, headers, cancellationToken: ct), cancellationToken);

    public Task<Container> StartAsync(Filter filter, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.StartAsync(filter, headers, cancellationToken: ct), cancellationToken);

    public Task StopAsync(Filter filter, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.StopAsync(filter, headers, cancellationToken: ct), cancellationToken);

    public Task DeleteAsync(Filter filter, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.DeleteAsync(filter, headers, cancellationToken: ct), cancellationToken);

    public Task<Infos> InfoAsync(CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.InfoAsync(new Empty(), headers, cancellationToken: ct), cancellationToken);

    public Task<Network> CreateNetworkAsync(NetworkConfig config, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.CreateNetworkAsync(config, headers, cancellationToken: ct), cancellationToken);

    public Task DeleteNetworkAsync(Filter filter, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.DeleteNetworkAsync(filter, headers, cancellationToken: ct), cancellationToken);

    public Task<Container> PlugAsync(Filter filter, string network, Endpoint? endpoint = null, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.PlugAsync(new PlugRequest { Filter = filter, Network = network, Endpoint = endpoint ?? new Endpoint() }, headers, cancellationToken: ct), cancellationToken);

    public Task<Container> UnplugAsync(Filter filter, string network, CancellationToken cancellationToken = default) =>
        CallAsync((headers, ct) => _pop.UnplugAsync(new UnplugRequest { Filter = filter, Network = network }, headers, cancellationToken: ct), cancellationToken);

    /// <summary>The containers the filter names as they are, then each change, until cancelled.</summary>
    public async IAsyncEnumerable<Container> WatchAsync(Filter? filter = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var token = _token ?? await LoginAsync(null, cancellationToken);
        using var call = _pop.Watch(filter ?? new Filter(), Headers(token), cancellationToken: cancellationToken);
        await foreach (var container in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return container;
        }
    }

    /// <summary>
    /// <see cref="WatchAsync"/> until <paramref name="cancellationToken"/> ends it: each container as it is
    /// and then as it changes, to <paramref name="changed"/>. A stream that breaks (popd restarting) is told
    /// to <paramref name="lost"/> and opened again a second later, beginning again with every container as it is.
    /// </summary>
    public async Task FollowAsync(Filter? filter, Func<Container, Task> changed, Action<RpcException>? lost, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var container in WatchAsync(filter, cancellationToken))
                {
                    await changed(container);
                }
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                lost?.Invoke(e);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Revokes the token, if the client holds one.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _token, null) is { } token)
        {
            await _pop.LogoutAsync(new Empty(), Headers(token), cancellationToken: cancellationToken);
        }
    }

    public void Dispose()
    {
        _channel.Dispose();
        _login.Dispose();
    }

    /// <summary>Runs a call with the token; on PERMISSION_DENIED logs in again and runs it once more.</summary>
    private async Task<T> CallAsync<T>(Func<GrpcMetadata, CancellationToken, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        var token = _token ?? await LoginAsync(null, cancellationToken);
        try
        {
            return await call(Headers(token), cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            return await call(Headers(await LoginAsync(token, cancellationToken)), cancellationToken);
        }
    }

    /// <summary>Logs in unless another caller already replaced <paramref name="stale"/>.</summary>
    private async Task<string> LoginAsync(string? stale, CancellationToken cancellationToken)
    {
        await _login.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } current && current != stale)
            {
                return current;
            }
            var reply = await _pop.LoginAsync(new Credentials { Username = _options.Username, Password = _options.Password },
                cancellationToken: cancellationToken);
            return _token = reply.Value;
        }
        finally
        {
            _login.Release();
        }
    }

    private static GrpcMetadata Headers(string token) => [new GrpcMetadata.Entry("token", token)];

    /// <summary>
    /// Connects to popd's Unix socket, and names the socket when that fails: .NET reports a missing socket
    /// file (ENOENT) as "Cannot assign requested address", and the HTTP handler adds the channel's
    /// authority, so the bare error read as a TCP connect to localhost:80.
    /// </summary>
    private static async ValueTask<Stream> ConnectUnixAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var reason = e.SocketErrorCode == SocketError.AddressNotAvailable ? "no such socket (is popd listening there?)" : e.Message;
            throw new IOException($"popd's socket unix:{path}: {reason}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static GrpcChannel Channel(PopClientOptions options, HttpMessageHandler? handler)
    {
        if (handler is not null)
        {
            return GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions { HttpHandler = handler });
        }
        if (options.Address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = options.Address["unix:".Length..];
            // With a ConnectCallback the channel opens every connection through it (no load balancer of its own).
            var socketHandler = new SocketsHttpHandler { ConnectCallback = (_, ct) => ConnectUnixAsync(path, ct) };
            return GrpcChannel.ForAddress(UnixAuthority, new GrpcChannelOptions { HttpHandler = socketHandler });
        }
        // https addresses get TLS with the system's trust store; http ones speak h2c.
        var sockets = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        return GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions { HttpHandler = sockets });
    }
}
