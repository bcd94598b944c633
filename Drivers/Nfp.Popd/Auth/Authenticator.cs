using Microsoft.Extensions.Options;
using Nfp.Popd.Api;
using Nfp.Popd.Configuration;

namespace Nfp.Popd.Auth;

/// <summary>Checks credentials against the configured users' bcrypt hashes and issues tokens.</summary>
internal sealed class Authenticator(IOptions<PopdOptions> options, TokenStore tokens)
{
    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT for an unknown user or a wrong password.</exception>
    public async Task<string> LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        var user = options.Value.Users.FirstOrDefault(u => u.Name == username);
        // Both failures read the same, so that a caller cannot probe for user names.
        if (user is null || string.IsNullOrEmpty(password) || !BCrypt.Net.BCrypt.Verify(password, user.PasswordHash))
        {
            throw PopErrors.InvalidArgument("Bad credentials.");
        }
        return await tokens.IssueAsync(user.Name, cancellationToken);
    }
}
