namespace Nfp.Popd.Configuration;

/// <summary>A user who may log in; <see cref="PasswordHash"/> is a bcrypt hash.</summary>
public sealed class PopUser
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
