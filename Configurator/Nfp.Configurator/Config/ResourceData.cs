using System.Net;
using System.Text.Json;
using Nfp.Schema.Validation;

namespace Nfp.Configurator.Config;

/// <summary>Reads the fields every resource_data shares, naming what is wrong by its wire path.</summary>
internal static class ResourceData
{
    public const string MgmtIpAddress = "mgmt_ip_address";

    /// <summary>The device's management address (<c>mgmt_ip_address</c>, an IPv4 or IPv6 address), or the error.</summary>
    public static (string? Address, FieldError? Error) ReadMgmtIpAddress(JsonElement data, string path)
    {
        var field = $"{path}.{MgmtIpAddress}";
        if (!data.TryGetProperty(MgmtIpAddress, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, new FieldError(field, FieldErrorCodes.Required, $"'{field}' is required: the device's management address."));
        }
        return value.ValueKind == JsonValueKind.String && IPAddress.TryParse(value.GetString(), out var address)
            ? (address.ToString(), null)
            : (null, new FieldError(field, FieldErrorCodes.Malformed, $"'{field}' must be an IP address."));
    }
}
