using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nfp.Popd.Api;
using Nfp.Popd.Configuration;

namespace Nfp.Popd.Auth;

/// <summary>
/// Checks credentials against the configured users' bcrypt hashes and issues tokens. An unknown user is
/// checked against a hash of the same cost as the users', so that it takes as long as a wrong password
/// and a caller cannot tell names apart by time (it answered ~4× faster before); repeated failures back
/// off (<see cref="LoginThrottle"/>).
/// </summary>
internal sealed class Authenticator(IOptions<PopdOptions> options, TokenStore tokens, LoginThrottle throttle)
{
    private readonly Lazy<string> _decoy = new(() => BCrypt.Net.BCrypt.HashPassword(
        Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        options.Value.Users.Select(u => WorkFactorOf(u.PasswordHash)).DefaultIfEmpty(11).Max()));

    /// <exception cref="Grpc.Core.RpcException">
    /// INVALID_ARGUMENT for an unknown user or a wrong password; RESOURCE_EXHAUSTED while logins of the name
    /// from <paramref name="peer"/> are closed after repeated failures.
    /// </exception>
    public async Task<string> LoginAsync(string username, string password, string peer, CancellationToken cancellationToken)
    {
        var key = $"{username}\n{peer}";
        if (throttle.Closed(key) is { } wait)
        {
            throw PopErrors.ResourceExhausted($"Too many failed logins: try again in {Math.Ceiling(wait.TotalSeconds):0} s.");
        }
        var user = options.Value.Users.FirstOrDefault(u => u.Name == username);
        var matches = BCrypt.Net.BCrypt.Verify(password, user?.PasswordHash ?? _decoy.Value);
        // Both failures read the same, so that a caller cannot probe for user names.
        if (user is null || string.IsNullOrEmpty(password) || !matches)
        {
            throttle.Failed(key);
            throw PopErrors.InvalidArgument("Bad credentials.");
        }
        throttle.Passed(key);
        return await tokens.IssueAsync(user.Name, cancellationToken);
    }

    /// <summary>The cost of a bcrypt hash ($2a$11$…: 11).</summary>
    private static int WorkFactorOf(string hash) =>
        hash.Split('$') is [_, _, var cost, ..] && int.TryParse(cost, out var factor) ? factor : 11;
}
