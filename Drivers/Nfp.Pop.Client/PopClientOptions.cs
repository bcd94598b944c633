namespace Nfp.Pop.Client;

/// <summary>
/// Where a popd is and who logs in. <see cref="Address"/> is <c>http://HOST:PORT</c>,
/// <c>https://HOST:PORT</c> (TLS) or <c>unix:PATH</c>.
/// </summary>
public sealed record PopClientOptions(string Address, string Username, string Password);
