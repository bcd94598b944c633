using System.Text.RegularExpressions;

namespace Nfp.Popd.Api;

/// <summary>Names of containers and networks: what Docker accepts and a host name can be (1-63 characters).</summary>
internal static partial class PopNames
{
    public static void Require(string field, string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw PopErrors.InvalidArgument($"{field} must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$")]
    private static partial Regex Pattern();
}
