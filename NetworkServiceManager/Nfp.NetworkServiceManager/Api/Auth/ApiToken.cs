using System.Text.Json.Serialization;

namespace Nfp.NetworkServiceManager.Api.Auth;

/// <summary>The roles of the operator API (Octavia's, without Keystone): who may read and write what.</summary>
public enum ApiRole
{
    /// <summary>Every tenant: reads, writes, actions, quotas and tokens.</summary>
    [JsonStringEnumMemberName("admin")] Admin,

    /// <summary>Its tenant: reads and writes.</summary>
    [JsonStringEnumMemberName("member")] Member,

    /// <summary>Its tenant: reads.</summary>
    [JsonStringEnumMemberName("reader")] Reader,
}

/// <summary>A bearer token of the operator API as it is kept (api_tokens): never the token itself, only its SHA-256.</summary>
public sealed record ApiToken(
    Guid Id, string Name, Guid? TenantId, ApiRole Role, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>A token made: its record, and the secret, which is shown this once.</summary>
public sealed record ApiTokenCreated(ApiToken Token, string Secret);

/// <summary>POST /v1/tokens: a token in <see cref="Role"/> for <see cref="TenantId"/> (none for an admin), expiring after <see cref="ExpiresInSeconds"/> if given.</summary>
public sealed record CreateApiToken(ApiRole Role, Guid? TenantId = null, string Name = "", int? ExpiresInSeconds = null);
