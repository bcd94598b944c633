using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Nfp.Popd.Api;
using Nfp.Popd.Configuration;

namespace Nfp.Popd.Secrets;

/// <summary>
/// Secret metadata at rest: each value AES-256-GCM encrypted under popd's secret key, with the container's
/// id and the key's name as associated data (a value copied to another row or key does not decrypt), stored
/// as base64 of nonce ‖ tag ‖ ciphertext. Encrypted rather than hashed because popd must give the value
/// back — to the container, at Start. The key is the file <see cref="PopdOptions.SecretKeyFile"/> (32 random
/// bytes, made mode 0600 when missing), so that secrets set before a restart of popd still start their
/// container; without one it is made at start and lives only in memory, and a container whose secrets a
/// previous popd encrypted must have them set again before it starts.
/// </summary>
internal sealed class SecretMetadata
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public SecretMetadata(IOptions<PopdOptions> options) => _key = KeyOf(options.Value.SecretKeyFile);

    public string Encrypt(Guid containerId, string name, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBox = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), AssociatedData(containerId, name));
        return Convert.ToBase64String(sealedBox);
    }

    /// <exception cref="Grpc.Core.RpcException">FAILED_PRECONDITION: the value was encrypted under another key (or altered).</exception>
    public string Decrypt(Guid containerId, string name, string stored)
    {
        try
        {
            var sealedBox = Convert.FromBase64String(stored);
            var plain = new byte[sealedBox.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plain,
                AssociatedData(containerId, name));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or OverflowException)
        {
            throw PopErrors.FailedPrecondition(
                $"Secret metadata '{name}' cannot be read with this popd's secret key (set without a key file before a restart?); set it again.");
        }
    }

    private static byte[] AssociatedData(Guid containerId, string name) => Encoding.UTF8.GetBytes($"{containerId:D}/{name}");

    private static byte[] KeyOf(string path)
    {
        if (path.Length == 0)
        {
            return RandomNumberGenerator.GetBytes(32);
        }
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using var file = new FileStream(path, create);
            file.Write(RandomNumberGenerator.GetBytes(32));
        }
        var key = File.ReadAllBytes(path);
        return key.Length == 32 ? key : throw new InvalidOperationException($"{PopdOptions.Section}:SecretKeyFile {path} must hold 32 bytes, not {key.Length}.");
    }
}
