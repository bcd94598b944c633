using System.Formats.Tar;
using System.Text;

namespace Nfp.Hosting;

/// <summary>
/// A container's secrets as files: a tar of /run/secrets (mode 0700) with each secret as a file named by its
/// key, mode 0400, owned by root — what the container reads with the key-per-file configuration provider,
/// or a shell script with <c>cat</c>. Copied into a created container before it starts (Docker's
/// ExtractArchiveToContainer at /), it is in no <c>docker inspect</c> answer. popd gives a device its
/// secrets this way; the benches' direct devices do the same.
/// </summary>
public static class SecretFiles
{
    /// <summary>The archive of <paramref name="secrets"/> (key → value), positioned at its start.</summary>
    public static MemoryStream Archive(IReadOnlyDictionary<string, string> secrets)
    {
        var archive = new MemoryStream();
        using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "run/secrets/")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            });
            foreach (var (key, value) in secrets)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"run/secrets/{key}")
                {
                    Mode = UnixFileMode.UserRead,
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(value)),
                });
            }
        }
        archive.Position = 0;
        return archive;
    }
}
