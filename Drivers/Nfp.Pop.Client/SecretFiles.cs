namespace Nfp.Pop.Client;

/// <summary>
/// Secret metadata kept as a folder of files, one per key, named by it — the shape popd gives it inside
/// the container (/run/secrets/KEY) — so that no secret needs a command line or an environment variable
/// to reach popd: <c>nfp pop spawn --secrets DIR</c>, and the configurator proxy making its container again.
/// </summary>
public static class SecretFiles
{
    /// <summary>Each file of <paramref name="directory"/> as KEY → its text, without a final line break.</summary>
    public static Dictionary<string, string> Read(string directory) =>
        Directory.GetFiles(directory).ToDictionary(file => Path.GetFileName(file), file => File.ReadAllText(file).TrimEnd('\n'), StringComparer.Ordinal);
}
