namespace Nfp.Cli.Pop;

/// <summary>The popd a command talks to: its address (as <c>PopClientOptions.Address</c> takes it) and who logs in.</summary>
public sealed record PopTarget(string Host, PopCredentials Credentials)
{
    /// <summary>Where popd listens unless <c>--host</c> or <c>POP_HOST</c> say otherwise (popd's own default).</summary>
    public const string DefaultHost = "http://127.0.0.1:60000";

    /// <summary>
    /// <c>http://HOST:PORT</c>, <c>https://HOST:PORT</c> and <c>unix:PATH</c> as they are; a bare
    /// <c>HOST:PORT</c> (how popd's <c>Listen</c> setting is written) becomes <c>http://HOST:PORT</c>.
    /// Null for anything else.
    /// </summary>
    public static string? NormalizeHost(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            return text.Length > "unix:".Length ? text : null;
        }
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : $"http://{text}";
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
            ? withScheme
            : null;
    }
}
