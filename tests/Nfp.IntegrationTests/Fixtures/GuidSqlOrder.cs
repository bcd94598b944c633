namespace Nfp.IntegrationTests.Fixtures;

/// <summary>Orders UUIDs as PostgreSQL does: by their 16 bytes in big-endian (textual) order.</summary>
public sealed class GuidSqlOrder : IComparer<Guid>
{
    public static readonly GuidSqlOrder Instance = new();

    public int Compare(Guid x, Guid y) => string.CompareOrdinal(x.ToString(), y.ToString());
}
