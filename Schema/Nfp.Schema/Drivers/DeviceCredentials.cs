using System.Security.Cryptography;
using System.Text;

namespace Nfp.Schema.Drivers;

/// <summary>
/// Each device's own agent credential: the password is HMAC-SHA256, under the agent secret its lifecycle
/// driver and the configurator's vendor drivers share, of the device's id (in its 36-character form), in
/// lower-case hex, 32 characters. No two devices — of one tenant or of several — share a password, and
/// neither side keeps one per device: the driver gives it to the device when it makes it (the file
/// <c>/run/secrets/NFP_AGENT_PASSWORD</c>, with the id as <c>NFP_DEVICE_ID</c> in its environment), the vendor
/// driver works it out from the device id of each call.
/// </summary>
public static class DeviceCredentials
{
    public const string Username = "nfp";

    /// <summary>The key (and file name under /run/secrets) the device's password is given by.</summary>
    public const string PasswordKey = "NFP_AGENT_PASSWORD";

    public static string Password(string agentSecret, Guid nsdId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(agentSecret), Encoding.UTF8.GetBytes(nsdId.ToString("D"))))[..32];

    /// <summary>The device's user and password as an HTTP Basic authorization parameter (base64 of <c>nfp:password</c>).</summary>
    public static string BasicParameter(string agentSecret, Guid nsdId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password(agentSecret, nsdId)}"));
}
