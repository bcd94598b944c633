namespace Nfp.Cli.Pop;

/// <summary>
/// A popd user and password, from <c>--auth user:password</c> or <c>POP_AUTH</c>. The password is never
/// printed: <see cref="ToString"/> leaves it out, and no error message repeats what was given.
/// </summary>
public sealed record PopCredentials(string User, string Password)
{
    /// <summary><c>user:password</c>, split at the first colon (a password may hold colons); null if malformed.</summary>
    public static PopCredentials? Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : new PopCredentials(text[..colon], text[(colon + 1)..]);
    }

    public override string ToString() => $"{User}:***";
}
