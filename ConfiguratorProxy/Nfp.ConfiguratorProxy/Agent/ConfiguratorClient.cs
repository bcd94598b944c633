using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;

namespace Nfp.ConfiguratorProxy.Agent;

/// <summary>The configurator's REST API, reached over the proxy's Unix socket.</summary>
internal sealed class ConfiguratorClient(HttpClient http)
{
    /// <summary>The HTTP client every call uses: each connection is a connection to the Unix socket.</summary>
    public static void Configure(HttpClient http, IOptions<AgentOptions> options)
    {
        http.BaseAddress = new Uri("http://configurator/");
        http.Timeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds);
    }

    public static SocketsHttpHandler Handler(IOptions<AgentOptions> options) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(options.Value.SocketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>
    /// Calls the method: null when the configurator took the call (its answer comes as a notification),
    /// else why it refused it — the problem's detail and each field error.
    /// </summary>
    /// <exception cref="HttpRequestException">The configurator could not be reached, or failed (5xx).</exception>
    public async Task<string?> CallAsync(ConfiguratorCall call, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(ConfiguratorApiRoutes.CallPath(call.Method), call.Request, NfpJson.Options, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        if ((int)response.StatusCode >= 500)
        {
            response.EnsureSuccessStatusCode();
        }
        return Refusal(await response.Content.ReadAsStringAsync(cancellationToken), (int)response.StatusCode);
    }

    /// <summary>The configurator's notifications as the pull asks (drained or acknowledged; waiting up to its wait for the first).</summary>
    /// <exception cref="HttpRequestException">The configurator could not be reached, or refused the pull.</exception>
    public async Task<NotificationList> GetNotificationsAsync(GetNotifications pull, CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<NotificationList>(ConfiguratorApiRoutes.GetNotificationsPath(pull), NfpJson.Options, cancellationToken)
        ?? new NotificationList([]);

    /// <summary>The refusal's detail and field errors, from a problem+json body; the status when the body is something else.</summary>
    private static string Refusal(string body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var problem = document.RootElement;
            string? Text(JsonElement element, string name) =>
                element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString() : null;
            var errors = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => $"{Text(e, "field")}: {Text(e, "message")}")
                : [];
            return string.Join(" ", errors.Prepend(Text(problem, "detail") ?? $"The configurator refused the call ({status})."));
        }
        catch (JsonException)
        {
            return $"The configurator refused the call ({status}).";
        }
    }
}
