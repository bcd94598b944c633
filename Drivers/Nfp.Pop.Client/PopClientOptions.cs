using System.Text;

namespace Nfp.Pop.Client;

/// <summary>
/// Where a popd is and who logs in. <see cref="Address"/> is <c>http://HOST:PORT</c>,
/// <c>https://HOST:PORT</c> (TLS) or <c>unix:PATH</c>.
/// </summary>
public sealed record PopClientOptions(string Address, string Username, string Password)
{
    /// <summary>Keeps the password out of the record's printed form (and so out of any log of it).</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Address = ").Append(Address).Append(", Username = ").Append(Username).Append(", Password = ***");
        return true;
    }
}
