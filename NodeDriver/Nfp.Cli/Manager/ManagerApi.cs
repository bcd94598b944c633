using System.CommandLine;
using System.Net.Http.Headers;

namespace Nfp.Cli.Manager;

/// <summary>
/// How the CLI reaches the manager's REST API: <c>--url</c> (else <c>NFP_MANAGER_URL</c>, else
/// /etc/nfp/operator.env's, else http://127.0.0.1:9797) and the caller's bearer token <c>--token</c> (else
/// <c>NFP_TOKEN</c>, else /etc/nfp/operator.env's: the admin token deploy/up.sh wrote). Shared by
/// <c>nfp service</c>, <c>nfp nsd</c> and <c>nfp token</c>.
/// </summary>
public sealed class ManagerApi(HttpMessageHandler handler, Func<string, string?> environment)
{
    public const string OperatorEnv = "/etc/nfp/operator.env";
    public const string UrlVariable = "NFP_MANAGER_URL";
    public const string TokenVariable = "NFP_TOKEN";

    /// <summary>How long one request may take before the command gives up on the manager.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public Option<string?> Url { get; } = new("--url") { Description = $"the manager's REST API [default: ${UrlVariable}]", Recursive = true };

    public Option<string?> Token { get; } = new("--token") { Description = $"the caller's bearer token [default: ${TokenVariable}]", Recursive = true };

    /// <summary>An HTTP client of the manager with the caller's token, or null (with why) when the command line and environment give none.</summary>
    public (HttpClient? Client, string Problem) Connect(ParseResult parse)
    {
        var operatorEnv = File.Exists(OperatorEnv) ? File.ReadAllLines(OperatorEnv) : [];
        string? FromFile(string key) => operatorEnv.Where(l => l.StartsWith($"{key}=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]).FirstOrDefault();
        var url = parse.GetValue(Url) ?? environment(UrlVariable) ?? FromFile(UrlVariable) ?? "http://127.0.0.1:9797";
        var bearer = parse.GetValue(Token) ?? environment(TokenVariable) ?? FromFile(TokenVariable);
        if (string.IsNullOrWhiteSpace(bearer) || !Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress)
            || baseAddress.Scheme is not ("http" or "https"))
        {
            return (null, $"give the manager as --url http://… and a token as --token (or {UrlVariable} and {TokenVariable}, or {OperatorEnv}).");
        }
        var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = RequestTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return (client, "");
    }
}
