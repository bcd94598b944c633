namespace Nfp.Popd.Engine;

/// <summary>
/// An image name read as Docker reads a reference (<c>docker run NAME</c>): no tag means <c>latest</c>, a
/// tag or a digest is matched exactly, and Docker Hub's long spellings (<c>docker.io/</c>,
/// <c>index.docker.io/</c>, <c>library/</c>) are the short names <c>docker image ls</c> shows.
/// </summary>
internal static class ImageReference
{
    private const string Latest = ":latest";
    private const string Library = "library/";
    private static readonly string[] Hub = ["docker.io/", "index.docker.io/"];

    /// <summary>Whether <paramref name="reference"/> names an image Docker lists with these tags and digests.</summary>
    public static bool Names(string reference, IEnumerable<string>? repoTags, IEnumerable<string>? repoDigests)
    {
        var wanted = Familiar(reference);
        return (repoTags ?? []).Concat(repoDigests ?? []).Any(listed => Familiar(listed) == wanted);
    }

    /// <summary>
    /// The form Docker lists a reference in: <c>nfp/base</c> is <c>nfp/base:latest</c>,
    /// <c>docker.io/library/debian</c> is <c>debian:latest</c>, and <c>NAME:TAG@DIGEST</c> is
    /// <c>NAME@DIGEST</c> (the digest alone decides, as in Docker).
    /// </summary>
    private static string Familiar(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? reference : reference[..at];
        // A colon after the last slash starts the tag; one before it is a registry's port.
        var colon = name.LastIndexOf(':');
        var tag = colon > name.LastIndexOf('/') ? name[colon..] : "";
        var repository = name[..(name.Length - tag.Length)];
        if (Hub.FirstOrDefault(prefix => repository.StartsWith(prefix, StringComparison.Ordinal)) is { } hub)
        {
            repository = repository[hub.Length..];
        }
        if (repository.StartsWith(Library, StringComparison.Ordinal) && !repository[Library.Length..].Contains('/', StringComparison.Ordinal))
        {
            repository = repository[Library.Length..];
        }
        return at >= 0 ? repository + reference[at..]
            : repository + (tag.Length > 0 ? tag : Latest);
    }
}
