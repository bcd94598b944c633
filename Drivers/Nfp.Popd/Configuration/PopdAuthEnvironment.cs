namespace Nfp.Popd.Configuration;

/// <summary>
/// <c>POPD_AUTH=user:pass[,user2:pass2]</c>: users given in the environment, as the original docker-popd
/// took them. The passwords are hashed as they are read and never kept in clear.
/// </summary>
public static class PopdAuthEnvironment
{
    public const string Variable = "POPD_AUTH";

    /// <exception cref="FormatException">An entry is not <c>user:pass</c> with both parts non-empty.</exception>
    public static IEnumerable<PopUser> Parse(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == entry.Length - 1)
            {
                throw new FormatException($"{Variable} must be user:password[,user2:password2]; an entry is not.");
            }
            return new PopUser
            {
                Name = entry[..colon],
                PasswordHash = BCrypt.Net.BCrypt.HashPassword(entry[(colon + 1)..]),
            };
        });
}
